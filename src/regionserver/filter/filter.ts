// The running filter, as HBase's Filter: asked per row key, per cell, and per row at the end. One
// instance serves a whole region scan (every family of a row goes through the same filter). Built
// from a FilterSpec by compileFilter. Return codes follow HBase's Filter.ReturnCode.
import type { Cell } from '../../common/index.js';

export const FilterCode = {
  /** Keep the cell. */
  Include: 0,
  /** Keep it and go to the next column. */
  IncludeAndNextCol: 1,
  /** Keep it and go to the next row. */
  IncludeAndSeekNextRow: 2,
  /** Drop it, look at the next cell. */
  Skip: 3,
  /** Drop it and the rest of its column. */
  NextCol: 4,
  /** Drop it and the rest of the row. */
  NextRow: 5,
  /** Drop it; seek to `nextCellHint(cell)`. */
  SeekNextUsingHint: 6,
} as const;
export type FilterCode = (typeof FilterCode)[keyof typeof FilterCode];

export interface Filter {
  /** Called before each new row. */
  reset(): void;
  /** True once nothing more can pass: the scan ends. */
  filterAllRemaining(): boolean;
  /** True: drop the whole row without reading its cells. */
  filterRowKey(row: Buffer): boolean;
  /** Called for each cell that passed time range, deletes and column selection. */
  filterCell(cell: Cell): FilterCode;
  /** Rewrites an included cell (KeyOnlyFilter); identity for most filters. */
  transformCell(cell: Cell): Cell;
  /** True when filterRowCells/filterRow must see the whole row before it is returned. */
  hasFilterRow(): boolean;
  /** May drop cells from the row's included cells (DependentColumnFilter, SCVExclude...). */
  filterRowCells(cells: Cell[]): Cell[];
  /** True: drop the row after its cells were seen (SingleColumnValueFilter, SkipFilter...). */
  filterRow(): boolean;
  /** For SeekNextUsingHint: the key to seek to. */
  nextCellHint(cell: Cell): Cell | undefined;
  /** False: this family's cells can be skipped unless the row passes (on-demand loading). */
  isFamilyEssential(family: Buffer): boolean;
}
