// A member's Raft log in memory: entries after a compaction point, the part not yet durable, and
// the commit and apply marks. Invariant: offset <= applied <= committed <= lastIndex, and
// entries[i].index == offset + 1 + i; a committed entry is never truncated.
import { assert } from '../../common/assert.js';
import type { Entry, Snapshot } from './types.js';

/** A read-only view for tests and checkers. */
export interface RaftLogView {
  readonly committed: number;
  readonly applied: number;
  firstIndex(): number;
  lastIndex(): number;
  term(index: number): number | undefined;
  entry(index: number): Entry | undefined;
}

export class RaftLog implements RaftLogView {
  /** The index just before the first entry kept in memory, and its term. */
  #offset = 0;
  #offsetTerm = 0;
  #entries: Entry[] = [];
  /** The highest index known durable. */
  #stabled = 0;
  /** The latest snapshot (sent to followers behind `offset`), and one received but not durable. */
  #snapshot: Snapshot | undefined;
  #pendingSnapshot: Snapshot | undefined;
  committed = 0;
  /** The highest index handed to the state machine. */
  applied = 0;

  /** A log restored from what a member persisted: all of it is durable. */
  static restore(
    snapshot: Snapshot | undefined,
    entries: readonly Entry[],
    commit: number,
  ): RaftLog {
    const log = new RaftLog();
    if (snapshot !== undefined) {
      log.#snapshot = snapshot;
      log.#offset = snapshot.index;
      log.#offsetTerm = snapshot.term;
    }
    for (const entry of entries) {
      assert(entry.index === log.lastIndex() + 1, `restored entry ${entry.index} leaves a gap`);
      assert(entry.term >= log.lastTerm(), `restored entry ${entry.index} has a lower term`);
      log.#entries.push(entry);
    }
    log.#stabled = log.lastIndex();
    log.applied = log.#offset;
    log.committed = Math.max(log.#offset, Math.min(commit, log.lastIndex()));
    return log;
  }

  firstIndex(): number {
    return this.#offset + 1;
  }

  lastIndex(): number {
    return this.#offset + this.#entries.length;
  }

  lastTerm(): number {
    return this.#entries.at(-1)?.term ?? this.#offsetTerm;
  }

  get stabled(): number {
    return this.#stabled;
  }

  get snapshot(): Snapshot | undefined {
    return this.#snapshot;
  }

  get pendingSnapshot(): Snapshot | undefined {
    return this.#pendingSnapshot;
  }

  /** The term of the entry at `index`; undefined if compacted away or not yet written. */
  term(index: number): number | undefined {
    if (index === this.#offset) return this.#offsetTerm;
    return this.entry(index)?.term;
  }

  entry(index: number): Entry | undefined {
    if (index <= this.#offset) return undefined;
    return this.#entries[index - this.#offset - 1];
  }

  matchTerm(index: number, term: number): boolean {
    return this.term(index) === term;
  }

  /** §5.4.1: is a log ending at (lastIndex, lastTerm) at least as up to date as this one? */
  isUpToDate(lastIndex: number, lastTerm: number): boolean {
    const myTerm = this.lastTerm();
    return lastTerm > myTerm || (lastTerm === myTerm && lastIndex >= this.lastIndex());
  }

  /** The leader's own append. */
  append(entry: Entry): void {
    assert(
      entry.index === this.lastIndex() + 1,
      `append at ${entry.index} after ${this.lastIndex()}`,
    );
    this.#entries.push(entry);
  }

  /**
   * A follower's append after (prevIndex, prevTerm): undefined if the log does not hold that
   * entry; otherwise it drops conflicting entries, appends the new ones, advances the commit
   * mark (never past what the leader's entries proved) and returns the last index they cover.
   */
  maybeAppend(
    prevIndex: number,
    prevTerm: number,
    commit: number,
    entries: readonly Entry[],
  ): number | undefined {
    if (!this.matchTerm(prevIndex, prevTerm)) return undefined;
    const lastNew = prevIndex + entries.length;
    const conflict = entries.find((e) => !this.matchTerm(e.index, e.term));
    if (conflict !== undefined) {
      assert(conflict.index > this.committed, `entry ${conflict.index} conflicts below commit`);
      this.#truncateAndAppend(entries.slice(conflict.index - prevIndex - 1));
    }
    this.commitTo(Math.min(commit, lastNew));
    return lastNew;
  }

  #truncateAndAppend(entries: readonly Entry[]): void {
    const first = entries[0];
    if (first === undefined) return;
    assert(first.index > this.#offset, `truncate at ${first.index} below offset ${this.#offset}`);
    this.#entries.length = first.index - this.#offset - 1;
    this.#stabled = Math.min(this.#stabled, first.index - 1);
    for (const entry of entries) this.#entries.push(entry);
  }

  /** The largest index <= `index` whose term is <= `term` (or the compaction point). */
  findConflictByTerm(index: number, term: number): number {
    let i = Math.min(index, this.lastIndex());
    while (i > this.#offset && (this.term(i) ?? 0) > term) i--;
    return i;
  }

  /** Entries from `from` on, at most `countMax` and (beyond the first) `bytesMax`; undefined if
   * `from` is compacted away. */
  slice(from: number, countMax: number, bytesMax: number): Entry[] | undefined {
    if (from <= this.#offset) return undefined;
    const out: Entry[] = [];
    let bytes = 0;
    for (let i = from; i <= this.lastIndex() && out.length < countMax; i++) {
      const entry = this.entry(i);
      assert(entry !== undefined, `entry ${i} missing`);
      bytes += entry.data.length;
      if (out.length > 0 && bytes > bytesMax) break;
      out.push(entry);
    }
    return out;
  }

  /** Entries not yet durable. */
  unstableEntries(): Entry[] {
    return this.#entries.slice(Math.max(0, this.#stabled - this.#offset));
  }

  /** Entries up to (index, term) are durable, unless the log changed there meanwhile. */
  stableTo(index: number, term: number): void {
    if (this.matchTerm(index, term) && index > this.#stabled) this.#stabled = index;
  }

  commitTo(index: number): void {
    if (index <= this.committed) return;
    assert(index <= this.lastIndex(), `commit ${index} beyond last index ${this.lastIndex()}`);
    this.committed = index;
  }

  /** Committed entries not yet handed to the state machine (after a pending snapshot's index). */
  nextCommitted(countMax: number): Entry[] {
    const from = Math.max(this.applied, this.#pendingSnapshot?.index ?? 0) + 1;
    const count = Math.min(countMax, this.committed - from + 1);
    if (count <= 0) return [];
    return this.#entries.slice(from - this.#offset - 1, from - this.#offset - 1 + count);
  }

  appliedTo(index: number): void {
    assert(index <= this.committed, `applied ${index} beyond commit ${this.committed}`);
    this.applied = Math.max(this.applied, index);
  }

  /** A leader's snapshot replaces this log: the log restarts after it, committed up to it. */
  restore(snapshot: Snapshot): void {
    assert(snapshot.index > this.committed, `snapshot ${snapshot.index} is not past commit`);
    this.#offset = snapshot.index;
    this.#offsetTerm = snapshot.term;
    this.#entries = [];
    this.#stabled = snapshot.index;
    this.committed = snapshot.index;
    this.#snapshot = snapshot;
    this.#pendingSnapshot = snapshot;
  }

  /** The pending snapshot at `index` is durable (and restored into the state machine). */
  snapshotStableTo(index: number): void {
    if (this.#pendingSnapshot?.index !== index) return;
    this.#pendingSnapshot = undefined;
    this.applied = Math.max(this.applied, index);
  }

  /** The application took `snapshot`; entries up to `keepAfter` are no longer needed. */
  compact(snapshot: Snapshot, keepAfter: number): void {
    assert(this.#pendingSnapshot === undefined, 'compact while a snapshot is being installed');
    assert(snapshot.index <= this.applied, `snapshot ${snapshot.index} is not applied`);
    this.#snapshot = snapshot;
    const cut = Math.min(keepAfter, snapshot.index);
    if (cut <= this.#offset) return;
    const cutTerm = this.term(cut);
    assert(cutTerm !== undefined, `no term at compaction point ${cut}`);
    this.#entries = this.#entries.slice(cut - this.#offset);
    this.#offset = cut;
    this.#offsetTerm = cutTerm;
  }
}
