// The state every region operation shares — its stores, MVCC, row locks, WAL and settings — and the
// checks every operation starts with (open, row in range, family known, not too busy). The
// operations themselves live in region-write/read/atomic/flush.ts as functions of this core.
import {
  bytesEqual,
  type Cell,
  type Clock,
  type Logger,
  type Rng,
  silentLogger,
  toStringBinary,
} from '../common/index.js';
import type { Durability, TableDescriptor } from '../common/operations.js';
import type { CompactionPolicyConfig } from './compaction/policy.js';
import { type FileRewriter, InlineRewriter } from './compaction/rewriter.js';
import {
  NoSuchColumnFamilyError,
  NotServingRegionError,
  RegionTooBusyError,
  WrongRegionError,
} from './errors.js';
import {
  BLOCKING_STORE_FILES,
  MEMSTORE_BLOCK_MULTIPLIER,
  MEMSTORE_FLUSH_BYTES_DEFAULT,
} from './limits.js';
import { Mvcc } from './mvcc.js';
import type { RegionFs } from './region-fs.js';
import { type RegionInfo, regionContainsRow, regionName } from './region-info.js';
import { RowLocks } from './row-locks.js';
import type { Store } from './store.js';
import type { BlockCache } from './storefile/index.js';

/** The WAL as a region sees it: one entry per write, then a mark when edits reach store files. */
export interface RegionWal {
  append(
    entry: {
      readonly regionName: string;
      readonly sequenceId: number;
      readonly writeTimeMs: number;
      readonly cells: readonly Cell[];
    },
    durability: 'ASYNC_WAL' | 'SYNC_WAL' | 'FSYNC_WAL',
  ): Promise<void>;
  /** May archive WAL files; a failure there does not undo the flush. */
  markFlushed(regionName: string, flushedSequenceId: number): void | Promise<void>;
}

export interface RegionSettings {
  /** Flush when the memstore reaches this; default the table's or MEMSTORE_FLUSH_BYTES_DEFAULT. */
  readonly flushBytes: number;
  /** Writes fail with RegionTooBusy above flushBytes × this. */
  readonly blockMultiplier: number;
  /** Writes fail with RegionTooBusy when a store has this many files. */
  readonly blockingStoreFiles: number;
  /** Flush on its own at flushBytes, and compact after flushes, in the background. */
  readonly autoFlush: boolean;
  readonly autoCompact: boolean;
  readonly compactionPolicy?: CompactionPolicyConfig;
}

export type RegionState = 'open' | 'closing' | 'closed';

export class RegionCore {
  readonly info: RegionInfo;
  readonly name: string;
  readonly table: TableDescriptor;
  readonly fs: RegionFs;
  readonly wal: RegionWal;
  readonly cache: BlockCache;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly logger: Logger;
  readonly settings: RegionSettings;
  readonly stores: ReadonlyMap<string, Store>;
  /** Stores in family-name order: the order cells of a row are returned in. */
  readonly storeList: readonly Store[];
  readonly rowLocks: RowLocks;
  readonly mvcc: Mvcc;
  /** Where compactions and split rewrites run (inline, or the server's rewrite worker). */
  readonly rewriter: FileRewriter;
  state: RegionState = 'open';
  /** Operations running now; close waits for them. */
  inFlight = 0;
  /** The sequence id of the last completed flush: WAL edits up to it are in store files. */
  flushedSequenceId: number;
  /** Set by region-flush.ts: asks for a background flush (coalesced). */
  requestFlush: () => void = () => undefined;
  requestCompaction: () => void = () => undefined;
  /** While a split rewrites this region's files, no compaction may replace them (region-split). */
  compactionsHeld = false;

  constructor(init: {
    info: RegionInfo;
    table: TableDescriptor;
    fs: RegionFs;
    wal: RegionWal;
    cache: BlockCache;
    clock: Clock;
    rng: Rng;
    logger?: Logger;
    settings?: Partial<RegionSettings>;
    rewriter?: FileRewriter;
    stores: Store[];
    highestSequenceId: number;
  }) {
    this.info = init.info;
    this.name = init.info.encodedName;
    this.table = init.table;
    this.fs = init.fs;
    this.wal = init.wal;
    this.cache = init.cache;
    this.clock = init.clock;
    this.rng = init.rng;
    this.logger = init.logger ?? silentLogger;
    this.rewriter = init.rewriter ?? new InlineRewriter(init.fs, init.cache, init.rng);
    this.settings = {
      flushBytes: init.table.memstoreFlushBytes ?? MEMSTORE_FLUSH_BYTES_DEFAULT,
      blockMultiplier: MEMSTORE_BLOCK_MULTIPLIER,
      blockingStoreFiles: BLOCKING_STORE_FILES,
      autoFlush: true,
      autoCompact: true,
      ...init.settings,
    };
    const sorted = [...init.stores].sort((a, b) => Buffer.compare(a.familyName, b.familyName));
    this.storeList = sorted;
    this.stores = new Map(sorted.map((store) => [store.family.name, store]));
    this.rowLocks = new RowLocks(init.clock);
    this.mvcc = new Mvcc(init.highestSequenceId);
    this.flushedSequenceId = init.highestSequenceId;
  }

