// Every limit of the store-file format, its writer, its reader and the block cache, with its unit.
// Zero never means unlimited; the asserts at the bottom check how the limits relate.
import { assert } from '../../common/assert.js';
import { CELL_BYTES_MAX } from '../../common/limits.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** HBase's BLOCKSIZE default: the size at which a data block is closed. */
export const DATA_BLOCK_TARGET_BYTES_DEFAULT = 64 * KiB;
/** The smallest target a writer accepts (tiny targets make one cell per block, for tests). */
export const DATA_BLOCK_TARGET_BYTES_MIN = 16;
/** The largest target a writer accepts. */
export const DATA_BLOCK_TARGET_BYTES_MAX = 16 * MiB;
/** Room in a block beyond its target and its last cell: the entry headers and restart array. */
const DATA_BLOCK_SLACK_BYTES = 1 * MiB;
/** The largest data block a reader accepts: a full block plus one maximal cell, plus slack. */
export const DATA_BLOCK_BYTES_MAX =
  DATA_BLOCK_TARGET_BYTES_MAX + CELL_BYTES_MAX + DATA_BLOCK_SLACK_BYTES;
/** A restart point (a key stored whole) every this many cells of a data block (LevelDB: 16). */
export const RESTART_INTERVAL_CELLS = 16;
/**
 * ...or sooner, once this many bytes of entries follow the last restart: a seek then walks at most
 * this far (a few cache lines) past the binary search, even with large values, where prefix
 * compression saves little anyway.
 */
export const RESTART_INTERVAL_BYTES = 2 * KiB;

/** The index, Bloom and file-info blocks together, which a reader loads whole when it opens. */
export const LOAD_ON_OPEN_BYTES_MAX = 256 * MiB;

/** Bloom filter bits per expected key: 10 bits and 7 hashes give about 0.8% false positives. */
export const BLOOM_BITS_PER_KEY = 10;
export const BLOOM_HASH_COUNT = 7;
/** The most hash functions a reader accepts in a Bloom block. */
export const BLOOM_HASH_COUNT_MAX = 30;
/** The smallest Bloom filter, whatever the expected key count. */
export const BLOOM_BITS_MIN = 64;
/** The largest Bloom filter; more keys than it was sized for only raise its false positives. */
export const BLOOM_BYTES_MAX = 64 * MiB;

/** A writer gathers finished blocks into writes of at least this many bytes. */
export const WRITE_BATCH_BYTES = 1 * MiB;
/**
 * Written data-block buffers a writer keeps to fill again: a batch of default-size blocks
 * (WRITE_BATCH_BYTES / 64 KiB) and then some.
 */
export const DATA_BLOCK_BUFFERS_KEPT_MAX = 32;

/** The block cache's default capacity (HBase sizes it as a share of the heap). */
export const BLOCK_CACHE_BYTES_DEFAULT = 256 * MiB;
/** What one cached block costs beyond its bytes: the entry, its decoded restarts, map slots. */
export const CACHED_BLOCK_OVERHEAD_BYTES = 128;

assert(DATA_BLOCK_TARGET_BYTES_MIN > 0, 'data blocks need a positive target');
assert(DATA_BLOCK_TARGET_BYTES_DEFAULT <= DATA_BLOCK_TARGET_BYTES_MAX, 'default within the max');
assert(DATA_BLOCK_BYTES_MAX < 2 ** 32, 'block offsets and sizes fit in 32 bits');
assert(LOAD_ON_OPEN_BYTES_MAX < 2 ** 32, 'load-on-open sizes fit in 32 bits');
assert(BLOOM_BYTES_MAX * 8 <= 2 ** 32, 'Bloom bit positions fit in 32 bits');
assert(BLOOM_HASH_COUNT <= BLOOM_HASH_COUNT_MAX, 'the writer uses a hash count readers accept');

/** Block cursors an open store file keeps for reuse by later scanners. */
export const CURSOR_POOL_MAX = 32;
