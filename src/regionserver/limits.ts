// The region's and store's limits, HBase's defaults where HBase has one (hbase-features.md §6.6–6.7).
// Zero never means unlimited; the asserts at the bottom check how the limits relate.
import { assert } from '../common/index.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** hbase.hregion.memstore.flush.size: a region flushes when its memstore reaches this. */
export const MEMSTORE_FLUSH_BYTES_DEFAULT = 128 * MiB;
/** hbase.hregion.memstore.block.multiplier: above flush size × this, writes get RegionTooBusy. */
export const MEMSTORE_BLOCK_MULTIPLIER = 4;
/**
 * Memstore flushes a region server runs at once in the background (HBase's
 * `hbase.hstore.flusher.count`, 2). One: this server's flushes share one event loop and, through
 * one connection, one datanode's queue, so a second flush at once only slows both and the writes.
 */
export const BACKGROUND_FLUSHES_MAX = 1;
/** Accounting overhead of one memstore cell beyond its key and value bytes (object, index slot). */
export const MEMSTORE_CELL_OVERHEAD_BYTES = 96;
/**
 * hbase.hregion.memstore.mslab.chunksize: memstore cells' bytes are copied into chunks of this size
 * (memstore/memstore-lab.ts), so that a memstore holds chunks, not the request frames.
 */
export const MEMSTORE_CHUNK_BYTES = 2 * MiB;
/** hbase.hregion.memstore.mslab.max.allocation: longer byte strings are kept as they came. */
export const MEMSTORE_LAB_COPY_BYTES_MAX = 256 * KiB;
/**
 * Chunks a region server keeps for reuse, free or waiting for readers (HBase's chunk pool maximum);
 * chunks released beyond it are left to the garbage collector.
 */
export const MEMSTORE_CHUNK_POOL_BYTES_MAX = 1024 * MiB;
/** Cells in one chunk of the memstore's sorted structure before the chunk splits in two. */
export const CELL_SET_CHUNK_CELLS_MAX = 256;

/** hbase.hstore.blockingStoreFiles: with this many files in a store, writes get RegionTooBusy. */
export const BLOCKING_STORE_FILES = 16;
/** hbase.hstore.compaction.min / max: files in one minor compaction. */
export const COMPACTION_MIN_FILES = 3;
export const COMPACTION_MAX_FILES = 10;
/** hbase.hstore.compaction.ratio. */
export const COMPACTION_RATIO = 1.2;
/** hbase.hstore.compaction.min.size: smaller files are always eligible. */
export const COMPACTION_MIN_SIZE_BYTES = 16 * MiB;
/** Cells a compaction or flush moves per slice before it yields to reads and writes. */
export const COMPACTION_SLICE_CELLS = 1_024;

/**
 * Rewrite jobs (compactions, split halves) the rewrite worker runs at once (HBase's small and large
 * compaction threads, one each). Two keep its thread busy while one of them waits on the disk.
 */
export const REWRITE_WORKER_JOBS_MAX = 2;
/** Rewrite jobs waiting for the worker; beyond that, a job runs on the server's own loop. */
export const REWRITE_WORKER_QUEUE_MAX = 64;
/** The rewrite worker's block cache: index and Bloom blocks of the files it opens. */
export const REWRITE_WORKER_CACHE_BYTES = 16 * MiB;
/** How long the rewrite worker stays up with nothing to do (a thread pool's keep-alive). */
export const REWRITE_WORKER_IDLE_MS = 60_000;
/** How long a closing server lets the rewrite worker close its filesystem client. */
export const REWRITE_WORKER_CLOSE_WAIT_MS = 5_000;

/** hbase.hregion.max.filesize: a region over this (its largest store) wants a split. */
export const REGION_SPLIT_BYTES_DEFAULT = 10 * 1024 * MiB;
/**
 * hbase.hregion.preclose.flush.size: a splitting region whose memstore holds more than this when
 * its files have been rewritten flushes and rewrites once more before it closes, so that the
 * close (out of service) has only the last moments' writes to flush and rewrite.
 */
export const SPLIT_PRECLOSE_FLUSH_BYTES = 5 * MiB;
/** Pre-close flush-and-rewrite passes a split makes at most (each one shorter than the last). */
export const SPLIT_PRECLOSE_PASSES_MAX = 2;
/** Mutations in one batch call. */
export const BATCH_MUTATIONS_MAX = 10_000;
/** Bytes of one batch call's cells. */
export const BATCH_BYTES_MAX = 64 * MiB;
/** How long a mutation waits for a row lock (hbase.rowlock.wait.duration is 30 s). */
export const ROW_LOCK_WAIT_MS = 30_000;
/** Rows one scan call returns at most, and cells per row when a scan sets no batch. */
export const SCAN_ROWS_PER_CALL_MAX = 100_000;
/** Cells a single Get or scanned row may return before it fails rather than grow memory. */
export const ROW_CELLS_MAX = 1_000_000;
/** Columns in one increment or append. */
export const COLUMNS_PER_ATOMIC_OP_MAX = 10_000;
/** How long close waits for in-flight operations before it gives up on them. */
export const REGION_CLOSE_WAIT_MS = 30_000;

assert(COMPACTION_MIN_FILES >= 2, 'a compaction merges at least two files');
assert(COMPACTION_MIN_FILES <= COMPACTION_MAX_FILES, 'compaction bounds are ordered');
assert(COMPACTION_MAX_FILES < BLOCKING_STORE_FILES, 'compaction can catch up before writes block');
assert(MEMSTORE_BLOCK_MULTIPLIER >= 2, 'writes may continue while a flush runs');
assert(MEMSTORE_LAB_COPY_BYTES_MAX * 4 <= MEMSTORE_CHUNK_BYTES, 'a chunk holds several copies');
assert(MEMSTORE_CHUNK_POOL_BYTES_MAX >= MEMSTORE_CHUNK_BYTES, 'the pool holds a chunk');
