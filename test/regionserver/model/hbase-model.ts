// A deliberately dumb reference model of one region's data with HBase's semantics, for tests: per
// family a memstore (a list) and store files (lists, oldest first); reads and compactions are sorts
// and filters (model-rules.ts, model-compaction.ts). It never calls src/regionserver/query: its
// point is to catch that code's mistakes.
import {
  type Cell,
  compareBytes,
  compareCells,
  EMPTY_BYTES,
  LATEST_TIMESTAMP,
  CellType,
} from '../../../src/common/index.js';
import type {
  ColumnSelection,
  FamilyDescriptor,
  TimeRange,
} from '../../../src/common/operations.js';
import { compactCells } from './model-compaction.js';
import { readRowFamily } from './model-rules.js';

export interface ModelReadOptions {
  /** "Now" for TTL expiry. */
  readonly nowMs: number;
  /** Cells with a higher sequence id are invisible. Default: all visible. */
  readonly readPoint?: number;
  /** Undefined or empty: every family. */
  readonly columns?: readonly ColumnSelection[];
  /** Default: every timestamp. */
  readonly timeRange?: TimeRange;
  /** Default 1. */
  readonly maxVersions?: number;
  readonly raw?: boolean;
  readonly maxResultsPerFamily?: number;
  readonly rowOffsetPerFamily?: number;
}

export interface ModelScanOptions extends ModelReadOptions {
  readonly startRow?: Buffer;
  readonly startRowInclusive?: boolean;
  readonly stopRow?: Buffer;
  readonly stopRowInclusive?: boolean;
  readonly reversed?: boolean;
  /** Rows returned at most. */
  readonly limit?: number;
}

export interface ModelRow {
  readonly row: Buffer;
  readonly cells: readonly Cell[];
}

export interface ModelCompactOptions {
  readonly smallestReadPoint?: number;
  readonly timeToPurgeDeletesMs?: number;
}

interface ModelStore {
  readonly family: FamilyDescriptor;
  readonly name: Buffer;
  memstore: Cell[];
  files: Cell[][];
}

export const ALL_TIME: TimeRange = { minTs: 0, maxTs: LATEST_TIMESTAMP };

export class HBaseModel {
  readonly #stores: ModelStore[];

  constructor(families: readonly FamilyDescriptor[]) {
    this.#stores = families
      .map((family) => ({ family, name: Buffer.from(family.name), memstore: [], files: [] }))
      .sort((a, b) => compareBytes(a.name, b.name));
  }

  /** Writes already timestamped cells (sequence ids increasing) to the memstores. */
  apply(cells: readonly Cell[]): void {
    for (const cell of cells) this.#store(cell.family).memstore.push(cell);
  }

