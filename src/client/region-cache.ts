// The connection's cache of region locations (pure): per table, the located regions sorted by
// start key. Invariant: a table's cached regions never overlap — adding a region drops every
// cached one it overlaps (a split parent, a stale layout), so a row finds at most one region.
import { compareBytes } from '../common/bytes.js';
import type { RegionInfo } from '../regionserver/region-info.js';
import { LOCATION_CACHE_REGIONS_MAX } from './limits.js';

/** Where a region is served: its descriptor, the server's name and the address to call. */
export interface RegionLocation {
  readonly info: RegionInfo;
  /** `host,port,startcode`, as meta records it. */
  readonly serverName: string;
  /** `host:port`. */
  readonly address: string;
}

/** The region holds `row`: start <= row < end (an empty end is the table's end). */
export function regionHolds(info: RegionInfo, row: Buffer): boolean {
  return (
    compareBytes(info.startKey, row) <= 0 &&
    (info.endKey.length === 0 || compareBytes(row, info.endKey) < 0)
  );
}

/** The region ends at or after `key` (it holds the rows just below `key` if it starts before). */
export function regionReaches(info: RegionInfo, key: Buffer): boolean {
  if (key.length === 0) return info.endKey.length === 0;
  return info.endKey.length === 0 || compareBytes(info.endKey, key) >= 0;
}

/** The two ranges share a row. */
function overlaps(a: RegionInfo, b: RegionInfo): boolean {
  const aBeforeB = a.endKey.length > 0 && compareBytes(a.endKey, b.startKey) <= 0;
  const bBeforeA = b.endKey.length > 0 && compareBytes(b.endKey, a.startKey) <= 0;
  return !aBeforeB && !bBeforeA;
}

export class RegionCache {
  readonly #tables = new Map<string, RegionLocation[]>();
  readonly #capacity: number;
  #size = 0;

  constructor(capacity = LOCATION_CACHE_REGIONS_MAX) {
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#size;
  }

  /** The cached region of `table` holding `row`. */
  find(table: string, row: Buffer): RegionLocation | undefined {
    const regions = this.#tables.get(table);
    if (regions === undefined) return undefined;
    const found = regions[lastStartingAtOrBefore(regions, row, true)];
    return found !== undefined && regionHolds(found.info, row) ? found : undefined;
  }

  /**
   * The cached region of `table` holding the rows just below `key` (it starts before `key` and
   * ends at or after it); an empty key asks for the table's last region.
   */
  findBefore(table: string, key: Buffer): RegionLocation | undefined {
    const regions = this.#tables.get(table);
    if (regions === undefined) return undefined;
    if (key.length === 0) {
      const last = regions[regions.length - 1];
      return last !== undefined && last.info.endKey.length === 0 ? last : undefined;
    }
    const found = regions[lastStartingAtOrBefore(regions, key, false)];
    return found !== undefined && regionReaches(found.info, key) ? found : undefined;
  }

  /** Caches `location`, dropping the regions of its table it overlaps. */
  add(location: RegionLocation): void {
    if (this.#size >= this.#capacity) this.clear();
    const table = location.info.table;
    const regions = this.#tables.get(table) ?? [];
    const kept = regions.filter((r) => !overlaps(r.info, location.info));
    const at = lastStartingAtOrBefore(kept, location.info.startKey, true) + 1;
    kept.splice(at, 0, location);
    this.#size += kept.length - regions.length;
    this.#tables.set(table, kept);
  }

  /** Forgets `location` (if that very region on that server is still the one cached). */
  remove(location: RegionLocation): void {
    const regions = this.#tables.get(location.info.table);
    if (regions === undefined) return;
    const i = regions.findIndex(
      (r) =>
        r.info.encodedName === location.info.encodedName && r.serverName === location.serverName,
    );
    if (i < 0) return;
    regions.splice(i, 1);
    this.#size--;
  }

  /** Forgets every region cached on the server at `address`; returns how many. */
  removeServer(address: string): number {
    let removed = 0;
    for (const [table, regions] of this.#tables) {
      const kept = regions.filter((r) => r.address !== address);
      removed += regions.length - kept.length;
      this.#tables.set(table, kept);
    }
    this.#size -= removed;
    return removed;
  }

  clearTable(table: string): void {
    this.#size -= this.#tables.get(table)?.length ?? 0;
    this.#tables.delete(table);
  }

  clear(): void {
    this.#tables.clear();
    this.#size = 0;
  }
}

/**
 * The index of the last region whose start key is at or before `key` (inclusive) or strictly
 * before it (not inclusive); -1 when there is none.
 */
function lastStartingAtOrBefore(
  regions: readonly RegionLocation[],
  key: Buffer,
  inclusive: boolean,
): number {
  let low = 0;
  let high = regions.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const c = compareBytes((regions[mid] as RegionLocation).info.startKey, key);
    if (c < 0 || (inclusive && c === 0)) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}
