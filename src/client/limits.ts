// The client's settings with their defaults and bounds, each named with its unit (HBase's
// hbase.client.* and hbase.rpc.* settings). Invariant: every default lies within its bounds, and
// every wait and retry of the client is bounded by one of these.
import { assert } from '../common/assert.js';
import { CALL_DEADLINE_MAX_MS } from '../common/limits.js';
import { SCAN_CACHING_ROWS_DEFAULT, SCAN_CACHING_ROWS_MAX } from './ops/limits.js';

/**
 * How long one operation may take, every retry included (HBase's hbase.client.operation.timeout).
 * It outlasts a region server's recovery (the cluster aims at 10 s) with room to spare.
 */
export const OPERATION_TIMEOUT_DEFAULT_MS = 60_000;
/** How long one RPC may take before it counts as a failed attempt (HBase's hbase.rpc.timeout). */
export const RPC_TIMEOUT_DEFAULT_MS = 10_000;
/** The shortest and longest timeouts accepted (both settings). */
export const TIMEOUT_MIN_MS = 1;
export const TIMEOUT_MAX_MS = CALL_DEADLINE_MAX_MS;

/** Retries after the first attempt (HBase 2's hbase.client.retries.number, 15). */
export const RETRIES_DEFAULT = 15;
export const RETRIES_MAX = 1_000;

/** The pause unit between attempts (HBase's hbase.client.pause, 100 ms). */
export const PAUSE_DEFAULT_MS = 100;
export const PAUSE_MAX_MS = 60_000;
/**
 * The pause before retry n is PAUSE × RETRY_BACKOFF[min(n, last)] (HBase's HConstants.RETRY_BACKOFF),
 * plus up to RETRY_JITTER of it at random so that clients do not retry in step.
 */
export const RETRY_BACKOFF: readonly number[] = Object.freeze([
  1, 2, 3, 5, 10, 20, 40, 100, 100, 100, 100, 200, 200,
]);
export const RETRY_JITTER = 0.01;

/** Rows per scanner call when the Scan does not set its caching (hbase.client.scanner.caching). */
export const SCANNER_CACHING_DEFAULT_ROWS = SCAN_CACHING_ROWS_DEFAULT;
export const SCANNER_CACHING_MAX_ROWS = SCAN_CACHING_ROWS_MAX;

/** Rows of meta one location lookup asks for per call (split parents may come first). */
export const META_LOOKUP_ROWS = 10;
/** Meta rows one lookup reads at most before giving up (offline split parents it skips). */
export const META_LOOKUP_ROWS_MAX = 1_000;

/** Region locations the connection caches, over every table; beyond, a table's are dropped. */
export const LOCATION_CACHE_REGIONS_MAX = 100_000;

/** Actions in one multi call to a region server (the server accepts 10,000). */
export const MULTI_ACTIONS_PER_CALL_MAX = 1_000;
/** Actions in one Table.batch, get(list), put(list) or delete(list). */
export const BATCH_ACTIONS_MAX = 100_000;

/** Causes an operation keeps of its failed attempts (RetriesExhausted lists them). */
export const RETRY_CAUSES_KEPT = 10;
/** Causes a RetriesExhausted message quotes (the newest). */
export const RETRY_CAUSES_QUOTED = 3;

/** Bytes of the meta-location node the client reads at most. */
export const META_LOCATION_BYTES_MAX = 4 * 1024;

assert(OPERATION_TIMEOUT_DEFAULT_MS <= TIMEOUT_MAX_MS, 'default operation timeout is allowed');
assert(RPC_TIMEOUT_DEFAULT_MS <= TIMEOUT_MAX_MS, 'default RPC timeout is allowed');
assert(RETRIES_DEFAULT <= RETRIES_MAX, 'default retries are allowed');
assert(PAUSE_DEFAULT_MS <= PAUSE_MAX_MS, 'default pause is allowed');
assert(RETRY_BACKOFF.length > 0, 'the backoff table has a step');
assert(META_LOOKUP_ROWS <= META_LOOKUP_ROWS_MAX, 'a lookup call fits in a lookup');
/** Region server stubs a connection keeps (one per server address); beyond, the cache restarts. */
export const STUBS_CACHED_MAX = 1_024;
