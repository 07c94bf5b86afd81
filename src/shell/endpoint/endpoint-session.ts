// One shell session per WebSocket: hello first, then inputs one at a time (output streamed, then
// done), interrupts, completions. Invariant: whatever a client sends, it gets protocol messages
// back — never a stack trace — and a bad message leaves the session usable.
import { WebSocket } from 'ws';
import { assert } from '../../common/assert.js';
import type { Clock, TimerHandle } from '../../common/clock.js';
import type { Logger } from '../../common/log.js';
import type { ShellBackend } from '../backend.js';
import { COMMAND_NAMES } from '../commands/registry.js';
import { SHELL_CONSTANTS } from '../constants.js';
import { type ExecuteResult, ShellSession } from '../session.js';
import { completionsFor, completionTarget } from './completion.js';
import { ShellProtocolError } from './errors.js';
import { FlowGate } from './flow-gate.js';
import { gatedBackend } from './gated-backend.js';
import {
  SHELL_IDLE_TIMEOUT_MS,
  SHELL_MESSAGE_BYTES_MAX,
  SHELL_SEND_BUFFER_HIGH_BYTES,
  SHELL_SEND_BUFFER_LOW_BYTES,
  SHELL_SEND_BUFFER_MAX_BYTES,
  SHELL_SEND_STALL_MAX_MS,
} from './limits.js';
import {
  type ClientMessage,
  decodeClientFrame,
  encodeMessage,
  idOfMalformed,
  messageBytes,
  type ServerMessage,
} from './protocol.js';

/** WebSocket close codes the endpoint uses (RFC 6455 §7.4.1). */
export const CLOSE_NORMAL = 1000;
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_TRY_AGAIN_LATER = 1013;

export interface EndpointSessionOptions {
  readonly socket: WebSocket;
  /** The shared connection's backend, connecting first if need be. */
  readonly connect: () => Promise<ShellBackend>;
  readonly version: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly idleTimeoutMs?: number;
  readonly onClosed: (session: EndpointSession) => void;
}

interface Running {
  readonly id: number;
  readonly abort: AbortController;
}

