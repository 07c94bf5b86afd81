// Callers waiting for the local state machine to reach an index: each waits at most its timeout,
// and there are at most RAFT_APPLY_WAITERS_MAX of them at once.
import type { Clock, TimerHandle } from '../../common/clock.js';
import { TimeoutError } from '../../common/errors.js';
import { RAFT_APPLY_WAITERS_MAX } from '../../common/limits.js';
import { ServerBusyError } from '../../rpc/index.js';

interface Waiter {
  readonly index: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly timer: TimerHandle;
}

export class ApplyWaiters {
  readonly #clock: Clock;
  readonly #waiters = new Set<Waiter>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Resolves once resolveUpTo(>= index) is called; rejects with TimeoutError after timeoutMs. */
  wait(index: number, timeoutMs: number): Promise<void> {
    if (this.#waiters.size >= RAFT_APPLY_WAITERS_MAX) {
      return Promise.reject(
        new ServerBusyError(`${this.#waiters.size} callers wait for the log; the limit is reached`),
      );
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        index,
        resolve,
        reject,
        timer: this.#clock.setTimeout(() => {
          this.#waiters.delete(waiter);
          reject(new TimeoutError(`index ${index} was not applied within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  resolveUpTo(applied: number): void {
    for (const waiter of this.#waiters) {
      if (waiter.index > applied) continue;
      this.#waiters.delete(waiter);
      this.#clock.clearTimeout(waiter.timer);
      waiter.resolve();
    }
  }

  rejectAll(error: Error): void {
    for (const waiter of this.#waiters) {
      this.#clock.clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.#waiters.clear();
  }
}
