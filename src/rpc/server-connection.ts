// One accepted connection: decodes requests, runs their handlers concurrently and answers in
// any order. It reads no more than SERVER_CALLS_PER_CONNECTION_MAX calls ahead and stops
// reading while its answers cannot drain, so a slow client never makes the server buffer
// without bound. Bad bytes close this connection only.
import type { Socket } from 'node:net';
import type { Clock } from '../common/clock.js';
import { ColonnadeError, toWire } from '../common/errors.js';
import type { Logger } from '../common/log.js';
import { RenewingMap } from '../common/renewing-map.js';
import {
  CALL_DEADLINE_MAX_MS,
  SERVER_CALLS_PER_CONNECTION_MAX,
  SERVER_FRAMES_PER_TURN,
  SERVER_PENDING_BYTES_MAX,
  SHUTDOWN_GRACE_MS,
} from '../common/limits.js';
import { CallContext } from './call-context.js';
import { ProtocolError, ShuttingDownError, UnknownMethodError } from './errors.js';
import { FrameDecoder } from './frame.js';
import { FrameWriter } from './frame-writer.js';
import {
  CONNECTION_CALL_ID,
  MessageKind,
  decodeClientMessage,
  encodeFrame,
  encodeFrameParts,
  type ClientMessage,
  type RequestMessage,
} from './message.js';
import type { Registration } from './server-registry.js';
import { StreamSender } from './stream-sender.js';
import { Turns } from './turns.js';

/** How long a failed connection may take to flush its error frame before it is destroyed. */
const FAILED_CONNECTION_LINGER_MS = 1_000;

export interface ServerConnectionOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly lookup: (method: string) => Registration | undefined;
  readonly onClosed: (connection: ServerConnection) => void;
}

interface ActiveCall {
  readonly context: CallContext;
  stream: StreamSender | undefined;
}

export class ServerConnection {
  readonly remoteAddress: string;
  readonly #socket: Socket;
  readonly #options: ServerConnectionOptions;
  readonly #decoder = new FrameDecoder();
  readonly #writer: FrameWriter;
  readonly #calls = new RenewingMap<number, ActiveCall>();
  readonly #turns = new Turns(SERVER_FRAMES_PER_TURN, () => this.#resumeTurn());
  #goingAway = false;
  #closed = false;
  #paused = false;
  #streams = 0;
  /** Monotonic time when a partial frame started waiting for its remaining bytes. */
  #partialSinceMs: number | undefined;

  constructor(socket: Socket, options: ServerConnectionOptions) {
    this.#socket = socket;
    this.#options = options;
    this.remoteAddress = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    this.#writer = new FrameWriter(socket, () => this.#updateFlow());
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('end', () => this.#onEnd());
    socket.on('error', (error) => {
      this.#options.logger.debug({ err: error, peer: this.remoteAddress }, 'rpc socket error');
    });
    socket.on('close', () => this.#onClose());
  }

  get callsInFlight(): number {
    return this.#calls.size;
  }

  /** Monotonic ms since a partial frame began, or undefined when no frame is partial. */
  get partialSinceMs(): number | undefined {
    return this.#partialSinceMs;
  }

  /** Stops taking calls; closes once the calls in flight are answered (bounded by grace). */
  goAway(reason: string, graceMs = SHUTDOWN_GRACE_MS): void {
    if (this.#goingAway || this.#closed) return;
    this.#goingAway = true;
    this.#writer.write(encodeFrame([MessageKind.GoAway, reason]));
    const timer = this.#options.clock.setTimeout(() => this.destroy(), graceMs);
    timer.unref();
    this.#socket.once('close', () => this.#options.clock.clearTimeout(timer));
    this.#endIfIdle();
  }

  /** Sends a connection-level error, then closes the connection. */
  fail(error: ColonnadeError): void {
    if (this.#closed) return;
    this.#options.logger.warn({ peer: this.remoteAddress, code: error.code }, error.message);
    this.#goingAway = true;
    this.#writer.write(encodeFrame([MessageKind.Error, CONNECTION_CALL_ID, toWire(error)]));
    this.#socket.pause();
    this.#writer.end();
    const timer = this.#options.clock.setTimeout(() => this.destroy(), FAILED_CONNECTION_LINGER_MS);
    timer.unref();
    this.#socket.once('close', () => this.#options.clock.clearTimeout(timer));
  }

  destroy(): void {
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    if (this.#closed || this.#goingAway) return;
    if (this.#turns.waiting) {
      this.#decoder.hold(chunk);
      return;
    }
    this.#turns.begin();
    this.#decode(() => this.#decoder.push(chunk, this.#onFrame));
  }

  #resumeTurn(): void {
    if (this.#closed || this.#goingAway || this.#paused) return;
    this.#decode(() => this.#decoder.resume(this.#onFrame));
  }

  /** Runs the decoder; bad bytes fail the connection. */
  #decode(step: () => void): void {
    try {
      step();
    } catch (error) {
      this.fail(
        error instanceof ColonnadeError
          ? error
          : new ProtocolError(String(error), { cause: error }),
      );
      return;
    }
    this.#updateFlow();
  }

  /** Handles one frame; returns false once this connection has its fill of calls. */
  readonly #onFrame = (payload: Buffer): boolean => {
    if (this.#closed) return false;
    this.#handle(decodeClientMessage(payload));
    return (
      this.#calls.size < SERVER_CALLS_PER_CONNECTION_MAX && !this.#goingAway && this.#turns.take()
    );
  };

  #handle(message: ClientMessage): void {
    switch (message[0]) {
      case MessageKind.Request:
        this.#onRequest(message);
        return;
      case MessageKind.Cancel: {
        const call = this.#calls.get(message[1]);
        call?.context.abort();
        call?.stream?.wake();
        return;
      }
      case MessageKind.Credit:
        this.#calls.get(message[1])?.stream?.grant(message[2]);
        return;
    }
  }

  #onRequest(message: RequestMessage): void {
    const [, id, method, timeoutMs, body, windowChunks] = message;
    if (this.#calls.has(id)) {
      throw new ProtocolError(`call id ${id} is already in flight on this connection`);
    }
    if (this.#goingAway) {
      this.#sendError(id, new ShuttingDownError('connection is closing; send calls elsewhere'));
      return;
    }
    const registration = this.#options.lookup(method);
    if (registration === undefined) {
      this.#sendError(id, new UnknownMethodError(`unknown method '${method}'`));
      this.goAway(`unknown method '${method}'`);
      return;
    }
    const deadlineMs =
      this.#options.clock.monotonicMs() + Math.min(timeoutMs, CALL_DEADLINE_MAX_MS);
    const context = new CallContext(method, this.remoteAddress, deadlineMs, this.#options.clock);
    const call: ActiveCall = { context, stream: undefined };
    let request: unknown;
    try {
      request = registration.validate(body);
    } catch (error) {
      this.#sendError(id, error);
      this.goAway(`malformed request for '${method}'`);
      return;
    }
    this.#calls.set(id, call);
    if (registration.kind === 'stream') {
      this.#runStream(id, call, registration.handle, request, windowChunks);
    } else {
      this.#runUnary(id, call, registration.handle, request);
    }
  }

  #runStream(
    id: number,
    call: ActiveCall,
    handle: (request: unknown, context: CallContext) => AsyncIterable<unknown>,
    request: unknown,
    windowChunks: number,
  ): void {
    const stream = new StreamSender({
      callId: id,
      windowChunks,
      write: (frame) => this.#write(frame),
      isBlocked: () => this.#writer.blocked,
      finish: () => this.#complete(id),
    });
    call.stream = stream;
    this.#streams += 1;
    let items: AsyncIterable<unknown>;
    try {
      items = handle(request, call.context);
    } catch (error) {
      this.#answerError(id, error);
      return;
    }
    stream.run(items, call.context);
  }

  #runUnary(
    id: number,
    call: ActiveCall,
    handle: (request: unknown, context: CallContext) => unknown,
    request: unknown,
  ): void {
    let result: unknown;
    try {
      result = handle(request, call.context);
    } catch (error) {
      this.#answerError(id, error);
      return;
    }
    if (result instanceof Promise) {
      result.then(
        (value: unknown) => this.#answer(id, value),
        (error: unknown) => this.#answerError(id, error),
      );
    } else {
      this.#answer(id, result);
    }
  }

  #answer(id: number, value: unknown): void {
    const call = this.#calls.get(id);
    if (call === undefined) return;
    if (!call.context.aborted) {
      try {
        this.#writer.write(encodeFrameParts([MessageKind.Response, id, value]));
      } catch (error) {
        this.#sendError(id, error);
      }
    }
    this.#complete(id);
  }

