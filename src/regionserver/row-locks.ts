// Exclusive row locks of one region, as HRegion's: a mutation holds its rows' locks from before it
// reads (check, increment) until its write is visible. Invariant: a mutation that waits locks its
// rows in sorted order, so two batches never deadlock (one that takes every row at once, without
// waiting, needs no order); a wait is bounded by the caller's timeout.
import type { Clock, TimerHandle } from '../common/index.js';
import { RenewingMap } from '../common/renewing-map.js';
import { RowLockTimeoutError } from './errors.js';

interface Waiter {
  readonly grant: () => void;
}

/**
 * The queue of a row locked with nobody waiting (most locks): one shared array, so an
 * uncontended lock allocates none. Never pushed to: a first waiter gets the row its own queue.
 */
const NO_WAITERS: Waiter[] = [];

export class RowLocks {
  readonly #clock: Clock;
  /** Locked rows (latin1 keys) and who waits for each, in arrival order. */
  readonly #held = new RenewingMap<string, Waiter[]>();

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
    return this.#releaser(locked);
  }

  /**
   * Locks every row at once when none of them is held, with no promise and no async frame (the
   * common write, uncontended); otherwise locks nothing and returns undefined (wait in lockRows).
   * Fair: a row someone waits for is held, so this never overtakes a waiter.
   */
  tryLockRows(rows: readonly Buffer[]): (() => void) | undefined {
    // No order needed: nothing waits here, so nothing can deadlock (a batch's thousands of rows
    // need no sort, only their duplicates dropped).
    const keys = rows.map((row) => row.toString('latin1'));
    for (const key of keys) if (this.#held.has(key)) return undefined;
    const locked: string[] = [];
    for (const key of keys) {
      // A key already set here is a duplicate in this batch: locked once, released once.
      if (this.#held.has(key)) continue;
      this.#held.set(key, NO_WAITERS);
      locked.push(key);
    }
    return this.#releaser(locked);
  }

  /** The function that releases `locked` once (a second call does nothing). */
  #releaser(locked: readonly string[]): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const key of locked) this.#unlockOne(key);
    };
  }

  #lockOne(key: string, timeoutMs: number): Promise<void> | undefined {
    let queue = this.#held.get(key);
    if (queue === undefined) {
      this.#held.set(key, NO_WAITERS);
      return undefined;
    }
    if (queue === NO_WAITERS) {
      queue = [];
      this.#held.set(key, queue);
    }
    const waiters = queue;
    return new Promise((resolve, reject) => {
      let timer: TimerHandle | undefined;
      const waiter: Waiter = {
        grant: () => {
          if (timer !== undefined) this.#clock.clearTimeout(timer);
          resolve();
        },
      };
      waiters.push(waiter);
      timer = this.#clock.setTimeout(() => {
        const at = waiters.indexOf(waiter);
        if (at >= 0) waiters.splice(at, 1);
        reject(new RowLockTimeoutError(`row lock not granted within ${timeoutMs} ms`));
      }, timeoutMs);
    });
  }

  #unlockOne(key: string): void {
    const queue = this.#held.get(key);
    if (queue === undefined) return;
    if (queue === NO_WAITERS) {
      this.#held.delete(key);
      return;
    }
    const next = queue.shift();
    if (next === undefined) this.#held.delete(key);
    else next.grant();
  }
}

function uniqueSorted(rows: readonly Buffer[]): string[] {
  // latin1 strings sort by code unit, which is byte order: a native string sort instead of a
  // byte comparison per step.
  const keys = rows.map((row) => row.toString('latin1')).sort();
  let kept = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (kept === 0 || keys[kept - 1] !== key) keys[kept++] = key;
  }
  keys.length = kept;
  return keys;
}
