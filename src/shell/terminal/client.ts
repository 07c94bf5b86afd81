// The terminal's side of the shell protocol: connect (handshake, then the server's hello), run
// one input at a time with its output streamed to a callback, interrupt it, ask for completions.
// Invariant: every pending run settles — with its done, or a ShellConnectionError at close.
import { WebSocket } from 'ws';
import { type Clock, systemClock, type TimerHandle } from '../../common/clock.js';
import { InvalidArgumentError } from '../../common/errors.js';
import { SHELL_CLOSE_WAIT_MS, SHELL_FRAME_BYTES_MAX } from '../endpoint/limits.js';
import {
  type ClientMessage,
  decodeServerMessage,
  type DoneMessage,
  encodeMessage,
  type HelloMessage,
  type ServerMessage,
} from '../endpoint/protocol.js';
import { ShellConnectionError } from './errors.js';
import { SHELL_COMPLETE_TIMEOUT_MS, SHELL_CONNECT_TIMEOUT_MS } from './limits.js';

export interface ShellClientOptions {
  /** The endpoint, `ws://HOST:PORT/shell`. */
  readonly url: string;
  /** @default SHELL_CONNECT_TIMEOUT_MS */
  readonly connectTimeoutMs?: number;
  /** Server messages that belong to no input (an error with no id, a bad message). */
  readonly onNotice?: (message: string) => void;
  /** Times the connect and completion bounds. @default systemClock */
  readonly clock?: Clock;
}

interface PendingRun {
  readonly id: number;
  readonly onOutput: (chunk: string) => void;
  readonly resolve: (done: DoneMessage) => void;
  readonly reject: (error: Error) => void;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidArgumentError(`--url is "${url}"; it must be a ws:// or wss:// URL`);
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new InvalidArgumentError(`--url is "${url}"; it must be a ws:// or wss:// URL`);
  }
}

export class ShellClient {
  readonly version: string;
  readonly #socket: WebSocket;
  readonly #url: string;
  readonly #onNotice: (message: string) => void;
  readonly #clock: Clock;
  #prompt: string;
  #nextId = 1;
  #run: PendingRun | undefined;
  #completions = new Map<number, (items: string[]) => void>();
  #closedReason: string | undefined;

