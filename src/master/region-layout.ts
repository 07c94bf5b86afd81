// A new table's regions from its split keys (pure): [start, first split), ..., [last split, end),
// each key non-empty and given once.
import { InvalidArgumentError } from '../common/errors.js';
import { makeRegionInfo, type RegionInfo } from '../regionserver/region-info.js';
import { SPLIT_KEYS_MAX } from './limits.js';

/** The regions of a new table: [start, first split), ..., [last split, end). */
export function regionsOf(
  table: string,
  splitKeys: readonly Buffer[],
  regionId: number,
): RegionInfo[] {
  if (splitKeys.length > SPLIT_KEYS_MAX) {
    throw new InvalidArgumentError(
      `${splitKeys.length} split keys; SPLIT_KEYS_MAX is ${SPLIT_KEYS_MAX}`,
    );
  }
  const keys = [...splitKeys].sort(Buffer.compare);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as Buffer;
    if (key.length === 0) throw new InvalidArgumentError('a split key is empty');
    if (i > 0 && key.equals(keys[i - 1] as Buffer)) {
      throw new InvalidArgumentError(`split key ${key.toString('hex')} is given twice`);
    }
  }
  const bounds = [Buffer.alloc(0), ...keys, Buffer.alloc(0)];
  const regions: RegionInfo[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    regions.push(makeRegionInfo(table, bounds[i] as Buffer, bounds[i + 1] as Buffer, regionId));
  }
  return regions;
}
