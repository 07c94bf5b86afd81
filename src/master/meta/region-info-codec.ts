// RegionInfo as meta stores it (`info:regioninfo`, `info:splitA`, `info:splitB`): a msgpack array
// [version, table, startKey, endKey, regionId, encodedName]. Invariant: decode(encode(x)) = x, and
// only a RegionInfo whose range is non-empty and whose encoded name matches its parts decodes.
import { pack, unpack } from 'msgpackr';
import { compareBytes } from '../../common/bytes.js';
import { ColonnadeError, InvalidArgumentError } from '../../common/errors.js';
import { makeRegionInfo, type RegionInfo } from '../../regionserver/region-info.js';
import { CorruptMetaError } from './errors.js';
import { checkU64, describeKey, tableNameBytes } from './meta-bytes.js';

/** The first element of the array: bumped when the layout changes. */
const REGION_INFO_FORMAT_VERSION = 1;
const REGION_INFO_FIELDS = 6;

/**
 * Checks a RegionInfo's parts (InvalidArgument naming the bad one): a storable table name, a
 * region id in 0 .. 2^53 - 1, a non-empty range (end key empty or above the start key), and the
 * encoded name its table, start key and region id give.
 */
export function checkRegionInfo(info: RegionInfo): void {
  tableNameBytes(info.table);
  checkU64(info.regionId, 'region id');
  if (info.endKey.length > 0 && compareBytes(info.endKey, info.startKey) <= 0) {
    throw new InvalidArgumentError(
      `region ${info.encodedName} has end key "${describeKey(info.endKey)}" at or below its ` +
        `start key "${describeKey(info.startKey)}"`,
    );
  }
  const expected = makeRegionInfo(info.table, info.startKey, info.endKey, info.regionId);
  if (expected.encodedName !== info.encodedName) {
    throw new InvalidArgumentError(
      `region encoded name is ${info.encodedName}; its table, start key and region id give ` +
        expected.encodedName,
    );
  }
}

export function encodeRegionInfo(info: RegionInfo): Buffer {
  checkRegionInfo(info);
  return pack([
    REGION_INFO_FORMAT_VERSION,
    info.table,
    info.startKey,
    info.endKey,
    info.regionId,
    info.encodedName,
  ]);
}

/** Decodes and checks a stored RegionInfo; anything else is CorruptMeta naming `where`. */
export function decodeRegionInfo(bytes: Buffer, where: string): RegionInfo {
  const fields = unpackAt(bytes, where);
  if (!Array.isArray(fields) || fields.length !== REGION_INFO_FIELDS) {
    throw new CorruptMetaError(`${where} is not a ${REGION_INFO_FIELDS}-element list`);
  }
  const [version, table, startKey, endKey, regionId, encodedName] = fields as unknown[];
  if (version !== REGION_INFO_FORMAT_VERSION) {
    throw new CorruptMetaError(`${where} has format version ${String(version)}; expected 1`);
  }
  if (typeof table !== 'string' || typeof encodedName !== 'string') {
    throw new CorruptMetaError(`${where}: the table and encoded name must be strings`);
  }
  if (!Buffer.isBuffer(startKey) || !Buffer.isBuffer(endKey)) {
    throw new CorruptMetaError(`${where}: the start and end keys must be bytes`);
  }
  if (typeof regionId !== 'number') {
    throw new CorruptMetaError(`${where}: the region id must be a number`);
  }
  // msgpackr decodes bytes as views of the cell value: keep owned copies.
  const info: RegionInfo = {
    table,
    startKey: Buffer.from(startKey),
    endKey: Buffer.from(endKey),
    regionId,
    encodedName,
  };
  asCorrupt(() => checkRegionInfo(info), where);
  return info;
}

/** msgpack-decodes a whole value; bytes that are not exactly one msgpack value are CorruptMeta. */
export function unpackAt(bytes: Buffer, where: string): unknown {
  try {
    return unpack(bytes) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CorruptMetaError(`${where} is not msgpack (${reason.slice(0, 100)})`, {
      cause: error,
    });
  }
}

/** Runs a check and reports its InvalidArgument or LimitExceeded as CorruptMeta at `where`. */
export function asCorrupt<T>(check: () => T, where: string): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof ColonnadeError && !(error instanceof CorruptMetaError)) {
      throw new CorruptMetaError(`${where}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