  private constructor(socket: WebSocket, options: ShellClientOptions, hello: HelloMessage) {
    this.#socket = socket;
    this.#url = options.url;
    this.#onNotice = options.onNotice ?? (() => undefined);
    this.#clock = options.clock ?? systemClock;
    this.version = hello.version;
    this.#prompt = hello.prompt;
    socket.on('message', (data) => this.#onMessage(String(data)));
    socket.on('close', (code, reason) => this.#onClose(code, reason.toString()));
  }

  /** Connects and waits for the server's hello; a ShellConnectionError says why it could not. */
  static async connect(options: ShellClientOptions): Promise<ShellClient> {
    checkUrl(options.url);
    const clock = options.clock ?? systemClock;
    const timeoutMs = options.connectTimeoutMs ?? SHELL_CONNECT_TIMEOUT_MS;
    const socket = new WebSocket(options.url, {
      handshakeTimeout: timeoutMs,
      maxPayload: SHELL_FRAME_BYTES_MAX,
      perMessageDeflate: false,
    });
    socket.on('error', () => undefined); // reported through the promise below, or as a close
    let timer: TimerHandle | undefined;
    const hello = await new Promise<HelloMessage>((resolve, reject) => {
      const fail = (why: string): void => {
        socket.terminate();
        reject(new ShellConnectionError(`cannot reach the shell at ${options.url}: ${why}`));
      };
      timer = clock.setTimeout(() => fail(`no answer within ${timeoutMs} ms`), timeoutMs);
      socket.once('error', (error) => fail(reasonOf(error)));
      socket.once('close', (code, reason) =>
        fail(`it closed the connection: ${reason.toString() || 'no reason given'} (code ${code})`),
      );
      socket.once('message', (data) => {
        try {
          const message = decodeServerMessage(String(data));
          if (message.type === 'hello') resolve(message);
          else if (message.type === 'error') fail(message.message);
          else fail(`it sent ${message.type} before hello`);
        } catch (error) {
          fail(reasonOf(error));
        }
      });
    }).finally(() => {
      if (timer !== undefined) clock.clearTimeout(timer);
      socket.removeAllListeners('message').removeAllListeners('close');
    });
    return new ShellClient(socket, options, hello);
  }

  /** The prompt for the next input, as the server last said. */
  get prompt(): string {
    return this.#prompt;
  }

  /** An input runs now. */
  get running(): boolean {
    return this.#run !== undefined;
  }

  /** Runs one input, its output going to `onOutput` as it comes; resolves with its done. */
  run(text: string, onOutput: (chunk: string) => void): Promise<DoneMessage> {
    if (this.#run !== undefined) {
      return Promise.reject(new Error('ShellClient runs one input at a time'));
    }
    if (this.#closedReason !== undefined) {
      return Promise.reject(new ShellConnectionError(this.#closedReason));
    }
    const id = this.#nextId++;
    return new Promise<DoneMessage>((resolve, reject) => {
      this.#run = { id, onOutput, resolve, reject };
      this.#send({ type: 'line', id, text });
    });
  }

  /** Ctrl-C: asks the server to abort the running input (a no-op when none runs). */
  interrupt(): void {
    if (this.#run !== undefined) this.#send({ type: 'interrupt', id: this.#run.id });
  }

  /** What may replace the word ending `text`; none when the server is slow or gone. */
  complete(text: string, timeoutMs = SHELL_COMPLETE_TIMEOUT_MS): Promise<string[]> {
    if (this.#closedReason !== undefined) return Promise.resolve([]);
    const id = this.#nextId++;
    return new Promise<string[]>((resolve) => {
      const timer = this.#clock.setTimeout(() => finish([]), timeoutMs);
      const finish = (items: string[]): void => {
        this.#clock.clearTimeout(timer);
        this.#completions.delete(id);
        resolve(items);
      };
      this.#completions.set(id, finish);
      this.#send({ type: 'complete', id, text });
    });
  }

  async close(): Promise<void> {
    if (this.#socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      const timer = this.#clock.setTimeout(() => this.#socket.terminate(), SHELL_CLOSE_WAIT_MS);
      this.#socket.once('close', () => {
        this.#clock.clearTimeout(timer);
        resolve();
      });
      this.#socket.close(1000, 'bye');
    });
  }

  #send(message: ClientMessage): void {
    if (this.#socket.readyState === WebSocket.OPEN) this.#socket.send(encodeMessage(message));
  }

  #onMessage(text: string): void {
    let message: ServerMessage;
    try {
      message = decodeServerMessage(text);
    } catch (error) {
      this.#onNotice(`a bad message from the shell: ${reasonOf(error)}`);
      return;
    }
    const run = this.#run;
    switch (message.type) {
      case 'hello':
        return;
      case 'output':
        if (run?.id === message.id) run.onOutput(message.chunk);
        return;
      case 'done':
        this.#prompt = message.prompt;
        if (run?.id === message.id) {
          this.#run = undefined;
          run.resolve(message);
        }
        return;
      case 'completions':
        this.#completions.get(message.id)?.([...message.items]);
        return;
      case 'error':
        this.#onError(message.message, message.id);
        return;
    }
  }

  /** An error about the running input ends it as failed; about a completion, offers none. */
  #onError(text: string, id: number | undefined): void {
    const run = this.#run;
    if (run !== undefined && run.id === id) {
      this.#run = undefined;
      run.onOutput(`ERROR: ${text}\n`);
      run.resolve({
        type: 'done',
        id,
        ok: false,
        exit: false,
        interrupted: false,
        prompt: this.#prompt,
      });
    } else if (id !== undefined && this.#completions.has(id)) {
      this.#completions.get(id)?.([]);
    } else {
      this.#onNotice(text);
    }
  }

  #onClose(code: number, reason: string): void {
    const why = reason === '' ? 'no reason given' : reason;
    this.#closedReason = `the shell at ${this.#url} closed the connection: ${why} (code ${code})`;
    const run = this.#run;
    this.#run = undefined;
    run?.reject(new ShellConnectionError(this.#closedReason));
    for (const finish of [...this.#completions.values()]) finish([]);
  }
}
