// The `meta` codec's named limits and settings, each with its unit. Zero never means unlimited.
// The asserts at the bottom check, at load time, how they relate to the engine's own limits.
import { assert } from '../../common/assert.js';
import {
  ROW_KEY_BYTES_MAX,
  TABLE_FAMILIES_MAX,
  TABLE_NAME_BYTES_MAX,
} from '../../common/limits.js';

/** A table name's UTF-8 length, as the meta codec accepts it (DDL may allow less). */
export const META_TABLE_NAME_BYTES_MAX = TABLE_NAME_BYTES_MAX;
/** A meta row key is a stored row key: the engine refuses longer ones. */
export const META_ROW_KEY_BYTES_MAX = ROW_KEY_BYTES_MAX;
/** Families in a table descriptor kept in meta. */
export const META_TABLE_FAMILIES_MAX = TABLE_FAMILIES_MAX;
/** Bytes of a key printed in an error message; longer keys are cut and marked with "...". */
export const META_KEY_PRINT_BYTES_MAX = 200;
/** The largest region id, open sequence number and server start code: 8 bytes on disk, but a
 * JavaScript number holds integers exactly only up to 2^53 - 1. */
export const META_U64_MAX = Number.MAX_SAFE_INTEGER;

// ---- The meta table's own schema ----
/** Versions kept of each meta column (HBase's hbase.meta.versions default, 3). */
export const META_MAX_VERSIONS = 3;
/** Meta's data block size: small blocks suit its point lookups (HBase's hbase.meta.blocksize). */
export const META_BLOCK_BYTES = 8 * 1024;

/** The smallest region key: tag, empty table terminator, empty start key terminator, region id. */
const REGION_KEY_FIXED_BYTES = 1 + 2 + 2 + 8;
assert(
  REGION_KEY_FIXED_BYTES + 2 * META_TABLE_NAME_BYTES_MAX < META_ROW_KEY_BYTES_MAX,
  'a meta row key must have room for the longest table name',
);
assert(META_MAX_VERSIONS >= 1, 'meta keeps at least one version');
