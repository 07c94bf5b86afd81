// Backpressure for one socket: counts output sent but not yet written out. Above the high mark a
// producer waiting on `whenWritable` pauses until the count falls to the low mark; past the hard
// mark, or paused too long, `onOverflow` fires once (the session then aborts its command).
import type { Clock, TimerHandle } from '../../common/clock.js';
import { assert } from '../../common/assert.js';

export interface FlowGateOptions {
  readonly clock: Clock;
  readonly highBytes: number;
  readonly lowBytes: number;
  readonly maxBytes: number;
  readonly stallMaxMs: number;
  /** The client is not keeping up: `reason` says how; fires once until the output drains. */
  readonly onOverflow: (reason: string) => void;
}

export class FlowGate {
  readonly #o: FlowGateOptions;
  #pendingBytes = 0;
  #paused = false;
  #overflowed = false;
  #closed = false;
  #waiters: (() => void)[] = [];
  #stallTimer: TimerHandle | undefined;

  constructor(options: FlowGateOptions) {
    assert(
      0 <= options.lowBytes &&
        options.lowBytes < options.highBytes &&
        options.highBytes < options.maxBytes,
      'flow gate marks must be ordered: low < high < max',
    );
    this.#o = options;
  }

  /** Bytes handed to the socket and not yet written out. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /** Producers are held back until the output drains to the low mark. */
  get paused(): boolean {
    return this.#paused;
  }

  /** `bytes` were handed to the socket. */
  sent(bytes: number): void {
    this.#pendingBytes += bytes;
    if (this.#pendingBytes > this.#o.highBytes) this.#paused = true;
    if (this.#pendingBytes > this.#o.maxBytes) {
      this.#overflow(
        `the client has not read ${this.#pendingBytes} bytes of output; ` +
          `the limit is ${this.#o.maxBytes} bytes`,
      );
    }
  }

  /** `bytes` of what was sent were written out (or dropped with the socket). */
  written(bytes: number): void {
    this.#pendingBytes = Math.max(0, this.#pendingBytes - bytes);
    if (this.#paused && this.#pendingBytes <= this.#o.lowBytes) {
      this.#paused = false;
      this.#overflowed = false;
      this.#release();
    }
  }

  /** Resolves at once unless paused; else once the output drains, overflows, or the gate closes. */
  whenWritable(): Promise<void> {
    if (!this.#paused || this.#closed) return Promise.resolve();
    if (this.#stallTimer === undefined) {
      this.#stallTimer = this.#o.clock.setTimeout(() => {
        this.#stallTimer = undefined;
        this.#overflow(
          `the client read no output for ${this.#o.stallMaxMs} ms ` +
            `(${this.#pendingBytes} bytes waiting); the limit is ${this.#o.stallMaxMs} ms`,
        );
      }, this.#o.stallMaxMs);
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** The socket is gone: nothing waits any more. */
  close(): void {
    this.#closed = true;
    this.#release();
  }

  #overflow(reason: string): void {
    if (this.#overflowed) return;
    this.#overflowed = true;
    this.#o.onOverflow(reason);
    this.#release();
  }

  #release(): void {
    if (this.#stallTimer !== undefined) {
      this.#o.clock.clearTimeout(this.#stallTimer);
      this.#stallTimer = undefined;
    }
    for (const resolve of this.#waiters.splice(0)) resolve();
  }
}
