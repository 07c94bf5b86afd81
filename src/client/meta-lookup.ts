// Reads of the meta region for the locator: the region of a table holding a row, or ending at a
// key, by a reversed scan that skips offline rows (split parents), and a table's state. Pure
// reads over one region server stub; what a missing or unusable answer means is the locator's.
import type { ScanSpec } from '../common/operations.js';
import {
  META_FAMILY,
  META_REGION_INFO,
  metaRowKey,
  metaSearchKey,
  parseRegionRow,
  parseTableRow,
  tableRowKey,
  tableRowsRange,
  type MetaRegionEntry,
  type TableState,
} from '../master/meta/index.js';
import type { RegionServerService } from '../regionserver/service/protocol.js';
import type { Stub } from '../rpc/index.js';
import { META_LOOKUP_ROWS, META_LOOKUP_ROWS_MAX } from './limits.js';

export type RegionServerStub = Stub<(typeof RegionServerService)['methods']>;

/** Which region to find: the one holding `row`, or the one just before `key` (empty: the last). */
export type LookupTarget =
  { readonly kind: 'at'; readonly row: Buffer } | { readonly kind: 'before'; readonly key: Buffer };

export interface LookupAnswer {
  /** The nearest online region row at or before the target, if any. */
  readonly entry: MetaRegionEntry | undefined;
  /** Whether any region row of the table lay at or before the target (offline ones included). */
  readonly sawRows: boolean;
}

/** The reversed meta scan that meets the target's region first (see meta-key.ts). */
export function lookupScan(table: string, target: LookupTarget): ScanSpec {
  const range = tableRowsRange(table);
  const base = {
    reversed: true,
    stopRow: range.startRow,
    columns: [{ family: META_FAMILY }],
  };
  if (target.kind === 'at') return { ...base, startRow: metaSearchKey(table, target.row) };
  // Before every row of a region starting at `key` (region ids are >= 0), after those below it.
  const startRow =
    target.key.length === 0
      ? range.stopRow
      : metaRowKey({ table, startKey: target.key, regionId: 0 });
  return { ...base, startRow, startRowInclusive: false };
}

/** Finds the target's region in meta (a reversed scan from the target, offline rows skipped). */
export async function lookupRegion(
  stub: RegionServerStub,
  table: string,
  target: LookupTarget,
  timeoutMs: number,
): Promise<LookupAnswer> {
  const region = META_REGION_INFO.encodedName;
  let batch = await stub.openScanner(
    { region, scan: lookupScan(table, target), rows: META_LOOKUP_ROWS },
    { timeoutMs },
  );
  let read = 0;
  for (;;) {
    for (const row of batch.rows) {
      read++;
      const entry = parseRegionRow(row.list);
      if (entry.offline) continue;
      if (batch.more) closeQuietly(stub, batch.scannerId, timeoutMs);
      return { entry, sawRows: true };
    }
    if (!batch.more) return { entry: undefined, sawRows: read > 0 };
    if (read >= META_LOOKUP_ROWS_MAX) {
      closeQuietly(stub, batch.scannerId, timeoutMs);
      return { entry: undefined, sawRows: true };
    }
    batch = await stub.next({ scannerId: batch.scannerId, rows: META_LOOKUP_ROWS }, { timeoutMs });
  }
}

/** The table's state from its meta row, or undefined when meta has no (valid) table row. */
export async function lookupTableState(
  stub: RegionServerStub,
  table: string,
  timeoutMs: number,
): Promise<TableState | undefined> {
  const { cells } = await stub.get(
    { region: META_REGION_INFO.encodedName, get: { row: tableRowKey(table) } },
    { timeoutMs },
  );
  if (cells.list.length === 0) return undefined;
  try {
    return parseTableRow(cells.list).state;
  } catch {
    return undefined;
  }
}

/** Closes a server-side scanner without waiting (its lease would end it anyway). */
export function closeQuietly(stub: RegionServerStub, scannerId: number, timeoutMs: number): void {
  stub.closeScanner({ scannerId }, { timeoutMs }).catch(() => undefined);
}
