// What a handler knows about the call it serves: its method, its peer, its deadline, and a
// signal that aborts when the caller cancels, the deadline passes or the connection dies.
// The signal and its deadline timer are made only when a handler asks for them (hot path).
import type { Clock, TimerHandle } from '../common/clock.js';
import { TimeoutError } from '../common/errors.js';
import { CancelledError } from './errors.js';

export class CallContext {
  readonly method: string;
  readonly remoteAddress: string;
  /** On the server's monotonic clock. */
  readonly deadlineMs: number;
  readonly #clock: Clock;
  #controller: AbortController | undefined;
  #timer: TimerHandle | undefined;
  #abortReason: Error | undefined;

  constructor(method: string, remoteAddress: string, deadlineMs: number, clock: Clock) {
    this.method = method;
    this.remoteAddress = remoteAddress;
    this.deadlineMs = deadlineMs;
    this.#clock = clock;
  }

  /** Milliseconds left before the caller stops waiting. */
  get remainingMs(): number {
    return Math.max(0, this.deadlineMs - this.#clock.monotonicMs());
  }

  get aborted(): boolean {
    return this.#abortReason !== undefined;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#abortReason !== undefined) {
        this.#controller.abort(this.#abortReason);
      } else {
        this.#timer = this.#clock.setTimeout(
          () => this.abort(new TimeoutError(`call ${this.method} passed its deadline`)),
          this.remainingMs,
        );
      }
    }
    return this.#controller.signal;
  }

  /** Aborts the call (cancel, deadline, connection lost). Idempotent. */
  abort(reason: Error = new CancelledError(`call ${this.method} was cancelled`)): void {
    if (this.#abortReason !== undefined) return;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
    this.finish();
  }

  /** Releases the deadline timer once the call is answered. */
  finish(): void {
    if (this.#timer !== undefined) {
      this.#clock.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }
}
