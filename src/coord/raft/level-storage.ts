// RaftStorage on LevelDB (classic-level): one atomic batch per save, synced unless it only moves
// the commit index; entries under keys that sort by index ('e' + 16 hex digits); snapshot data in
// files beside the database (snapshot-files.ts). A mirror in memory (StoredLog) decides what to delete.
import { ClassicLevel } from 'classic-level';
import { pack, unpack } from 'msgpackr';
import { assert } from '../../common/assert.js';
import { type LevelBatchOp, writeLevelBatch } from '../../common/level-batch.js';
import type { RaftStorage } from './storage.js';
import { StoredLog } from './storage.js';
import type { Entry, HardState, PersistedState, Snapshot } from './types.js';
import {
  readSnapshotFile,
  removeSnapshotFiles,
  snapshotFileName,
  writeSnapshotFile,
} from './snapshot-files.js';

const HARD_STATE_KEY = 'h';
const SNAPSHOT_KEY = 's';
const ENTRY_PREFIX = 'e';
/** The first key after every entry key. */
const ENTRY_END = 'f';
const INDEX_HEX_DIGITS = 16;

type BatchOp = LevelBatchOp<Uint8Array>;

export function entryKey(index: number): string {
  return ENTRY_PREFIX + index.toString(16).padStart(INDEX_HEX_DIGITS, '0');
}

export class LevelStorage implements RaftStorage {
  readonly location: string;
  /** Snapshot files live beside the database. */
  readonly #snapshotDir: string;
  readonly #db: ClassicLevel<string, Uint8Array>;
  readonly #stored = new StoredLog();
  #loaded = false;
  /** The term and vote last written with sync (what a crash cannot take back). */
  #syncedTerm: HardState['term'] | undefined;
  #syncedVote: HardState['vote'] | undefined;
  /** A failed write leaves the mirror unlike the disk: the storage refuses every later call. */
  #failure: unknown;

  constructor(location: string) {
    this.location = location;
    this.#snapshotDir = `${location}.snapshots`;
    this.#db = new ClassicLevel<string, Uint8Array>(location, { valueEncoding: 'view' });
  }