  #answerError(id: number, error: unknown): void {
    const call = this.#calls.get(id);
    if (call === undefined) return;
    if (!call.context.aborted) this.#sendError(id, error);
    if (!(error instanceof ColonnadeError)) {
      this.#options.logger.error({ err: error, method: call.context.method }, 'handler failed');
    }
    this.#complete(id);
  }

  #sendError(id: number, error: unknown): void {
    if (this.#closed) return;
    this.#writer.write(encodeFrame([MessageKind.Error, id, toWire(error)]));
  }

  #write(frame: Buffer | readonly Buffer[]): void {
    if (!this.#closed) this.#writer.write(frame);
  }

  #complete(id: number): void {
    const call = this.#calls.get(id);
    if (call === undefined) return;
    call.context.finish();
    if (call.stream !== undefined) this.#streams -= 1;
    this.#calls.delete(id);
    this.#updateFlow();
    this.#endIfIdle();
  }

  /** Reads while there is room for more calls and answers drain; otherwise pauses the socket. */
  #updateFlow(): void {
    if (this.#closed) return;
    const full =
      this.#calls.size >= SERVER_CALLS_PER_CONNECTION_MAX ||
      this.#writer.blocked ||
      this.#writer.bufferedBytes > SERVER_PENDING_BYTES_MAX;
    if (full && !this.#paused) {
      this.#paused = true;
      this.#socket.pause();
    } else if (!full && this.#paused && !this.#goingAway) {
      this.#paused = false;
      this.#socket.resume();
      // Frames held back while full come first; this may fill the connection again.
      this.#decode(() => this.#decoder.resume(this.#onFrame));
      return;
    }
    // A partial frame only counts as stalled while this side is reading.
    this.#partialSinceMs =
      this.#paused || this.#decoder.bufferedBytes === 0
        ? undefined
        : (this.#partialSinceMs ?? this.#options.clock.monotonicMs());
    if (this.#streams > 0 && !this.#writer.blocked) {
      for (const call of this.#calls.values()) call.stream?.wake();
    }
  }

  #endIfIdle(): void {
    if (this.#goingAway && this.#calls.size === 0 && !this.#closed) this.#writer.end();
  }

  #onEnd(): void {
    if (this.#decoder.bufferedBytes > 0) {
      this.#options.logger.warn(
        { peer: this.remoteAddress, bytes: this.#decoder.bufferedBytes },
        'connection ended inside a frame (truncated frame)',
      );
      this.destroy();
      return;
    }
    // The client sends no more; answer what is in flight, then close.
    this.#goingAway = true;
    this.#endIfIdle();
  }

  #onClose(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const call of this.#calls.values()) {
      call.context.abort();
      call.stream?.wake();
    }
    this.#calls.clear();
    this.#options.onClosed(this);
  }
}
