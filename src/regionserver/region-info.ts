// A region's identity: its table, its row range [startKey, endKey) (empty = open end) and its id,
// with HBase's encoded name (an MD5 of the rest) naming its directory. Pure.
import { createHash } from 'node:crypto';
import { compareBytes, EMPTY_BYTES, toStringBinary } from '../common/index.js';

export interface RegionInfo {
  readonly table: string;
  readonly startKey: Buffer;
  readonly endKey: Buffer;
  /** HBase uses the creation time in ms; any number unique per table and range will do. */
  readonly regionId: number;
  readonly encodedName: string;
}

export function makeRegionInfo(
  table: string,
  startKey: Buffer = EMPTY_BYTES,
  endKey: Buffer = EMPTY_BYTES,
  regionId = 1,
): RegionInfo {
  const name = `${table},${toStringBinary(startKey)},${regionId}`;
  const encodedName = createHash('md5').update(name).digest('hex');
  return { table, startKey, endKey, regionId, encodedName };
}

/** HBase's region name: `table,startKey,regionId.encodedName.` */
export function regionName(info: RegionInfo): string {
  return `${info.table},${toStringBinary(info.startKey)},${info.regionId}.${info.encodedName}.`;
}

export function regionContainsRow(info: RegionInfo, row: Buffer): boolean {
  if (compareBytes(row, info.startKey) < 0) return false;
  return info.endKey.length === 0 || compareBytes(row, info.endKey) < 0;
}

/** `namespace:qualifier` split, the default namespace when there is no colon. */
export function tableNameParts(table: string): { namespace: string; qualifier: string } {
  const colon = table.indexOf(':');
  if (colon < 0) return { namespace: 'default', qualifier: table };
  return { namespace: table.slice(0, colon), qualifier: table.slice(colon + 1) };
}

/** The JSON kept in a region's `.regioninfo` file. */
export function regionInfoToJson(info: RegionInfo): string {
  return JSON.stringify({
    table: info.table,
    startKey: info.startKey.toString('base64'),
    endKey: info.endKey.toString('base64'),
    regionId: info.regionId,
  });
}

export function regionInfoFromJson(text: string): RegionInfo {
  const raw = JSON.parse(text) as {
    table: string;
    startKey: string;
    endKey: string;
    regionId: number;
  };
  return makeRegionInfo(
    raw.table,
    Buffer.from(raw.startKey, 'base64'),
    Buffer.from(raw.endKey, 'base64'),
    raw.regionId,
  );
}
