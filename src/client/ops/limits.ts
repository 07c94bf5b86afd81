// The client operations' bounds, each named with its unit. They mirror what one region server call
// accepts, so that an operation too big to send is refused when it is built, naming the limit.
import { assert } from '../../common/assert.js';

const MiB = 1024 * 1024;

/** HBase's counts are Java ints: the largest version count, batch, limit or per-family count. */
export const COUNT_MAX = 2_147_483_647;
/** readAllVersions(): HBase asks for Integer.MAX_VALUE versions; the family's VERSIONS caps it. */
export const ALL_VERSIONS = COUNT_MAX;
/** Cells of a Put or Delete, columns of an Increment or Append, qualifiers of a Get or Scan. */
export const OPERATION_ITEMS_MAX = 100_000;
/** Puts and Deletes in one RowMutations (applied atomically in one call). */
export const ROW_MUTATIONS_MAX = 10_000;

/** Scan.setCaching: rows fetched per scanner call, by default and at most (the server's cap). */
export const SCAN_CACHING_ROWS_DEFAULT = 100;
export const SCAN_CACHING_ROWS_MAX = 10_000;
/** Scan.setMaxResultSize: bytes of rows per scanner call, by default and at most (HBase: 2 MiB). */
export const SCAN_RESULT_BYTES_DEFAULT = 2 * MiB;
export const SCAN_RESULT_BYTES_MAX = 2 * MiB;

/**
 * The private copies of small caller byte arrays (rows, qualifiers, values up to
 * COPY_SLAB_SHARE_BYTES_MAX) are cut from shared slabs of COPY_SLAB_BYTES, as Node cuts
 * Buffer.from's from its 8 KiB pool: one allocation per slab instead of one per ~7 KB values. A
 * kept copy keeps its slab alive, so both are small.
 */
export const COPY_SLAB_BYTES = 64 * 1024;
export const COPY_SLAB_SHARE_BYTES_MAX = 4 * 1024;

/** Bytes of a row key or value quoted in an error message before it is cut short. */
export const QUOTED_BYTES_MAX = 64;

assert(SCAN_CACHING_ROWS_DEFAULT <= SCAN_CACHING_ROWS_MAX, 'default caching is allowed');
assert(SCAN_RESULT_BYTES_DEFAULT <= SCAN_RESULT_BYTES_MAX, 'default result size is allowed');
assert(ROW_MUTATIONS_MAX <= OPERATION_ITEMS_MAX, 'row mutations fit in one call');
assert(COPY_SLAB_SHARE_BYTES_MAX <= COPY_SLAB_BYTES, 'a shared copy fits in a slab');
