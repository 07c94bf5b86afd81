// One DDL operation per table at a time on the active master (HBase's exclusive table lock in its
// procedure scheduler, in memory): calls on one table run in arrival order, each after the one
// before it settles. Invariant: at most TABLE_LOCK_WAITERS_MAX calls wait for one table.
import { LimitExceededError } from '../common/errors.js';
import { TABLE_LOCK_WAITERS_MAX } from './ddl-limits.js';

export class TableLocks {
  /** Table → the tail of its queue and how many calls are in it. */
  readonly #queues = new Map<string, { tail: Promise<void>; size: number }>();

  /** Runs `work` once every earlier call on `table` has settled. */
  async run<T>(table: string, work: () => Promise<T>): Promise<T> {
    const queue = this.#queues.get(table) ?? { tail: Promise.resolve(), size: 0 };
    if (queue.size >= TABLE_LOCK_WAITERS_MAX) {
      throw new LimitExceededError(
        `${queue.size} DDL calls wait for table ${table}; ` +
          `TABLE_LOCK_WAITERS_MAX is ${TABLE_LOCK_WAITERS_MAX}`,
      );
    }
    const before = queue.tail;
    let release: () => void = () => undefined;
    const mine = new Promise<void>((resolve) => (release = resolve));
    queue.tail = mine;
    queue.size++;
    this.#queues.set(table, queue);
    try {
      await before;
      return await work();
    } finally {
      queue.size--;
      if (queue.size === 0) this.#queues.delete(table);
      release();
    }
  }
}
