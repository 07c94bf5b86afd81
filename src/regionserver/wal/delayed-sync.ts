// The bound on ASYNC_WAL: once an unsynced ASYNC_WAL entry waits, a sync falls due within a fixed
// delay. Invariant: at most one timer is pending; `due` turns true only when the timer fires.
import type { Clock, TimerHandle } from '../../common/clock.js';

export class DelayedSync {
  readonly #clock: Clock;
  readonly #delayMs: number;
  readonly #onDue: () => void;
  #timer: TimerHandle | null = null;
  #due = false;

  constructor(clock: Clock, delayMs: number, onDue: () => void) {
    this.#clock = clock;
    this.#delayMs = delayMs;
    this.#onDue = onDue;
  }

  /** The delay has passed since `arm` with no sync since. */
  get due(): boolean {
    return this.#due;
  }

  /** Starts the delay unless it already runs. */
  arm(): void {
    if (this.#timer !== null) return;
    const timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      this.#due = true;
      this.#onDue();
    }, this.#delayMs);
    timer.unref();
    this.#timer = timer;
  }

  /** A sync took every waiting entry: nothing is due. */
  cancel(): void {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
    this.#due = false;
  }
}
