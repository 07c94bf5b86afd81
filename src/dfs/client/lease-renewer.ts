// Renews a client's leases: one renewLease call every LEASE_RENEW_INTERVAL_MS while any of its
// output streams is open (HDFS LeaseRenewer). Failures are logged; the next tick tries again.
import type { Clock, TimerHandle } from '../../common/clock.js';
import type { Logger } from '../../common/log.js';
import { LEASE_RENEW_INTERVAL_MS } from '../limits.js';

/** What holds a lease: an open output stream, aborted when its client closes. */
export interface LeaseHolder {
  abort(): void;
}

export class LeaseRenewer {
  readonly #clock: Clock;
  readonly #renew: () => Promise<void>;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #holders = new Set<LeaseHolder>();
  #timer: TimerHandle | undefined;
  #stopped = false;

  constructor(
    clock: Clock,
    renew: () => Promise<void>,
    logger: Logger,
    intervalMs = LEASE_RENEW_INTERVAL_MS,
  ) {
    this.#clock = clock;
    this.#renew = renew;
    this.#logger = logger;
    this.#intervalMs = intervalMs;
  }

  /** An output stream opened: renew until it is removed. */
  add(holder: LeaseHolder): void {
    if (this.#stopped) return;
    this.#holders.add(holder);
    this.#schedule();
  }

  remove(holder: LeaseHolder): void {
    this.#holders.delete(holder);
    if (this.#holders.size === 0) this.#cancel();
  }

  /** The streams holding leases now. */
  holders(): LeaseHolder[] {
    return [...this.#holders];
  }

  stop(): void {
    this.#stopped = true;
    this.#holders.clear();
    this.#cancel();
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#holders.size === 0 || this.#stopped) return;
    const timer = this.#clock.setTimeout(() => void this.#tick(timer), this.#intervalMs);
    this.#timer = timer;
    timer.unref();
  }

  #cancel(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #tick(timer: TimerHandle): Promise<void> {
    if (this.#timer !== timer) return;
    if (this.#holders.size > 0 && !this.#stopped) {
      try {
        await this.#renew();
      } catch (error) {
        this.#logger.warn({ err: error }, 'lease renewal failed; retrying at the next interval');
      }
    }
    if (this.#timer !== timer) return;
    this.#timer = undefined;
    this.#schedule();
  }
}
