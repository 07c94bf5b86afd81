// How a FilterList merges its members' return codes (HBase 2's FilterListWithAND/WithOR). Codes
// order by how far they move the scan: Include < Skip < IncludeAndNextCol < NextCol <
// IncludeAndSeekNextRow < NextRow < SeekNextUsingHint. AND takes the largest step, keeping a cell
// only when all include it; OR the smallest, keeping it when any includes it.
import { assertNever } from '../../common/index.js';
import { FilterCode } from './filter.js';

const {
  Include,
  IncludeAndNextCol,
  IncludeAndSeekNextRow,
  Skip,
  NextCol,
  NextRow,
  SeekNextUsingHint,
} = FilterCode;

/** MUST_PASS_ALL: `merged` so far (from Include), merged with the next member's `local`. */
export function mergeAnd(merged: FilterCode, local: FilterCode): FilterCode {
  if (merged === SeekNextUsingHint || local === SeekNextUsingHint) return SeekNextUsingHint;
  switch (local) {
    case Include:
      return merged;
    case IncludeAndNextCol:
      if (merged === Include || merged === IncludeAndNextCol) return IncludeAndNextCol;
      if (merged === IncludeAndSeekNextRow) return IncludeAndSeekNextRow;
      return merged === NextRow ? NextRow : NextCol;
    case IncludeAndSeekNextRow:
      if (merged === Include || merged === IncludeAndNextCol) return IncludeAndSeekNextRow;
      return merged === IncludeAndSeekNextRow ? IncludeAndSeekNextRow : NextRow;
    case Skip:
      if (merged === Include || merged === Skip) return Skip;
      return merged === IncludeAndNextCol || merged === NextCol ? NextCol : NextRow;
    case NextCol:
      return merged === IncludeAndSeekNextRow || merged === NextRow ? NextRow : NextCol;
    case NextRow:
      return NextRow;
    default:
      return assertNever(local, 'filter code');
  }
}

/** MUST_PASS_ONE: `merged` so far (undefined before the first member), merged with `local`. */
export function mergeOr(merged: FilterCode | undefined, local: FilterCode): FilterCode {
  if (merged === undefined) return local;
  switch (local) {
    case Include:
      return Include;
    case IncludeAndNextCol:
      if (merged === Include || merged === Skip || merged === SeekNextUsingHint) return Include;
      return IncludeAndNextCol;
    case IncludeAndSeekNextRow:
      if (merged === Include || merged === Skip || merged === SeekNextUsingHint) return Include;
      if (merged === IncludeAndNextCol || merged === NextCol) return IncludeAndNextCol;
      return IncludeAndSeekNextRow;
    case Skip:
      if (merged === Include || merged === IncludeAndNextCol || merged === IncludeAndSeekNextRow) {
        return Include;
      }
      return Skip;
    case NextCol:
      if (merged === Include) return Include;
      if (merged === IncludeAndNextCol || merged === IncludeAndSeekNextRow)
        return IncludeAndNextCol;
      if (merged === Skip || merged === SeekNextUsingHint) return Skip;
      return NextCol;
    case NextRow:
      return merged === SeekNextUsingHint ? Skip : merged;
    case SeekNextUsingHint:
      if (merged === Include || merged === IncludeAndNextCol || merged === IncludeAndSeekNextRow) {
        return Include;
      }
      return merged === SeekNextUsingHint ? SeekNextUsingHint : Skip;
    default:
      return assertNever(local, 'filter code');
  }
}
