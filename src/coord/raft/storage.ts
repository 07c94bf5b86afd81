// Where a Raft member keeps its hard state, latest snapshot and log entries, and the in-memory
// implementation. Invariant: the stored entries run without a gap, after the stored snapshot.
import { assert } from '../../common/assert.js';
import {
  EMPTY_HARD_STATE,
  type Entry,
  type HardState,
  type PersistedState,
  type Snapshot,
} from './types.js';

/**
 * A member's durable state. Calls are made one at a time (each awaited before the next), and
 * what a call wrote is durable when its promise resolves: the member sends nothing before.
 */
export interface RaftStorage {
  /** Opens the storage; `entries` are those after the snapshot's index, in order. */
  load(): Promise<PersistedState>;
  /**
   * Writes atomically, in this order:
   * - `snapshot` replaces the stored snapshot. If the stored log does not hold the snapshot's own
   *   entry (same index and term), every stored entry is dropped: the log restarts after it.
   * - `entries` replace any stored at the same or a higher index.
   * - `hardState` replaces the stored one.
   * Durable when the promise resolves, except a save that only moves the commit index, which may
   * be lost in a crash (the commit index is learned again; etcd's MustSync rule).
   */
  save(
    hardState: HardState | undefined,
    entries: readonly Entry[],
    snapshot?: Snapshot,
  ): Promise<void>;
  /** Drops stored entries at or below `index` (at most the stored snapshot's index). */
  compact(index: number): Promise<void>;
  close(): Promise<void>;
}

/** The stored state as plain data, with the rules of RaftStorage.save; shared by implementations. */
export class StoredLog {
  hardState: HardState = EMPTY_HARD_STATE;
  snapshot: Snapshot | undefined;
  /** Entries in index order without a gap. */
  entries: Entry[] = [];

  firstIndex(): number | undefined {
    return this.entries[0]?.index;
  }

  lastIndex(): number | undefined {
    return this.entries.at(-1)?.index;
  }

  entry(index: number): Entry | undefined {
    const first = this.firstIndex();
    return first === undefined ? undefined : this.entries[index - first];
  }

  /**
   * Applies a save; returns the range of indexes dropped (inclusive, possibly empty) so that a
   * disk-backed store can delete the same keys.
   */
  save(
    hardState: HardState | undefined,
    entries: readonly Entry[],
    snapshot: Snapshot | undefined,
  ): { dropFrom: number; dropTo: number } {
    let dropFrom = Infinity;
    let dropTo = -Infinity;
    if (snapshot !== undefined) {
      if (this.entry(snapshot.index)?.term !== snapshot.term) {
        dropFrom = this.firstIndex() ?? Infinity;
        dropTo = this.lastIndex() ?? -Infinity;
        this.entries = [];
      }
      this.snapshot = snapshot;
    }
    const first = entries[0];
    if (first !== undefined) {
      const last = this.lastIndex();
      const base = this.firstIndex() ?? (this.snapshot?.index ?? 0) + 1;
      const limit = (last ?? base - 1) + 1;
      assert(
        first.index >= base && first.index <= limit,
        `entries from ${first.index} do not continue the stored log (${base}..${limit - 1})`,
      );
      if (last !== undefined && first.index <= last) {
        dropFrom = Math.min(dropFrom, first.index);
        dropTo = Math.max(dropTo, last);
      }
      this.entries.length = Math.max(0, first.index - base);
      for (const entry of entries) this.entries.push(entry);
    }
    if (hardState !== undefined) this.hardState = hardState;
    return { dropFrom, dropTo };
  }

  /** Drops entries at or below `index`; returns how many. */
  compact(index: number): number {
    assert(index <= (this.snapshot?.index ?? 0), `compact to ${index} is past the snapshot`);
    const first = this.firstIndex();
    if (first === undefined || index < first) return 0;
    const count = Math.min(this.entries.length, index - first + 1);
    this.entries = this.entries.slice(count);
    return count;
  }

  /** What load() returns: the entries after the snapshot. */
  persisted(): PersistedState {
    const after = this.snapshot?.index ?? 0;
    const entries = this.entries.filter((e) => e.index > after);
    return {
      hardState: this.hardState,
      ...(this.snapshot === undefined ? {} : { snapshot: this.snapshot }),
      entries,
    };
  }
}

/** Storage in memory: durable only as long as the object lives. For tests and simulations. */
export class MemoryStorage implements RaftStorage {
  readonly stored = new StoredLog();
  #closed = false;

  async load(): Promise<PersistedState> {
    this.#checkOpen();
    return this.stored.persisted();
  }

  async save(
    hardState: HardState | undefined,
    entries: readonly Entry[],
    snapshot?: Snapshot,
  ): Promise<void> {
    this.#checkOpen();
    this.stored.save(hardState, entries, snapshot);
  }

  async compact(index: number): Promise<void> {
    this.#checkOpen();
    this.stored.compact(index);
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  /** Opens it again after close(), with what it held: a restart. */
  reopen(): void {
    this.#closed = false;
  }

  #checkOpen(): void {
    assert(!this.#closed, 'storage is closed');
  }
}
