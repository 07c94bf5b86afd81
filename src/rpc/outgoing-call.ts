// A call on the client side, from submission to its one outcome: a value, an error, or
// (for streams) items then an end. It settles once; whatever comes after is ignored.
import type { StreamReceiver } from './stream-receiver.js';

export interface CallTarget {
  /** The connection's cancel hook while the call is on the wire. */
  cancel(call: OutgoingCall): void;
}

export class OutgoingCall {
  readonly method: string;
  readonly body: unknown;
  /** On the client's monotonic clock. */
  readonly deadlineMs: number;
  readonly stream: StreamReceiver | undefined;
  readonly #resolve: (value: unknown) => void;
  readonly #reject: (error: Error) => void;
  /** Set while the call is on a connection. */
  target: CallTarget | undefined;
  id = 0;
  requestBytes = 0;
  /** Runs once when the call settles (releases timers and listeners). */
  onSettled: (() => void) | undefined;
  #settled = false;

  constructor(
    method: string,
    body: unknown,
    deadlineMs: number,
    stream: StreamReceiver | undefined,
    resolve: (value: unknown) => void,
    reject: (error: Error) => void,
  ) {
    this.method = method;
    this.body = body;
    this.deadlineMs = deadlineMs;
    this.stream = stream;
    this.#resolve = resolve;
    this.#reject = reject;
  }

  get settled(): boolean {
    return this.#settled;
  }

  /** Settles with a value. Returns false when it had settled already. */
  succeed(value: unknown): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.onSettled?.();
    this.#resolve(value);
    return true;
  }

  fail(error: Error): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.onSettled?.();
    this.#reject(error);
    this.stream?.fail(error);
    return true;
  }
}
