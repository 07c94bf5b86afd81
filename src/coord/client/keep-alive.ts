// Keeps an idle session alive: after `idleMs` with nothing sent, asks for a ping (ZooKeeper pings
// after a third of the session timeout). Every send moves the next ping back.
import type { Clock, TimerHandle } from '../../common/clock.js';

export class KeepAlive {
  readonly #clock: Clock;
  readonly #ping: () => void;
  #idleMs = 1;
  #lastSendMs = 0;
  #timer: TimerHandle | undefined;
  #running = false;

  constructor(clock: Clock, ping: () => void) {
    this.#clock = clock;
    this.#ping = ping;
  }

  /** Notes a request sent now. */
  sent(): void {
    this.#lastSendMs = this.#clock.monotonicMs();
  }

  start(idleMs: number): void {
    this.#idleMs = Math.max(1, Math.floor(idleMs));
    this.#running = true;
    this.#schedule();
  }

  stop(): void {
    this.#running = false;
    this.#clearTimer();
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    this.#clearTimer();
    const dueMs = this.#lastSendMs + this.#idleMs - this.#clock.monotonicMs();
    this.#timer = this.#clock.setTimeout(() => this.#fire(), Math.max(0, dueMs));
    this.#timer.unref();
  }

  #fire(): void {
    this.#timer = undefined;
    if (this.#clock.monotonicMs() - this.#lastSendMs >= this.#idleMs) {
      this.sent();
      this.#ping();
    }
    if (this.#running) this.#schedule();
  }
}
