// One client connection: sends calls with ids, matches answers that arrive in any order, and
// fails every pending call with a retriable ConnectionClosedError if the connection dies.
// It holds at most CONNECTION_CALLS_IN_FLIGHT_MAX calls and CONNECTION_BYTES_IN_FLIGHT_MAX
// request bytes; the pool keeps further calls waiting.
import { connect, type Socket } from 'node:net';
import { fromWire, type ColonnadeError } from '../common/errors.js';
import { RenewingMap } from '../common/renewing-map.js';
import {
  CONNECTION_BYTES_IN_FLIGHT_MAX,
  CONNECTION_CALLS_IN_FLIGHT_MAX,
  CLIENT_FRAMES_PER_TURN,
} from '../common/limits.js';
import { ConnectFailedError, ConnectionClosedError, ProtocolError } from './errors.js';
import { FrameDecoder, type FrameSink } from './frame.js';
import { FrameWriter } from './frame-writer.js';
import { Turns } from './turns.js';
import {
  CALL_ID_MAX,
  CONNECTION_CALL_ID,
  MessageKind,
  decodeServerMessage,
  encodeFrame,
  encodeFrameParts,
  type ServerMessage,
} from './message.js';
import type { CallTarget, OutgoingCall } from './outgoing-call.js';

export interface ClientConnectionHooks {
  /** Room opened for more calls (an answer came, or the socket drained). */
  readonly onRoom: (connection: ClientConnection) => void;
  /** The connection is gone or will take no new calls. */
  readonly onRetired: (connection: ClientConnection) => void;
}

export class ClientConnection implements CallTarget {
  readonly address: string;
  readonly #socket: Socket;
  readonly #hooks: ClientConnectionHooks;
  readonly #decoder = new FrameDecoder();
  readonly #writer: FrameWriter;
  readonly #calls = new RenewingMap<number, OutgoingCall>();
  readonly #turns = new Turns(CLIENT_FRAMES_PER_TURN, () => this.#decodeFrames(undefined));
  #nextId = 1;
  #bytesInFlight = 0;
  #draining = false;
  #closed = false;
  #closeError: ColonnadeError | undefined;