const FAILED: ExecuteResult = { ok: false, exit: false, interrupted: false };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Waits for `promise` unless `signal` aborts first. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Error('interrupted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export class EndpointSession {
  readonly #o: EndpointSessionOptions;
  readonly #socket: WebSocket;
  readonly #session: ShellSession;
  readonly #gate: FlowGate;
  readonly #idleTimeoutMs: number;
  #backend: ShellBackend | undefined;
  #running: Running | undefined;
  #runs = new Set<Promise<void>>();
  #idle: TimerHandle | undefined;
  #closed = false;

  constructor(options: EndpointSessionOptions) {
    this.#o = options;
    this.#socket = options.socket;
    this.#idleTimeoutMs = options.idleTimeoutMs ?? SHELL_IDLE_TIMEOUT_MS;
    this.#gate = new FlowGate({
      clock: options.clock,
      highBytes: SHELL_SEND_BUFFER_HIGH_BYTES,
      lowBytes: SHELL_SEND_BUFFER_LOW_BYTES,
      maxBytes: SHELL_SEND_BUFFER_MAX_BYTES,
      stallMaxMs: SHELL_SEND_STALL_MAX_MS,
      onOverflow: (reason) => this.#overflow(reason),
    });
    const current = (): ShellBackend => {
      assert(this.#backend !== undefined, 'a shell command ran before the session connected');
      return this.#backend;
    };
    this.#session = new ShellSession({
      backend: gatedBackend(current, this.#gate),
      clock: options.clock,
      version: options.version,
    });
    this.#socket.on('message', (data, isBinary) => this.#onMessage(messageBytes(data), isBinary));
    this.#socket.on('error', (error) => this.#o.logger.debug({ err: error }, 'shell socket error'));
    this.#socket.on('close', () => this.#onClose());
    this.#send({ type: 'hello', version: options.version, prompt: this.#session.prompt() });
    this.#armIdle();
  }

  /** Ends the session: aborts its command, closes the socket, waits for the command to stop. */
  async close(code: number, reason: string): Promise<void> {
    this.#running?.abort.abort();
    if (!this.#closed) this.#socket.close(code, reason);
    await Promise.all(this.#runs);
  }

  /** Drops the socket without a closing handshake. */
  terminate(): void {
    this.#socket.terminate();
  }

  #onMessage(data: Buffer, isBinary: boolean): void {
    let message: ClientMessage;
    try {
      message = decodeClientFrame(data, isBinary);
    } catch (error) {
      const text =
        error instanceof ShellProtocolError ? error.message : `internal error: ${messageOf(error)}`;
      const id =
        isBinary || data.length > SHELL_MESSAGE_BYTES_MAX ? undefined : idOfMalformed(data);
      this.#send({ type: 'error', message: text, ...(id === undefined ? {} : { id }) });
      return;
    }
    if (this.#running === undefined) this.#armIdle();
    switch (message.type) {
      case 'line':
        if (this.#running !== undefined) {
          this.#send({
            type: 'error',
            id: message.id,
            message: `input ${this.#running.id} is still running; wait for it or interrupt it`,
          });
          return;
        }
        this.#track(this.#runLine(message.id, message.text));
        return;
      case 'interrupt':
        if (this.#running?.id === message.id) this.#running.abort.abort();
        return;
      case 'complete':
        this.#track(this.#complete(message.id, message.text));
        return;
    }
  }

  #track(run: Promise<void>): void {
    const tracked = run.catch((error: unknown) => {
      this.#o.logger.error({ err: error }, 'shell session failed');
      this.#send({ type: 'error', message: `internal error: ${messageOf(error)}` });
    });
    this.#runs.add(tracked);
    void tracked.finally(() => this.#runs.delete(tracked));
  }

  async #runLine(id: number, text: string): Promise<void> {
    const abort = new AbortController();
    this.#running = { id, abort };
    this.#disarmIdle();
    const out = (chunk: string): void => this.#send({ type: 'output', id, chunk });
    let result: ExecuteResult;
    try {
      result = await this.#execute(text, out, abort.signal);
    } finally {
      this.#running = undefined;
    }
    this.#send({ type: 'done', id, ...result, prompt: this.#session.prompt() });
    if (result.exit) this.#socket.close(CLOSE_NORMAL, 'exit');
    else this.#armIdle();
  }

  async #execute(text: string, out: (c: string) => void, signal: AbortSignal) {
    try {
      this.#backend = await unlessAborted(this.#o.connect(), signal);
    } catch (error) {
      if (signal.aborted) return { ...FAILED, interrupted: true };
      out(`\nERROR: cannot reach the cluster: ${messageOf(error)}\n\n`);
      return FAILED;
    }
    try {
      return await this.#session.execute(text, out, signal);
    } catch (error) {
      this.#o.logger.error({ err: error }, 'shell input failed');
      out(`\nERROR: internal error: ${messageOf(error)}\n\n`);
      return FAILED;
    }
  }

  async #complete(id: number, text: string): Promise<void> {
    const target = completionTarget(text);
    let candidates: readonly string[] = [];
    if (target?.kind === 'command') candidates = COMMAND_NAMES;
    if (target?.kind === 'constant') candidates = SHELL_CONSTANTS;
    if (target?.kind === 'table') {
      try {
        this.#backend = await this.#o.connect();
        candidates = await this.#session.tableNames();
      } catch (error) {
        this.#o.logger.debug({ err: error }, 'shell completion: no table names');
      }
    }
    const items = target === undefined ? [] : completionsFor(target, candidates);
    this.#send({ type: 'completions', id, items });
  }

  #overflow(reason: string): void {
    const running = this.#running;
    if (running === undefined || running.abort.signal.aborted) return;
    this.#send({ type: 'output', id: running.id, chunk: `\nERROR: command stopped: ${reason}\n` });
    running.abort.abort();
  }

  #send(message: ServerMessage): void {
    if (this.#closed || this.#socket.readyState !== WebSocket.OPEN) return;
    const text = encodeMessage(message);
    const bytes = Buffer.byteLength(text);
    this.#socket.send(text, () => this.#gate.written(bytes));
    // Counted after sending, so that an overflow notice it triggers follows this message.
    this.#gate.sent(bytes);
  }

  #armIdle(): void {
    this.#disarmIdle();
    if (this.#closed) return;
    this.#idle = this.#o.clock.setTimeout(() => {
      this.#idle = undefined;
      this.#socket.close(
        CLOSE_GOING_AWAY,
        `idle for ${this.#idleTimeoutMs} ms; the limit is ${this.#idleTimeoutMs} ms`,
      );
    }, this.#idleTimeoutMs);
    this.#idle.unref();
  }

  #disarmIdle(): void {
    if (this.#idle !== undefined) this.#o.clock.clearTimeout(this.#idle);
    this.#idle = undefined;
  }

  #onClose(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#disarmIdle();
    this.#running?.abort.abort();
    this.#gate.close();
    this.#o.onClosed(this);
  }
}
