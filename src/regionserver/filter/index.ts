// The region server's filters: compileFilter turns a FilterSpec into a running Filter. The order
// in which a scan drives a filter (HBase's RegionScanner + UserScanQueryMatcher) is below.
//
// How a filter is driven — one compiled instance per region scan, all families of a row through
// the same instance:
//  1. Before each row: reset(); then if filterAllRemaining() the scan ends (reset comes first, as
//     in HBase: ColumnCountGetFilter's flag lasts a row, WhileMatchFilter's and PageFilter's the
//     scan). Then filterRowKey(row): true drops the row without reading its cells.
//  2. For each cell of the row, in cell order, that passed the time range, delete markers, MVCC
//     and the column selection — but BEFORE the version count (a filter sees every version):
//     a. if filterAllRemaining() has turned true, treat the cell as NextRow (HBase's
//        FilterWrapper); otherwise code = filterCell(cell).
//     b. Include*: the matcher's version limit then applies to what the filter included; a cell
//        that is kept goes through transformCell (KeyOnlyFilter) before it joins the row.
//     c. Skip: next cell. NextCol: skip the rest of this column's versions. NextRow (and the
//        "and seek next row" half of IncludeAndSeekNextRow): skip the rest of this row IN THIS
//        FAMILY — the row's next family is still read (HBase's StoreScanner scope; FamilyFilter
//        and ColumnValueFilter rely on it). SeekNextUsingHint: seek to nextCellHint(cell); when
//        that is undefined or not after the cell, treat it as Skip. A hint (a search key, compare
//        it with compareCells) may lie in a later row (MultiRowRangeFilter, FuzzyRowFilter): the
//        current row then ends there.
//     transformCell must follow filterCell for the same cell: a MUST_PASS_ONE list transforms
//     through the members that included the cell it was last asked about.
//  3. At the end of the row, with the included (and transformed) cells:
//       if (hasFilterRow()) { cells = filterRowCells(cells); if (cells.length > 0 && filterRow())
//         cells = []; }  else if (cells.length > 0 && filterRow()) cells = [];
//     filterRow is only asked about rows that still have cells (PageFilter counts it). The row
//     is returned when cells remain.
//  4. isFamilyEssential(family) false: that family may be loaded only for rows that pass
//     (on-demand column family loading); true is always safe.
export { type ByteComparator, compareOpPasses, compileComparator } from './comparator.js';
export { compileFilter } from './compile.js';
export { type Filter, FilterCode } from './filter.js';
export { FilterBase } from './filter-base.js';
export { nextFuzzyRow } from './fuzzy-row-filter.js';
