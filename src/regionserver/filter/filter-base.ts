// The defaults every filter starts from, as HBase's FilterBase: keep every row and cell, no row
// stage, no hints, every family essential. Subclasses override only what they decide.
import type { Cell } from '../../common/index.js';
import { type Filter, FilterCode } from './filter.js';

export abstract class FilterBase implements Filter {
  reset(): void {}

  filterAllRemaining(): boolean {
    return false;
  }

  filterRowKey(_row: Buffer): boolean {
    return false;
  }

  filterCell(_cell: Cell): FilterCode {
    return FilterCode.Include;
  }

  transformCell(cell: Cell): Cell {
    return cell;
  }

  hasFilterRow(): boolean {
    return false;
  }

  filterRowCells(cells: Cell[]): Cell[] {
    return cells;
  }

  filterRow(): boolean {
    return false;
  }

  nextCellHint(_cell: Cell): Cell | undefined {
    return undefined;
  }

  isFamilyEssential(_family: Buffer): boolean {
    return true;
  }
}

/** True for the codes that keep the cell. */
export function includes(code: FilterCode): boolean {
  return (
    code === FilterCode.Include ||
    code === FilterCode.IncludeAndNextCol ||
    code === FilterCode.IncludeAndSeekNextRow
  );
}
