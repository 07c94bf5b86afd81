// Exclusive row locks of one region, as HRegion's: a mutation holds its rows' locks from before it
// reads (check, increment) until its write is visible. Invariant: rows are locked in sorted order,
// so two batches never deadlock; a wait is bounded by the caller's timeout.
import { type Clock, compareBytes, type TimerHandle } from '../common/index.js';
import { RowLockTimeoutError } from './errors.js';

interface Waiter {
  readonly grant: () => void;
}

export class RowLocks {
  readonly #clock: Clock;
  /** Locked rows (latin1 keys) and who waits for each, in arrival order. */
  readonly #held = new Map<string, Waiter[]>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  get heldCount(): number {
    return this.#held.size;
  }

  /** Locks every row (duplicates allowed) and returns the function that releases them all. */
  async lockRows(rows: readonly Buffer[], timeoutMs: number): Promise<() => void> {
    const keys = uniqueSorted(rows);
    const locked: string[] = [];
    try {
      for (const key of keys) {
        // An uncontended lock is granted at once: no promise, no microtask.
        const waiting = this.#lockOne(key, timeoutMs);
        if (waiting !== undefined) await waiting;
        locked.push(key);
      }
    } catch (error) {
      for (const key of locked) this.#unlockOne(key);
      throw error;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const key of locked) this.#unlockOne(key);
    };
  }

  #lockOne(key: string, timeoutMs: number): Promise<void> | undefined {
    const queue = this.#held.get(key);
    if (queue === undefined) {
      this.#held.set(key, []);
      return undefined;
    }
    return new Promise((resolve, reject) => {
      let timer: TimerHandle | undefined;
      const waiter: Waiter = {
        grant: () => {
          if (timer !== undefined) this.#clock.clearTimeout(timer);
          resolve();
        },
      };
      queue.push(waiter);
      timer = this.#clock.setTimeout(() => {
        const at = queue.indexOf(waiter);
        if (at >= 0) queue.splice(at, 1);
        reject(new RowLockTimeoutError(`row lock not granted within ${timeoutMs} ms`));
      }, timeoutMs);
    });
  }

  #unlockOne(key: string): void {
    const queue = this.#held.get(key);
    if (queue === undefined) return;
    const next = queue.shift();
    if (next === undefined) this.#held.delete(key);
    else next.grant();
  }
}

function uniqueSorted(rows: readonly Buffer[]): string[] {
  const sorted = [...rows].sort(compareBytes);
  const keys: string[] = [];
  let previous: Buffer | undefined;
  for (const row of sorted) {
    if (previous !== undefined && compareBytes(previous, row) === 0) continue;
    keys.push(row.toString('latin1'));
    previous = row;
  }
  return keys;
}
