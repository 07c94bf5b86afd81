// Appends waiting for room in a full group-commit queue, first come first served, each for at
// most WAL_APPEND_WAIT_TIMEOUT_MS. Invariant: waiters leave in call order (so records stay in
// append order) and each settles exactly once: admitted, timed out, or failed with the log.
import type { Clock, TimerHandle } from '../../common/clock.js';
import type { WalDurability, WalEntry } from './entry.js';
import { WalQueueFullError } from './errors.js';
import {
  WAL_APPEND_WAIT_TIMEOUT_MS,
  WAL_APPEND_WAITERS_MAX,
  WAL_QUEUE_BYTES_MAX,
  WAL_QUEUE_ENTRIES_MAX,
} from './limits.js';

/** An append, or a sync() barrier (entry null), waiting for its turn. */
export interface RoomWaiter {
  readonly entry: WalEntry | null;
  readonly durability: WalDurability;
  readonly recordBytes: number;
}

interface Pending extends RoomWaiter {
  readonly resolve: (done: Promise<void>) => void;
  readonly reject: (error: Error) => void;
  timer: TimerHandle | null;
}

export class RoomQueue {
  readonly #clock: Clock;
  readonly #waiters: Pending[] = [];

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  get length(): number {
    return this.#waiters.length;
  }

  /** Resolves as what `admit` hands the waiter resolves; fails with WalQueueFull on a timeout. */
  wait(waiter: RoomWaiter): Promise<void> {
    if (this.#waiters.length >= WAL_APPEND_WAITERS_MAX) {
      return Promise.reject(
        new WalQueueFullError(
          `${this.#waiters.length} appends wait for room in the WAL queue; ` +
            `WAL_APPEND_WAITERS_MAX is ${WAL_APPEND_WAITERS_MAX}`,
        ),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const pending: Pending = { ...waiter, resolve, reject, timer: null };
      pending.timer = this.#clock.setTimeout(() => {
        const index = this.#waiters.indexOf(pending);
        if (index >= 0) this.#waiters.splice(index, 1);
        reject(
          new WalQueueFullError(
            `the WAL queue stayed full (WAL_QUEUE_BYTES_MAX ${WAL_QUEUE_BYTES_MAX}, ` +
              `WAL_QUEUE_ENTRIES_MAX ${WAL_QUEUE_ENTRIES_MAX}) for ` +
              `WAL_APPEND_WAIT_TIMEOUT_MS (${WAL_APPEND_WAIT_TIMEOUT_MS} ms)`,
          ),
        );
      }, WAL_APPEND_WAIT_TIMEOUT_MS);
      this.#waiters.push(pending);
    });
  }

  /**
   * Admits waiters in order while `fits` says the first fits: each gets what `admit` returns
   * (the promise its append or barrier resolves with).
   */
  admit(fits: (waiter: RoomWaiter) => boolean, admit: (waiter: RoomWaiter) => Promise<void>): void {
    for (let first = this.#waiters[0]; first !== undefined; first = this.#waiters[0]) {
      if (!fits(first)) return;
      this.#waiters.shift();
      if (first.timer !== null) this.#clock.clearTimeout(first.timer);
      first.resolve(admit(first));
    }
  }

  failAll(error: Error): void {
    for (const waiter of this.#waiters.splice(0)) {
      if (waiter.timer !== null) this.#clock.clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }
}
