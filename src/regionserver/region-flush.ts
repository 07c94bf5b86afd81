// Flush and compaction of a region, on demand or in the background. A flush snapshots every
// memstore at once, waits until every write in the snapshots is complete, writes one file per
// store, then tells the WAL which edits are safe. Invariant: one flush and one compaction per
// region at a time; a failed flush gives its snapshots back to the memstores.
import { type CompactionOutcome, compactStore } from './compaction/compactor.js';
import type { MemstoreSnapshot } from './memstore/memstore.js';
import { backgroundFlushSlots } from './flush-slots.js';
import { COMPACTION_MIN_FILES } from './limits.js';
import type { RegionCore } from './region-core.js';
import type { Store } from './store.js';

export interface FlushOutcome {
  /** The sequence id every flushed edit is at or below; 0 when there was nothing to flush. */
  readonly flushedSequenceId: number;
  readonly stores: number;
}

const flushes = new WeakMap<RegionCore, Promise<FlushOutcome>>();
const compactions = new WeakMap<RegionCore, Promise<unknown>>();

/** Flushes every store's memstore; concurrent calls wait for the running flush, then flush again. */
export async function flushRegion(core: RegionCore): Promise<FlushOutcome> {
  const running = flushes.get(core);
  if (running !== undefined) await running.catch(() => undefined);
  const flush = doFlush(core);
  flushes.set(core, flush);
  try {
    return await flush;
  } finally {
    if (flushes.get(core) === flush) flushes.delete(core);
  }
}

async function doFlush(core: RegionCore): Promise<FlushOutcome> {
  const taken: [Store, MemstoreSnapshot][] = [];
  for (const store of core.storeList) {
    if (store.memstore.activeCells > 0) taken.push([store, store.memstore.snapshot()]);
  }
  const flushSequenceId = core.mvcc.highestAssigned;
  if (taken.length === 0) return { flushedSequenceId: 0, stores: 0 };
  const startedMs = core.clock.nowMs();
  // Writes that put cells into these snapshots may still be syncing: wait for all of them.
  await core.mvcc.waitForReadPoint(flushSequenceId);
  let done = 0;
  try {
    for (const [store, snapshot] of taken) {
      await store.flushSnapshot(snapshot, core.mvcc.readPoint);
      done++;
    }
  } catch (error) {
    for (const [store] of taken.slice(done)) store.memstore.restoreSnapshot();
    throw error;
  }
  core.flushedSequenceId = flushSequenceId;
  // HBase's "Finished flush of dataSize ~… in … ms": one line per flush, for operators.
  core.logger.info(
    {
      region: core.name,
      stores: taken.length,
      cells: taken.reduce((n, [, snapshot]) => n + snapshot.cells.size, 0),
      bytes: taken.reduce((n, [, snapshot]) => n + snapshot.sizeBytes, 0),
      sequenceId: flushSequenceId,
      ms: core.clock.nowMs() - startedMs,
    },
    'flush finished',
  );
  try {
    await core.wal.markFlushed(core.name, flushSequenceId);
  } catch (error) {
    core.logger.warn({ err: error, region: core.name }, 'WAL archiving after a flush failed');
  }
  if (core.settings.autoCompact && needsCompaction(core)) core.requestCompaction();
  return { flushedSequenceId: flushSequenceId, stores: taken.length };
}

export function needsCompaction(core: RegionCore): boolean {
  const min = core.settings.compactionPolicy?.minFiles ?? COMPACTION_MIN_FILES;
  return core.storeList.some((store) => store.files.length >= min);
}

/** Compacts every store that has something to compact; one outcome per store compacted. */
export async function compactRegion(
  core: RegionCore,
  major: boolean,
): Promise<Map<string, CompactionOutcome>> {
  const running = compactions.get(core);
  if (running !== undefined) await running.catch(() => undefined);
  if (core.compactionsHeld) return new Map();
  const work = (async () => {
    const outcomes = new Map<string, CompactionOutcome>();
    for (const store of core.storeList) {
      const startedMs = core.clock.nowMs();
      const outcome = await compactStore(
        {
          fs: core.fs,
          info: core.info,
          cache: core.cache,
          clock: core.clock,
          rewriter: core.rewriter,
          ...(core.settings.compactionPolicy === undefined
            ? {}
            : { policy: core.settings.compactionPolicy }),
        },
        store,
        { major, readPoint: core.mvcc.readPoint },
      );
      if (outcome === undefined) continue;
      outcomes.set(store.family.name, outcome);
      core.logger.info(
        {
          region: core.name,
          family: store.family.name,
          major: outcome.major,
          files: outcome.end - outcome.start,
          inputCells: outcome.inputCells,
          outputCells: outcome.outputCells,
          ms: core.clock.nowMs() - startedMs,
        },
        'compaction finished',
      );
    }
    return outcomes;
  })();
  compactions.set(core, work);
  try {
    return await work;
  } finally {
    if (compactions.get(core) === work) compactions.delete(core);
  }
}

/**
 * Wires the core's background requests: coalesced, one at a time, failures logged; flushes take
 * one of the process's background flush slots (flush-slots.ts).
 */
export function installBackgroundWork(core: RegionCore): void {
  let flushQueued = false;
  let compactionQueued = false;
  core.requestFlush = () => {
    // Pending from the request until the flush starts: a region waiting for a slot is queued once.
    if (flushQueued || core.state !== 'open') return;
    flushQueued = true;
    setImmediate(() => {
      backgroundFlushSlots
        .run(() => {
          flushQueued = false;
          return core.state === 'open' ? flushRegion(core) : Promise.resolve(undefined);
        })
        .catch((error: unknown) =>
          core.logger.warn({ err: error, region: core.name }, 'background flush failed'),
        );
    });
  };
  core.requestCompaction = () => {
    if (compactionQueued || core.state !== 'open') return;
    compactionQueued = true;
    setImmediate(() => {
      compactionQueued = false;
      if (core.state !== 'open') return;
      compactRegion(core, false).catch((error: unknown) =>
        core.logger.warn({ err: error, region: core.name }, 'background compaction failed'),
      );
    });
  };
}

/** Waits for a running flush and compaction (close uses it). */
export async function quiesce(core: RegionCore): Promise<void> {
  await flushes.get(core)?.catch(() => undefined);
  await compactions.get(core)?.catch(() => undefined);
}