  async load(): Promise<PersistedState> {
    assert(!this.#loaded, 'load() is called once');
    await this.#db.open();
    const hardState = await this.#db.get(HARD_STATE_KEY);
    if (hardState !== undefined) {
      this.#stored.hardState = decodeHardState(hardState);
      this.#syncedTerm = this.#stored.hardState.term;
      this.#syncedVote = this.#stored.hardState.vote;
    }
    const snapshot = await this.#db.get(SNAPSHOT_KEY);
    if (snapshot !== undefined) {
      const { name, ...meta } = decodeSnapshotRecord(snapshot);
      const data = await readSnapshotFile(this.#snapshotDir, name);
      this.#stored.snapshot = { ...meta, data };
    }
    for await (const [key, value] of this.#db.iterator({ gte: ENTRY_PREFIX, lt: ENTRY_END })) {
      const entry = decodeEntry(key, value);
      const last = this.#stored.lastIndex();
      assert(last === undefined || entry.index === last + 1, `stored entry ${key} after a gap`);
      this.#stored.entries.push(entry);
    }
    this.#loaded = true;
    return this.#stored.persisted();
  }

  async save(
    hardState: HardState | undefined,
    entries: readonly Entry[],
    snapshot?: Snapshot,
  ): Promise<void> {
    this.#checkUsable();
    const { dropFrom, dropTo } = this.#stored.save(hardState, entries, snapshot);
    const ops: BatchOp[] = [];
    const putFrom = entries[0]?.index ?? Infinity;
    const putTo = entries.at(-1)?.index ?? -Infinity;
    for (let index = dropFrom; index <= dropTo; index++) {
      if (index < putFrom || index > putTo) ops.push({ type: 'del', key: entryKey(index) });
    }
    let snapshotName: string | undefined;
    if (snapshot !== undefined) {
      snapshotName = snapshotFileName(snapshot.index, snapshot.term);
      ops.push({
        type: 'put',
        key: SNAPSHOT_KEY,
        value: encodeSnapshotRecord(snapshot, snapshotName),
      });
    }
    for (const entry of entries) {
      ops.push({ type: 'put', key: entryKey(entry.index), value: pack([entry.term, entry.data]) });
    }
    if (hardState !== undefined) {
      const { term, vote, commit } = hardState;
      ops.push({ type: 'put', key: HARD_STATE_KEY, value: pack([term, vote, commit]) });
    }
    const sync = this.#mustSync(hardState, entries, snapshot);
    // The commit index alone is volatile state in Raft (§5.3 of the paper): a restarted member
    // learns it again, so a save that only moves it need not touch the disk at all.
    if (!sync && ops.length === 1) return;
    if (snapshot !== undefined && snapshotName !== undefined) {
      await this.#guard(() => writeSnapshotFile(this.#snapshotDir, snapshotName, snapshot.data));
    }
    await this.#write(ops, sync);
    if (snapshotName !== undefined) {
      await this.#guard(() => removeSnapshotFiles(this.#snapshotDir, snapshotName));
    }
  }

  /**
   * etcd's MustSync: entries, a snapshot, or a new term or vote must be on disk before the
   * messages that depend on them go out. A change of the commit index alone need not be: a
   * restarted member learns the commit index again from the log and its leader, and LevelDB's next
   * synced write makes the earlier unsynced one durable too.
   */
  #mustSync(
    hardState: HardState | undefined,
    entries: readonly Entry[],
    snapshot?: Snapshot,
  ): boolean {
    const termOrVote =
      hardState !== undefined &&
      (hardState.term !== this.#syncedTerm || hardState.vote !== this.#syncedVote);
    if (hardState !== undefined) {
      this.#syncedTerm = hardState.term;
      this.#syncedVote = hardState.vote;
    }
    return entries.length > 0 || snapshot !== undefined || termOrVote;
  }

  async compact(index: number): Promise<void> {
    this.#checkUsable();
    const first = this.#stored.firstIndex();
    const count = this.#stored.compact(index);
    if (first === undefined || count === 0) return;
    // One range delete, run by LevelDB off the event loop (a batch of a hundred thousand `del`
    // ops built here stalled the loop). Unsynced and not atomic: a crash part-way leaves a suffix
    // of entries the snapshot already covers, which load skips.
    try {
      await this.#db.clear({ gte: ENTRY_PREFIX, lt: entryKey(first + count) });
    } catch (error) {
      this.#failure = error;
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.#db.close();
  }

  /** Runs file I/O of a save; a failure poisons the storage like a failed batch. */
  async #guard(io: () => Promise<void>): Promise<void> {
    try {
      await io();
    } catch (error) {
      this.#failure = error;
      throw error;
    }
  }

  async #write(ops: BatchOp[], sync: boolean): Promise<void> {
    if (ops.length === 0) return;
    try {
      await writeLevelBatch(this.#db, ops, sync);
    } catch (error) {
      this.#failure = error;
      throw error;
    }
  }

  #checkUsable(): void {
    assert(this.#loaded, 'load() comes first');
    if (this.#failure !== undefined) {
      throw new Error(`raft storage at ${this.location} failed earlier`, {
        cause: this.#failure,
      });
    }
  }
}

function decodeHardState(bytes: Uint8Array): HardState {
  const value: unknown = unpack(bytes);
  assert(
    Array.isArray(value) && value.length === 3 && value.every((v) => Number.isSafeInteger(v)),
    'stored hard state is malformed',
  );
  const [term, vote, commit] = value as [number, number, number];
  return { term, vote, commit };
}

function decodeEntry(key: string, bytes: Uint8Array): Entry {
  const index = Number.parseInt(key.slice(ENTRY_PREFIX.length), 16);
  const value: unknown = unpack(bytes);
  assert(
    Array.isArray(value) &&
      value.length === 2 &&
      Number.isSafeInteger(value[0]) &&
      value[1] instanceof Uint8Array,
    `stored entry ${key} is malformed`,
  );
  return { index, term: value[0] as number, data: plainBytes(value[1] as Uint8Array) };
}

/** The log's record of a snapshot: its place in the log and the file that holds its data. */
function encodeSnapshotRecord(snapshot: Snapshot, name: string): Uint8Array {
  const { index, term, members } = snapshot;
  return pack([index, term, [...members], name]);
}

function decodeSnapshotRecord(bytes: Uint8Array): Omit<Snapshot, 'data'> & { name: string } {
  const value: unknown = unpack(bytes);
  assert(Array.isArray(value) && value.length === 4, 'stored snapshot is malformed');
  const [index, term, members, name] = value as unknown[];
  assert(
    Number.isSafeInteger(index) &&
      Number.isSafeInteger(term) &&
      Array.isArray(members) &&
      members.every((m) => Number.isSafeInteger(m)) &&
      typeof name === 'string',
    'stored snapshot is malformed',
  );
  return { index: index as number, term: term as number, members: members as number[], name };
}

/** A copy as a plain Uint8Array: msgpack hands out Buffers that view its input. */
function plainBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}