  get memstoreBytes(): number {
    let total = 0;
    for (const store of this.storeList) total += store.memstore.sizeBytes;
    return total;
  }

  /** Bytes of the memstores not yet in a flush's snapshot: what the next flush would write. */
  get memstoreActiveBytes(): number {
    let total = 0;
    for (const store of this.storeList) total += store.memstore.activeBytes;
    return total;
  }

  checkOpen(): void {
    if (this.state !== 'open') {
      throw new NotServingRegionError(`region ${regionName(this.info)} is ${this.state}`);
    }
  }

  checkRow(row: Buffer): void {
    if (!regionContainsRow(this.info, row)) {
      throw new WrongRegionError(
        `row "${toStringBinary(row)}" is outside region ${regionName(this.info)} ` +
          `["${toStringBinary(this.info.startKey)}", "${toStringBinary(this.info.endKey)}")`,
      );
    }
  }

  store(family: Buffer): Store {
    // A region has a few families: comparing bytes beats decoding a name for a map lookup.
    for (const candidate of this.storeList) {
      if (bytesEqual(candidate.familyName, family)) return candidate;
    }
    const store = this.stores.get(family.toString('utf8'));
    if (store === undefined) {
      throw new NoSuchColumnFamilyError(
        `column family "${toStringBinary(family)}" does not exist in table ${this.table.name}`,
      );
    }
    return store;
  }

  /** HBase's checkResources: refuse writes rather than let memory or file counts run away. */
  checkResources(): void {
    const blockingBytes = this.settings.flushBytes * this.settings.blockMultiplier;
    const bytes = this.memstoreBytes;
    if (bytes > blockingBytes) {
      this.requestFlush();
      throw new RegionTooBusyError(
        `Above memstore limit: region ${regionName(this.info)} memstore is ${bytes} bytes; ` +
          `the blocking size is ${blockingBytes} (flush size × ${this.settings.blockMultiplier})`,
      );
    }
    for (const store of this.storeList) {
      if (store.files.length >= this.settings.blockingStoreFiles) {
        this.requestCompaction();
        throw new RegionTooBusyError(
          `store ${store.family.name} of region ${regionName(this.info)} has ` +
            `${store.files.length} files; blockingStoreFiles is ${this.settings.blockingStoreFiles}`,
        );
      }
    }
  }

  /** A mutation's durability after USE_DEFAULT resolves through the table to SYNC_WAL. */
  effectiveDurability(durability: Durability | undefined): Exclude<Durability, 'USE_DEFAULT'> {
    const own = durability ?? 'USE_DEFAULT';
    if (own !== 'USE_DEFAULT') return own;
    return this.table.durability === 'USE_DEFAULT' ? 'SYNC_WAL' : this.table.durability;
  }

  /**
   * As track, for an op that may finish synchronously (a read served from memory): its value then
   * comes back as it is, which costs no promise, no async frame and no turn of the microtask
   * queue. Errors are thrown, or reject the promise, as the op's own.
   */
  trackMaybeSync<T>(op: () => T | Promise<T>): T | Promise<T> {
    this.enter();
    let result: T | Promise<T>;
    try {
      result = op();
    } catch (error) {
      this.leave();
      throw error;
    }
    if (!(result instanceof Promise)) {
      this.leave();
      return result;
    }
    return result.finally(() => this.leave());
  }

  /**
   * Counts an op in flight (close waits for it) once the region is open; the op's `finally` must
   * call `leave`. track and trackMaybeSync wrap an op in the pair; a hot path that is itself one
   * async function (batchMutate) calls them inline, sparing a closure, an async frame and a promise.
   */
  enter(): void {
    this.checkOpen();
    this.inFlight++;
  }

  leave(): void {
    this.inFlight--;
  }

  /** Runs `op` counted as in flight, so that close can wait for it. */
  async track<T>(op: () => Promise<T>): Promise<T> {
    this.enter();
    try {
      return await op();
    } finally {
      this.leave();
    }
  }
}
