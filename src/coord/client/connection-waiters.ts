// Calls that wait for the session to (re)connect: a bounded FIFO, each entry with its own deadline.
// Invariant: a waiter is settled exactly once — by `release`, by `fail`, or by its own deadline.
import type { Clock, TimerHandle } from '../../common/clock.js';
import { COORD_CLIENT_WAITING_CALLS_MAX } from '../../common/limits.js';
import { ConnectionLossError } from '../errors.js';

interface Waiter<T> {
  readonly resolve: (value: T) => void;
  readonly reject: (error: Error) => void;
  readonly timer: TimerHandle;
}

export class ConnectionWaiters<T> {
  readonly #clock: Clock;
  readonly #capacity: number;
  readonly #waiters: Waiter<T>[] = [];

  constructor(clock: Clock, capacity = COORD_CLIENT_WAITING_CALLS_MAX) {
    this.#clock = clock;
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#waiters.length;
  }

  /** Waits for `release` until `deadlineMs` (monotonic); ConnectionLossError after, or when full. */
  wait(deadlineMs: number, name: string): Promise<T> {
    if (this.#waiters.length >= this.#capacity) {
      return Promise.reject(
        new ConnectionLossError(
          `${this.#waiters.length} calls wait for a connection; the limit is ${this.#capacity}`,
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const waitMs = Math.max(0, deadlineMs - this.#clock.monotonicMs());
      const timer = this.#clock.setTimeout(() => {
        const index = this.#waiters.indexOf(waiter);
        if (index >= 0) this.#waiters.splice(index, 1);
        reject(new ConnectionLossError(`${name} found no connection to the ensemble in time`));
      }, waitMs);
      const waiter: Waiter<T> = { resolve, reject, timer };
      this.#waiters.push(waiter);
    });
  }

  /** Hands `value` to every waiter, oldest first. */
  release(value: T): void {
    for (const waiter of this.#waiters.splice(0)) {
      this.#clock.clearTimeout(waiter.timer);
      waiter.resolve(value);
    }
  }

  fail(error: Error): void {
    for (const waiter of this.#waiters.splice(0)) {
      this.#clock.clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }
}
