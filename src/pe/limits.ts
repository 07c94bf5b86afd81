// `colonnade pe`'s constants and bounds, each with its unit: HBase PerformanceEvaluation's data
// model and defaults (PerformanceEvaluation.java, TestOptions), and the limits on what we accept.
import { assert } from '../common/assert.js';
import { SCAN_CACHING_ROWS_MAX } from '../client/index.js';
import { CELL_BYTES_MAX } from '../common/limits.js';

const MiB = 1024 * 1024;

// ---- The data model (HBase's constants) ----
/** PE's table name. */
export const TABLE_NAME_DEFAULT = 'TestTable';
/** Families are `info0`, `info1`, ... */
export const FAMILY_NAME_BASE = 'info';
/** Row keys: the zero-padded decimal of the row number, this many bytes (HBase's ROW_LENGTH). */
export const ROW_LENGTH_BYTES = 26;
/** HBase's DEFAULT_VALUE_LENGTH. */
export const VALUE_BYTES_DEFAULT = 1000;
/** Values are runs of one random capital letter, this long (PE's generateData). */
export const VALUE_RUN_BYTES = 8;
/** HBase's ONE_GB (1024 × 1024 × 1000 bytes), from which the default rows per client follow. */
export const ONE_GB_BYTES = 1024 * 1024 * 1000;
/** `--rows` default: ONE_GB / DEFAULT_VALUE_LENGTH = 1,048,576 rows per client. */
export const ROWS_PER_CLIENT_DEFAULT = ONE_GB_BYTES / VALUE_BYTES_DEFAULT;
/**
 * What a cell costs the write buffer beyond its row, family, qualifier and value: a KeyValue's
 * length fields, timestamp and type (4 + 4 + 2 + 1 + 8 + 1 bytes), as HBase's heapSize counts it.
 */
export const CELL_FIXED_BYTES = 20;
/** randomSeekScan reads up to this many rows from its random start (WhileMatch(PageFilter(120))). */
export const RANDOM_SEEK_SCAN_PAGE_ROWS = 120;

// ---- Option defaults (TestOptions) ----
/** `--caching`: rows per scanner call. */
export const CACHING_ROWS_DEFAULT = 30;
/** `--bufferSize`: the BufferedMutator's write buffer when autoFlush is false. */
export const WRITE_BUFFER_BYTES_DEFAULT = 2 * MiB;
/** `--blockSize`: HBase's HConstants.DEFAULT_BLOCKSIZE. */
export const BLOCK_SIZE_BYTES_DEFAULT = 64 * 1024;

// ---- Bounds on what we accept ----
/** HBase's usage text: "nclients ... 1 <= value <= 500". */
export const CLIENTS_MAX = 500;
/** Rows over every client: row numbers and random draws stay exact integers below it. */
export const TOTAL_ROWS_MAX = 2 ** 40;
/** A value must fit in one cell (with its row, family and qualifier). */
export const VALUE_BYTES_MAX = CELL_BYTES_MAX - 1024;
/** `--presplit`: regions of a pre-split table. */
export const PRESPLIT_REGIONS_MAX = 1_000;
/** `--families` and `--columns`. */
export const FAMILIES_MAX = 16;
export const COLUMNS_MAX = 1_000;
/** `--multiGet` and `--multiPut`: operations per batch. */
export const MULTI_OPERATIONS_MAX = 10_000;
/** `--caching`: the client's own bound on rows per scanner call. */
export const CACHING_ROWS_MAX = SCAN_CACHING_ROWS_MAX;
/** `--bufferSize`. */
export const WRITE_BUFFER_BYTES_MIN = 1;
export const WRITE_BUFFER_BYTES_MAX = 1024 * MiB;
/** `--blockSize`. */
export const BLOCK_SIZE_BYTES_MIN = 1024;
export const BLOCK_SIZE_BYTES_MAX = 16 * MiB;
/** `--cycles`. */
export const CYCLES_MAX = 1_000;
/** `--size`, in GiB. */
export const SIZE_GIB_MAX = 1_024;

// ---- The runner ----
/**
 * generateData cuts values of up to VALUE_SLAB_SHARE_BYTES_MAX from shared slabs of
 * VALUE_SLAB_BYTES (value-slab.ts); a larger value gets a buffer of its own. A kept value keeps
 * its slab alive; PE's values live until their batch is sent (the SDK copies them at once).
 */
export const VALUE_SLAB_BYTES = 64 * 1024;
export const VALUE_SLAB_SHARE_BYTES_MAX = 8 * 1024;
/** Buffer flushes one BufferedMutator keeps in flight (HBase: one task per region by default). */
export const MUTATOR_FLUSHES_IN_FLIGHT_MAX = 1;
/** How often the progress bar is redrawn. */
export const PROGRESS_INTERVAL_MS = 200;
/** Latencies are recorded in µs up to this (an hour); longer ones count as this. */
export const LATENCY_MAX_US = 3_600_000_000;

assert(ROWS_PER_CLIENT_DEFAULT === 1_048_576, 'HBase default rows per client');
assert(ROW_LENGTH_BYTES >= String(TOTAL_ROWS_MAX).length, 'every row number fits in a key');
assert(TOTAL_ROWS_MAX <= Number.MAX_SAFE_INTEGER, 'row numbers are exact');
assert(WRITE_BUFFER_BYTES_DEFAULT <= WRITE_BUFFER_BYTES_MAX, 'default buffer within the max');
assert(CACHING_ROWS_DEFAULT <= CACHING_ROWS_MAX, 'default caching within the max');
assert(VALUE_SLAB_SHARE_BYTES_MAX <= VALUE_SLAB_BYTES, 'a shared value fits in a slab');