  memstore(family: string): readonly Cell[] {
    return [...this.#store(Buffer.from(family)).memstore].sort(compareCells);
  }

  files(family: string): readonly (readonly Cell[])[] {
    return this.#store(Buffer.from(family)).files;
  }

  /** Every non-empty memstore becomes a new file, through the retain-deletes rule. */
  flush(nowMs: number, options: ModelCompactOptions = {}): void {
    for (const store of this.#stores) {
      if (store.memstore.length === 0) continue;
      const file = compactCells(store.memstore, store.family, {
        mode: 'retain',
        nowMs,
        smallestReadPoint: options.smallestReadPoint ?? Number.MAX_SAFE_INTEGER,
        earliestPutTs: LATEST_TIMESTAMP,
        timeToPurgeDeletesMs: 0,
      });
      store.memstore = [];
      store.files.push(file);
    }
  }

  /**
   * Merges the files at these indexes into one (put where the first of them was). Major: the
   * drop-deletes rule (meant for all of a family's files, as HBase does); else retain-deletes.
   */
  compact(
    family: string,
    fileIndexes: readonly number[],
    major: boolean,
    nowMs: number,
    options: ModelCompactOptions = {},
  ): void {
    const store = this.#store(Buffer.from(family));
    const chosen = [...new Set(fileIndexes)].sort((a, b) => a - b);
    if (chosen.length === 0) return;
    const inputs = chosen.map((i) => {
      const file = store.files[i];
      if (file === undefined) throw new Error(`family ${family} has no file ${i}`);
      return file;
    });
    const cells = inputs.flat();
    const merged = compactCells(cells, store.family, {
      mode: major ? 'drop' : 'retain',
      nowMs,
      smallestReadPoint: options.smallestReadPoint ?? Number.MAX_SAFE_INTEGER,
      earliestPutTs: earliestPutTs(cells),
      timeToPurgeDeletesMs: options.timeToPurgeDeletesMs ?? 0,
    });
    const kept = store.files.filter((_, i) => !chosen.includes(i));
    kept.splice(chosen[0] as number, 0, merged);
    store.files = kept;
  }

  /** A Get: the row's cells, families in order, each family's cells in cell order. */
  get(row: Buffer, options: ModelReadOptions): Cell[] {
    const selected = this.#select(options.columns);
    const out: Cell[] = [];
    for (const { store, qualifiers } of selected) {
      const visible = this.#visible(store, row, options.readPoint);
      out.push(
        ...readRowFamily(visible, store.family, {
          nowMs: options.nowMs,
          timeRange: options.timeRange ?? ALL_TIME,
          maxVersions: options.maxVersions ?? 1,
          raw: options.raw ?? false,
          qualifiers,
          ...(options.maxResultsPerFamily === undefined
            ? {}
            : { maxResultsPerFamily: options.maxResultsPerFamily }),
          ...(options.rowOffsetPerFamily === undefined
            ? {}
            : { rowOffsetPerFamily: options.rowOffsetPerFamily }),
        }),
      );
    }
    return out;
  }

  /** A Scan: the non-empty rows in range, in order (descending when reversed), up to `limit`. */
  scan(options: ModelScanOptions): ModelRow[] {
    const rows = this.#rows().filter((row) => inScanRange(row, options));
    if (options.reversed === true) rows.reverse();
    const out: ModelRow[] = [];
    for (const row of rows) {
      if (options.limit !== undefined && out.length >= options.limit) break;
      const cells = this.get(row, options);
      if (cells.length > 0) out.push({ row, cells });
    }
    return out;
  }

  #store(family: Buffer): ModelStore {
    const store = this.#stores.find((s) => s.name.equals(family));
    if (store === undefined) throw new Error(`no family ${family.toString()}`);
    return store;
  }

  #select(
    columns: readonly ColumnSelection[] | undefined,
  ): { store: ModelStore; qualifiers: readonly Buffer[] | undefined }[] {
    if (columns === undefined || columns.length === 0) {
      return this.#stores.map((store) => ({ store, qualifiers: undefined }));
    }
    const chosen = this.#stores.filter((store) => columns.some((c) => c.family.equals(store.name)));
    for (const c of columns) this.#store(c.family);
    return chosen.map((store) => {
      const mine = columns.filter((c) => c.family.equals(store.name));
      if (mine.some((c) => c.qualifiers === undefined || c.qualifiers.length === 0)) {
        return { store, qualifiers: undefined };
      }
      return { store, qualifiers: mine.flatMap((c) => c.qualifiers ?? []) };
    });
  }

  #visible(store: ModelStore, row: Buffer, readPoint: number | undefined): Cell[] {
    const limit = readPoint ?? Number.MAX_SAFE_INTEGER;
    return [store.memstore, ...store.files]
      .flat()
      .filter((cell) => cell.row.equals(row) && cell.sequenceId <= limit);
  }

  #rows(): Buffer[] {
    const all = this.#stores.flatMap((s) => [s.memstore, ...s.files].flat().map((c) => c.row));
    all.sort(compareBytes);
    return all.filter((row, i) => i === 0 || !row.equals(all[i - 1] as Buffer));
  }
}

/** HBase's EARLIEST_PUT_TS over some files: the smallest Put timestamp, LATEST if none. */
export function earliestPutTs(cells: readonly Cell[]): number {
  let earliest = LATEST_TIMESTAMP;
  for (const cell of cells) {
    if (cell.type === CellType.Put && cell.timestamp < earliest) earliest = cell.timestamp;
  }
  return earliest;
}

function inScanRange(row: Buffer, options: ModelScanOptions): boolean {
  const start = options.startRow ?? EMPTY_BYTES;
  const stop = options.stopRow ?? EMPTY_BYTES;
  const startInclusive = options.startRowInclusive ?? true;
  const stopInclusive = options.stopRowInclusive ?? false;
  const sign = options.reversed === true ? -1 : 1;
  if (start.length > 0) {
    const c = sign * compareBytes(row, start);
    if (c < 0 || (c === 0 && !startInclusive)) return false;
  }
  if (stop.length > 0) {
    const c = sign * compareBytes(row, stop);
    if (c > 0 || (c === 0 && !stopInclusive)) return false;
  }
  return true;
}
