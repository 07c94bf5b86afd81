// The write path (HBase's doMiniBatchMutation): check, lock the rows, take one sequence id for
// the batch, build the cells, add them to the memstores, append one WAL entry, wait for its sync,
// complete the MVCC entry and wait until it is visible. Invariant: an acknowledged write is in the
// WAL as its durability asks and visible to every later read; a failed one leaves no trace.
import {
  type Cell,
  compareBytes,
  InvalidArgumentError,
  LimitExceededError,
} from '../common/index.js';
import type { Durability } from '../common/operations.js';
import type { Mutation } from '../common/mutations.js';
import { BATCH_MUTATIONS_MAX, ROW_LOCK_WAIT_MS } from './limits.js';
import { deleteCells, mutationFamilies, putCells } from './mutation-cells.js';
import type { RegionCore } from './region-core.js';
import { newestTimestamps } from './region-latest.js';
import type { Store } from './store.js';

const DURABILITY_RANK: Record<Exclude<Durability, 'USE_DEFAULT'>, number> = {
  SKIP_WAL: 0,
  ASYNC_WAL: 1,
  SYNC_WAL: 2,
  FSYNC_WAL: 3,
};

/** Puts and Deletes on any rows of the region, applied together (atomic per row). */
export async function batchMutate(core: RegionCore, mutations: readonly Mutation[]): Promise<void> {
  // core.track inlined (enter/leave): one async frame for the whole write, not two.
  core.enter();
  try {
    validateBatch(core, mutations);
    core.checkResources();
    const rows = mutations.map((m) => m.row);
    const release =
      core.rowLocks.tryLockRows(rows) ?? (await core.rowLocks.lockRows(rows, ROW_LOCK_WAIT_MS));
    try {
      await writeLocked(core, mutations);
    } finally {
      release();
    }
  } finally {
    core.leave();
  }
}

export function validateBatch(core: RegionCore, mutations: readonly Mutation[]): void {
  if (mutations.length > BATCH_MUTATIONS_MAX) {
    throw new LimitExceededError(
      `batch has ${mutations.length} mutations; BATCH_MUTATIONS_MAX is ${BATCH_MUTATIONS_MAX}`,
    );
  }
  for (const mutation of mutations) {
    core.checkRow(mutation.row);
    if (mutation.type === 'put' && mutation.cells.length === 0) {
      throw new InvalidArgumentError('a Put has no cells; an empty Put is not allowed');
    }
    for (const family of mutationFamilies(mutation)) core.store(family);
  }
}

/** Writes mutations whose rows the caller has locked; returns the cells written. */
export async function writeLocked(
  core: RegionCore,
  mutations: readonly Mutation[],
  extraCells: (nowMs: number, sequenceId: number) => Cell[] = () => [],
): Promise<Cell[]> {
  const nowMs = core.clock.nowMs();
  const latest = mutations.some(isDelete) ? await resolveLatestDeletes(core, mutations) : NO_LATEST;
  const storeOf = (family: Buffer): Store => core.store(family);
  // From begin() to wal.append() nothing awaits, so WAL order is sequence-id order.
  const sequenceId = core.mvcc.begin();
  let cells: Cell[];
  let logged: Cell[];
  let durability: Exclude<Durability, 'USE_DEFAULT'> = 'SKIP_WAL';
  try {
    cells = [];
    logged = [];
    for (const mutation of mutations) {
      const own =
        mutation.type === 'put'
          ? putCells(mutation, nowMs, sequenceId, storeOf)
          : deleteCells(mutation, familiesOf(core), nowMs, sequenceId, latest(mutation));
      const d = core.effectiveDurability(mutation.durability);
      if (d !== 'SKIP_WAL') logged.push(...own);
      if (DURABILITY_RANK[d] > DURABILITY_RANK[durability]) durability = d;
      cells.push(...own);
    }
    const extra = extraCells(nowMs, sequenceId);
    cells.push(...extra);
    logged.push(...extra);
    if (extra.length > 0 && durability === 'SKIP_WAL')
      durability = core.effectiveDurability(undefined);
  } catch (error) {
    core.mvcc.complete(sequenceId);
    throw error;
  }
  for (const cell of cells) core.store(cell.family).add(cell);
  if (durability !== 'SKIP_WAL' && logged.length > 0) {
    const entry = { regionName: core.name, sequenceId, writeTimeMs: nowMs, cells: logged };
    try {
      await core.wal.append(entry, durability);
    } catch (error) {
      for (const cell of cells) core.store(cell.family).memstore.rollback(cell);
      core.mvcc.complete(sequenceId);
      throw error;
    }
  }
  core.mvcc.complete(sequenceId);
  // Mostly visible at once (the writes before it completed): then no wait, not even a microtask.
  if (core.mvcc.readPoint < sequenceId) await core.mvcc.waitForReadPoint(sequenceId);
  // The active memstore only: writes during a flush do not queue another flush of their few bytes.
  if (core.settings.autoFlush && core.memstoreActiveBytes >= core.settings.flushBytes)
    core.requestFlush();
  return cells;
}

/** The region's family names, for a Delete of whole rows (a Put needs none of them). */
function familiesOf(core: RegionCore): Buffer[] {
  return core.storeList.map((store) => store.familyName);
}

type LatestFor = (mutation: Mutation) => (family: Buffer, qualifier: Buffer) => number | undefined;

/** A batch of Puts reads nothing first: no await, no map (the common write). */
const NO_LATEST: LatestFor = () => () => undefined;

const isDelete = (mutation: Mutation): boolean => mutation.type === 'delete';

/** "Delete the latest version" needs the newest timestamps: read them before the write begins. */
async function resolveLatestDeletes(
  core: RegionCore,
  mutations: readonly Mutation[],
): Promise<LatestFor> {
  const answers = new Map<Mutation, Map<string, number[]>>();
  for (const mutation of mutations) {
    if (mutation.type !== 'delete') continue;
    const wanted = new Map<string, { family: Buffer; qualifier: Buffer; count: number }>();
    for (const target of mutation.targets) {
      if (target.kind !== 'version' || target.timestamp !== undefined) continue;
      const key = columnKey(target.family, target.qualifier);
      const entry = wanted.get(key) ?? {
        family: target.family,
        qualifier: target.qualifier,
        count: 0,
      };
      entry.count++;
      wanted.set(key, entry);
    }
    if (wanted.size === 0) continue;
    const found = new Map<string, number[]>();
    for (const [key, w] of wanted) {
      found.set(key, await newestTimestamps(core, mutation.row, w.family, w.qualifier, w.count));
    }
    answers.set(mutation, found);
  }
  return (mutation) => {
    const found = answers.get(mutation);
    return (family, qualifier) => found?.get(columnKey(family, qualifier))?.shift();
  };
}

function columnKey(family: Buffer, qualifier: Buffer): string {
  return `${family.toString('latin1')}\u0000${qualifier.toString('latin1')}`;
}

/** Sorted, distinct rows of a batch. */
export function batchRows(mutations: readonly Mutation[]): Buffer[] {
  return mutations.map((m) => m.row).sort(compareBytes);
}
