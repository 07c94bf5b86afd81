// A region (HBase's HRegion, without the 9,000 lines): the public face of one row range of a
// table. Opening loads the store files and replays WAL edits newer than them; every operation
// delegates to region-write/read/atomic/flush. Invariant: once close() resolves, the memstores are
// flushed and nothing is served.
import {
  type Cell,
  type Clock,
  type Logger,
  type Rng,
  systemClock,
  systemRng,
} from '../common/index.js';
import type { GetSpec, ScanSpec, TableDescriptor } from '../common/operations.js';
import type { CheckAndMutate, Mutation, RowOperation } from '../common/mutations.js';
import type { CompactionOutcome } from './compaction/compactor.js';
import type { FileRewriter } from './compaction/rewriter.js';
import type { ChunkPool } from './memstore/chunk-pool.js';
import { REGION_CLOSE_WAIT_MS } from './limits.js';
import { checkAndMutate, type CheckAndMutateResult, mutateRow } from './region-atomic.js';
import { RegionCore, type RegionSettings, type RegionWal } from './region-core.js';
import {
  compactRegion,
  type FlushOutcome,
  flushRegion,
  installBackgroundWork,
  quiesce,
} from './region-flush.js';
import { REGION_INFO_FILE, type RegionFs } from './region-fs.js';
import { type RegionInfo, regionInfoToJson } from './region-info.js';
import { getRow } from './region-read.js';
import { RegionScanner } from './region-scanner.js';
import { batchMutate } from './region-write.js';
import { Store } from './store.js';
import type { BlockCache } from './storefile/index.js';
import { replayWal } from './wal/reader.js';
import { listRecoveredEdits } from './wal/split.js';

/** A WAL entry as replay hands it over (the shape the WAL reader yields). */
export interface ReplayEntry {
  readonly regionName: string;
  readonly sequenceId: number;
  readonly cells: readonly Cell[];
}

export interface RegionOpenOptions {
  readonly fs: RegionFs;
  readonly info: RegionInfo;
  readonly table: TableDescriptor;
  readonly wal: RegionWal;
  readonly cache: BlockCache;
  readonly clock?: Clock;
  readonly rng?: Rng;
  readonly logger?: Logger;
  readonly settings?: Partial<RegionSettings>;
  /** Edits of the region's previous life (WAL files fenced by lease recovery), oldest first. */
  readonly replay?: AsyncIterable<ReplayEntry>;
  /** Where compactions and split rewrites run. @default inline, on this event loop */
  readonly rewriter?: FileRewriter;
  /**
   * The server's memstore chunks (memstore/chunk-pool.ts). Whoever passes one must read cells
   * under its guard until done with their bytes. @default none: cells keep their request's bytes
   */
  readonly chunks?: ChunkPool;
}

export interface RegionStats {
  readonly memstoreBytes: number;
  readonly readPoint: number;
  readonly flushedSequenceId: number;
  readonly storeFiles: Readonly<Record<string, number>>;
  readonly storeFileBytes: number;
}

export class Region {
  readonly core: RegionCore;
  /** Edits replayed from the WAL when the region opened. */
  readonly replayedEdits: number;

  private constructor(core: RegionCore, replayedEdits: number) {
    this.core = core;
    this.replayedEdits = replayedEdits;
  }

