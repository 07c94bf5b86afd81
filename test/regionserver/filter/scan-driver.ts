// A reference driver for filter tests: runs a Filter over cells in memory in the order
// src/regionserver/filter/index.ts documents (HBase's RegionScanner + UserScanQueryMatcher),
// honouring NextCol, NextRow (rest of the row in this family) and seek hints, and counting
// versions after the filter. Returns the rows it would send back.
import { type Cell, compareCells, makeCell, type CellInit } from '../../../src/common/index.js';
import { bytesEqual } from '../../../src/common/index.js';
import { type Filter, FilterCode } from '../../../src/regionserver/filter/index.js';

export interface ScanOptions {
  /** Versions per column returned; default 1, as a Get or Scan without readVersions. */
  readonly maxVersions?: number;
}

export interface ScanTrace {
  readonly rows: Cell[][];
  /** How many cells filterCell was asked about. */
  readonly cellsSeen: number;
}

export const cells = (...inits: CellInit[]): Cell[] => inits.map(makeCell).sort(compareCells);

function firstIndexAtOrAfter(sorted: readonly Cell[], key: Cell): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const cell = sorted[mid];
    if (cell !== undefined && compareCells(cell, key) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

function skipWhile(sorted: readonly Cell[], from: number, same: (cell: Cell) => boolean): number {
  let i = from;
  while (i < sorted.length && same(sorted[i] as Cell)) i++;
  return i;
}

const sameRow = (a: Cell) => (b: Cell) => bytesEqual(a.row, b.row);
const sameFamily = (a: Cell) => (b: Cell) => sameRow(a)(b) && bytesEqual(a.family, b.family);
const sameColumn = (a: Cell) => (b: Cell) =>
  sameFamily(a)(b) && bytesEqual(a.qualifier, b.qualifier);

export function scanWithFilter(
  input: readonly Cell[],
  filter: Filter,
  options: ScanOptions = {},
): ScanTrace {
  const sorted = [...input].sort(compareCells);
  const maxVersions = options.maxVersions ?? 1;
  const rows: Cell[][] = [];
  let cellsSeen = 0;
  let i = 0;
  while (i < sorted.length) {
    const first = sorted[i] as Cell;
    const rowEnd = skipWhile(sorted, i, sameRow(first));
    filter.reset();
    if (filter.filterAllRemaining()) break;
    if (filter.filterRowKey(first.row)) {
      i = rowEnd;
      if (filter.filterAllRemaining()) break;
      continue;
    }
    let kept: Cell[] = [];
    const versions = new Map<string, number>();
    let j = i;
    while (j < rowEnd) {
      const cell = sorted[j] as Cell;
      cellsSeen++;
      const code = filter.filterAllRemaining() ? FilterCode.NextRow : filter.filterCell(cell);
      if (
        code === FilterCode.Include ||
        code === FilterCode.IncludeAndNextCol ||
        code === FilterCode.IncludeAndSeekNextRow
      ) {
        const column = `${cell.family.toString('hex')}:${cell.qualifier.toString('hex')}`;
        const seen = versions.get(column) ?? 0;
        if (seen < maxVersions) kept.push(filter.transformCell(cell));
        versions.set(column, seen + 1);
      }
      j = nextIndex(sorted, j, code, filter);
    }
    if (filter.hasFilterRow()) {
      kept = filter.filterRowCells(kept);
      if (kept.length > 0 && filter.filterRow()) kept = [];
    } else if (kept.length > 0 && filter.filterRow()) {
      kept = [];
    }
    if (kept.length > 0) rows.push(kept);
    i = Math.max(rowEnd, j);
  }
  return { rows, cellsSeen };
}

function nextIndex(sorted: readonly Cell[], j: number, code: FilterCode, filter: Filter): number {
  const cell = sorted[j] as Cell;
  switch (code) {
    case FilterCode.Include:
    case FilterCode.Skip:
      return j + 1;
    case FilterCode.IncludeAndNextCol:
    case FilterCode.NextCol:
      return skipWhile(sorted, j, sameColumn(cell));
    case FilterCode.IncludeAndSeekNextRow:
    case FilterCode.NextRow:
      return skipWhile(sorted, j, sameFamily(cell));
    case FilterCode.SeekNextUsingHint: {
      const hint = filter.nextCellHint(cell);
      if (hint === undefined || compareCells(hint, cell) <= 0) return j + 1;
      return firstIndexAtOrAfter(sorted, hint);
    }
  }
}

/** Rows as "row/family:qualifier@ts=value" strings, for readable expectations. */
export function describeRows(rows: readonly Cell[][]): string[][] {
  return rows.map((row) =>
    row.map(
      (cell) =>
        `${cell.row.toString()}/${cell.family.toString()}:${cell.qualifier.toString()}` +
        `@${cell.timestamp}=${cell.value.toString('hex')}`,
    ),
  );
}

/** The row keys returned. */
export function rowKeys(rows: readonly Cell[][]): string[] {
  return rows.map((row) => (row[0] as Cell).row.toString());
}
