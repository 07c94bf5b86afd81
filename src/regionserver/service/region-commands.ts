// The master's region commands beyond open and close: flush, compact, find a split point, and
// split. A split rewrites the parent into two daughters while it serves on, and takes it out of
// service (clients get NotServingRegion and look it up again) only as it closes; it does not open
// the daughters: the master records them in meta and assigns them.
import { compareBytes } from '../../common/bytes.js';
import type { RegionInfo } from '../region-info.js';
import { findSplitRow, splitRegion } from '../region-split.js';
import { SPLIT_POINT_SCAN_ROWS_MAX } from './limits.js';
import type { Region } from '../region.js';
import { NotServingRegionError } from '../errors.js';
import type { RegionServer } from './region-server.js';

/** Regions a split is working on: a second split of one is refused. */
const splitting = new WeakSet<Region>();

function openRegion(server: RegionServer, name: string): Region {
  const region = server.regions.get(name);
  if (region === undefined) {
    throw new NotServingRegionError(`region ${name} is not open on ${server.serverName}`);
  }
  return region;
}

export async function flushRegion(server: RegionServer, name: string): Promise<boolean> {
  const outcome = await openRegion(server, name).flush();
  return outcome.stores > 0;
}

export async function compactRegion(
  server: RegionServer,
  name: string,
  major: boolean,
): Promise<void> {
  await openRegion(server, name).compact(major);
}

/**
 * The row a split would cut at: the middle key of the largest file (HBase's midkey), or, when
 * that is no row strictly inside the region (one block), the middle of its first rows.
 */
export async function splitPoint(server: RegionServer, name: string): Promise<Buffer | undefined> {
  const region = openRegion(server, name);
  await region.flush();
  const row = await findSplitRow(region.core);
  if (row !== undefined && inside(region.info, row)) return row;
  const rows: Buffer[] = [];
  const scanner = region.scanner({});
  try {
    for (let r = await scanner.next(); r !== undefined; r = await scanner.next()) {
      const key = r[0]?.row;
      if (key !== undefined) rows.push(key);
      if (rows.length >= SPLIT_POINT_SCAN_ROWS_MAX) break;
    }
  } finally {
    scanner.close();
  }
  const middle = rows[Math.floor(rows.length / 2)];
  return middle !== undefined && inside(region.info, middle) ? middle : undefined;
}

function inside(info: RegionInfo, row: Buffer): boolean {
  return (
    compareBytes(row, info.startKey) > 0 &&
    (info.endKey.length === 0 || compareBytes(row, info.endKey) < 0)
  );
}

export async function splitOpenRegion(
  server: RegionServer,
  name: string,
  splitRow: Buffer | undefined,
  regionId: number,
) {
  const region = openRegion(server, name);
  if (splitting.has(region)) {
    throw new NotServingRegionError(`region ${name} is splitting on ${server.serverName}`);
  }
  splitting.add(region);
  // Out of service only from the close on: until then the parent serves reads and writes.
  const detach = (): void => {
    if (server.regions.get(name) === region) server.detachRegion(name);
  };
  try {
    return await splitRegion(region, splitRow, regionId, { beforeClose: detach });
  } catch (error) {
    // The parent goes out of service (and may be closed already): the master reopens it.
    detach();
    await region.close({ flush: false }).catch(() => undefined);
    throw error;
  } finally {
    splitting.delete(region);
  }
}