  static async open(options: RegionOpenOptions): Promise<Region> {
    const { fs, info } = options;
    const clock = options.clock ?? systemClock;
    const rng = options.rng ?? systemRng;
    await fs.mkdirs(fs.regionDir(info));
    const infoPath = `${fs.regionDir(info)}/${REGION_INFO_FILE}`;
    if (!(await fs.exists(infoPath))) await fs.writeSmallFile(infoPath, regionInfoToJson(info));
    // Files in .tmp are flushes and compactions that never finished: nothing refers to them.
    await fs.delete(fs.tmpDir(info), true);
    await fs.mkdirs(fs.tmpDir(info));
    const storeContext = { fs, info, cache: options.cache, clock, rng, chunks: options.chunks };
    const stores: Store[] = [];
    for (const family of options.table.families)
      stores.push(await Store.open(storeContext, family));
    // Edits a dead server's WAL split left for this region, then any the caller hands in.
    const recovered = await listRecoveredEdits(fs.client, fs.rootDir, info.encodedName);
    const sources: AsyncIterable<ReplayEntry>[] = [];
    if (recovered.length > 0) sources.push(replayWal(fs.client, recovered));
    if (options.replay !== undefined) sources.push(options.replay);
    let highest = Math.max(0, ...stores.map((store) => store.maxSequenceId));
    let replayed = 0;
    for (const source of sources) {
      const done = await replayInto(stores, info.encodedName, source);
      highest = Math.max(highest, done.highest);
      replayed += done.replayed;
    }
    const core = new RegionCore({
      info,
      table: options.table,
      fs,
      wal: options.wal,
      cache: options.cache,
      clock,
      rng,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.settings === undefined ? {} : { settings: options.settings }),
      ...(options.rewriter === undefined ? {} : { rewriter: options.rewriter }),
      stores,
      highestSequenceId: highest,
    });
    installBackgroundWork(core);
    const region = new Region(core, replayed);
    // Replayed edits are only in memory and in the old WAL: make them durable in store files.
    if (replayed > 0) await flushRegion(core);
    for (const path of recovered) await fs.client.delete(path);
    return region;
  }

  get info(): RegionInfo {
    return this.core.info;
  }

  put(put: Extract<Mutation, { type: 'put' }>): Promise<void> {
    return batchMutate(this.core, [put]);
  }

  delete(del: Extract<Mutation, { type: 'delete' }>): Promise<void> {
    return batchMutate(this.core, [del]);
  }

  /** Puts and Deletes on many rows: atomic per row, not across rows. */
  batchMutate(mutations: readonly Mutation[]): Promise<void> {
    return batchMutate(this.core, mutations);
  }

  /** Increment, Append or RowMutations (or one Put/Delete) atomically on one row. */
  mutateRow(op: RowOperation): Promise<Cell[]> {
    return mutateRow(this.core, op);
  }

  checkAndMutate(request: CheckAndMutate): Promise<CheckAndMutateResult> {
    return checkAndMutate(this.core, request);
  }

  async get(spec: GetSpec): Promise<Cell[]> {
    return this.readRow(spec);
  }

  /** As get, but a row served from memory comes back synchronously (the RPC handler's path). */
  readRow(spec: GetSpec): Cell[] | Promise<Cell[]> {
    return this.core.trackMaybeSync(() => getRow(this.core, spec));
  }

  /** A scanner; the caller must close it (it holds store files). */
  scanner(spec: ScanSpec = {}): RegionScanner {
    return new RegionScanner(this.core, spec);
  }

  /** Every result of a scan, for tests and small scans. */
  async scanAll(spec: ScanSpec = {}): Promise<Cell[][]> {
    const scanner = this.scanner(spec);
    const rows: Cell[][] = [];
    try {
      for (let row = await scanner.next(); row !== undefined; row = await scanner.next()) {
        rows.push(row);
      }
    } finally {
      scanner.close();
    }
    return rows;
  }

  flush(): Promise<FlushOutcome> {
    return this.core.track(() => flushRegion(this.core));
  }

  compact(major = false): Promise<Map<string, CompactionOutcome>> {
    return this.core.track(() => compactRegion(this.core, major));
  }

  stats(): RegionStats {
    const storeFiles: Record<string, number> = {};
    let storeFileBytes = 0;
    for (const store of this.core.storeList) {
      storeFiles[store.family.name] = store.files.length;
      storeFileBytes += store.fileBytes;
    }
    return {
      memstoreBytes: this.core.memstoreBytes,
      readPoint: this.core.mvcc.readPoint,
      flushedSequenceId: this.core.flushedSequenceId,
      storeFiles,
      storeFileBytes,
    };
  }

  /** Stops taking operations, waits for running ones (bounded), flushes unless told not to. */
  async close(options: { flush?: boolean } = {}): Promise<void> {
    const core = this.core;
    if (core.state !== 'open') return;
    core.state = 'closing';
    const deadline = core.clock.monotonicMs() + REGION_CLOSE_WAIT_MS;
    while (core.inFlight > 0 && core.clock.monotonicMs() < deadline) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await quiesce(core);
    if (options.flush ?? true) await flushRegion(core);
    core.state = 'closed';
    for (const store of core.storeList) await store.close();
  }
}

/** Adds a replay source's edits of region `name` that are newer than each store's files. */
async function replayInto(
  stores: readonly Store[],
  name: string,
  source: AsyncIterable<ReplayEntry>,
): Promise<{ highest: number; replayed: number }> {
  const byName = new Map(stores.map((store) => [store.family.name, store]));
  let highest = 0;
  let replayed = 0;
  for await (const entry of source) {
    if (entry.regionName !== name) continue;
    for (const cell of entry.cells) {
      const store = byName.get(cell.family.toString('utf8'));
      if (store === undefined || cell.sequenceId <= store.maxSequenceId) continue;
      store.add(cell);
      replayed++;
    }
    highest = Math.max(highest, entry.sequenceId);
  }
  return { highest, replayed };
}
