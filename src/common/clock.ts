// The injectable clock: wall time, monotonic time and timers. Production uses `systemClock`;
// tests use `ManualClock`, whose time moves only when the test says so.

export interface TimerHandle {
  /** Lets the process exit while this timer is pending (Node's `unref`). */
  unref(): void;
}

export interface Clock {
  /** Wall-clock milliseconds since the epoch (cell timestamps, logs). */
  nowMs(): number;
  /** Monotonic milliseconds for durations and deadlines; never goes backwards. */
  monotonicMs(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  monotonicMs: () => performance.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface ManualTimer extends TimerHandle {
  readonly id: number;
  readonly dueMs: number;
  readonly callback: () => void;
}

/** A clock for tests: `advance(ms)` fires due timers in order of due time, then of creation. */
export class ManualClock implements Clock {
  #nowMs: number;
  #monotonicMs = 0;
  #nextId = 0;
  #timers: ManualTimer[] = [];

  constructor(startWallMs = 1_700_000_000_000) {
    this.#nowMs = startWallMs;
  }

  nowMs(): number {
    return this.#nowMs;
  }

  monotonicMs(): number {
    return this.#monotonicMs;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const timer: ManualTimer = {
      id: this.#nextId++,
      dueMs: this.#monotonicMs + Math.max(0, delayMs),
      callback,
      unref: () => undefined,
    };
    this.#timers.push(timer);
    return timer;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((t) => t !== handle);
  }

  /** Timers not yet fired. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const targetMs = this.#monotonicMs + ms;
    for (;;) {
      const next = this.#earliestDue(targetMs);
      if (next === undefined) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#nowMs += next.dueMs - this.#monotonicMs;
      this.#monotonicMs = next.dueMs;
      next.callback();
    }
    this.#nowMs += targetMs - this.#monotonicMs;
    this.#monotonicMs = targetMs;
  }

  #earliestDue(limitMs: number): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const t of this.#timers) {
      if (t.dueMs > limitMs) continue;
      if (
        best === undefined ||
        t.dueMs < best.dueMs ||
        (t.dueMs === best.dueMs && t.id < best.id)
      ) {
        best = t;
      }
    }
    return best;
  }
}