  private constructor(socket: Socket, address: string, hooks: ClientConnectionHooks) {
    this.#socket = socket;
    this.address = address;
    this.#hooks = hooks;
    this.#writer = new FrameWriter(socket, () => this.#hooks.onRoom(this));
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (error) => {
      this.#closeError ??= new ConnectionClosedError(`connection to ${address} failed`, {
        cause: error,
      });
    });
    socket.on('close', () => this.#onClose());
  }

  static open(
    host: string,
    port: number,
    timeoutMs: number,
    hooks: ClientConnectionHooks,
  ): Promise<ClientConnection> {
    const address = `${host}:${port}`;
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port, noDelay: true });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new ConnectFailedError(`connecting to ${address} took over ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(
          new ConnectFailedError(`cannot connect to ${address}: ${error.message}`, {
            cause: error,
          }),
        );
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new ClientConnection(socket, address, hooks));
      });
    });
  }

  get callsInFlight(): number {
    return this.#calls.size;
  }

  /** Takes new calls: open, not told to go away, and within its in-flight bounds. */
  get hasRoom(): boolean {
    return (
      !this.#closed &&
      !this.#draining &&
      !this.#writer.blocked &&
      this.#calls.size < CONNECTION_CALLS_IN_FLIGHT_MAX &&
      this.#bytesInFlight < CONNECTION_BYTES_IN_FLIGHT_MAX
    );
  }

  get usable(): boolean {
    return !this.#closed && !this.#draining;
  }

  /** Puts a call on the wire. Throws (FrameTooLargeError) without side effects if it can't. */
  send(call: OutgoingCall, timeoutMs: number): void {
    const id = this.#allocateId();
    const window = call.stream?.windowChunks ?? 0;
    const frame = encodeFrameParts([
      MessageKind.Request,
      id,
      call.method,
      timeoutMs,
      call.body,
      window,
    ]);
    const bytes = this.#writer.write(frame);
    call.id = id;
    call.requestBytes = bytes;
    call.target = this;
    this.#bytesInFlight += bytes;
    this.#calls.set(id, call);
    call.stream?.attach({
      grant: (n) => this.#sendIfOpen(encodeFrame([MessageKind.Credit, id, n])),
      cancel: () => this.cancel(call),
    });
  }

  /** Forgets a call (deadline passed, caller gave up) and tells the server to stop. */
  cancel(call: OutgoingCall): void {
    if (this.#release(call.id) === undefined) return;
    this.#sendIfOpen(encodeFrame([MessageKind.Cancel, call.id]));
  }

  /** Closes once the calls in flight are answered. */
  drain(): void {
    if (this.#draining) return;
    this.#draining = true;
    this.#hooks.onRetired(this);
    if (this.#calls.size === 0) this.#writer.end();
  }

  destroy(error?: ColonnadeError): void {
    if (error !== undefined) this.#closeError ??= error;
    this.#socket.destroy();
  }

  #allocateId(): number {
    for (;;) {
      const id = this.#nextId;
      this.#nextId = id >= CALL_ID_MAX ? 1 : id + 1;
      if (!this.#calls.has(id)) return id;
    }
  }

  #release(id: number): OutgoingCall | undefined {
    const call = this.#calls.get(id);
    if (call === undefined) return undefined;
    this.#calls.delete(id);
    this.#bytesInFlight -= call.requestBytes;
    call.target = undefined;
    if (this.#draining && this.#calls.size === 0) this.#writer.end();
    return call;
  }

  #sendIfOpen(frame: Buffer): void {
    if (!this.#closed) this.#writer.write(frame);
  }

  #onData(chunk: Buffer): void {
    if (this.#turns.waiting) {
      this.#decoder.hold(chunk);
      return;
    }
    this.#turns.begin();
    this.#decodeFrames(chunk);
  }

  /** Hands `chunk`'s answers (none: those held back) to their callers, a turn's worth at a time. */
  #decodeFrames(chunk: Buffer | undefined, sink: FrameSink = this.#onTurnFrame): void {
    if (this.#closed && chunk !== undefined) return;
    try {
      if (chunk === undefined) this.#decoder.resume(sink);
      else this.#decoder.push(chunk, sink);
    } catch (error) {
      const reason = error instanceof ProtocolError ? error.message : String(error);
      this.destroy(
        new ConnectionClosedError(`bad data from ${this.address}: ${reason}`, { cause: error }),
      );
      return;
    }
    if (!this.#closed && this.hasRoom) this.#hooks.onRoom(this);
  }

  readonly #onTurnFrame = (payload: Buffer): boolean => {
    this.#onFrame(payload);
    return this.#turns.take();
  };

  readonly #onFrame = (payload: Buffer): void => {
    const message = decodeServerMessage(payload);
    if (message[0] === MessageKind.GoAway) {
      this.drain();
      return;
    }
    if (message[0] === MessageKind.Error && message[1] === CONNECTION_CALL_ID) {
      const cause = fromWire(message[2]);
      this.#closeError = new ConnectionClosedError(
        `${this.address} closed the connection: ${cause.message}`,
        { cause, retriable: cause.retriable },
      );
      return;
    }
    this.#dispatch(message);
  };

  #dispatch(message: Exclude<ServerMessage, readonly [7, string]>): void {
    const id = message[1];
    switch (message[0]) {
      case MessageKind.Response:
        this.#release(id)?.succeed(message[2]);
        return;
      case MessageKind.Error:
        this.#release(id)?.fail(fromWire(message[2]));
        return;
      case MessageKind.StreamItem:
        this.#calls.get(id)?.stream?.push(message[2]);
        return;
      case MessageKind.StreamEnd: {
        const call = this.#release(id);
        call?.stream?.end();
        call?.succeed(undefined);
        return;
      }
    }
  }

  #onClose(): void {
    if (this.#closed) return;
    // Answers that arrived before the close still reach their callers.
    if (this.#decoder.bufferedBytes > 0) this.#decodeFrames(undefined, this.#onFrame);
    this.#closed = true;
    const error =
      this.#closeError ??
      new ConnectionClosedError(`connection to ${this.address} closed with calls in flight`);
    const calls = [...this.#calls.values()];
    this.#calls.clear();
    this.#bytesInFlight = 0;
    for (const call of calls) {
      call.target = undefined;
      call.fail(error);
    }
    this.#hooks.onRetired(this);
  }
}
