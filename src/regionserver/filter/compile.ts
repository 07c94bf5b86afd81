// Turns a FilterSpec into a running Filter: one fresh instance per region scan (filters keep
// per-row and per-scan state). Refuses specs past the filter limits with LimitExceededError and
// malformed ones (bad fuzzy masks, inverted row ranges, bad patterns) with InvalidArgumentError.
import {
  assertNever,
  InvalidArgumentError,
  LimitExceededError,
  type Rng,
  validateTimestamp,
} from '../../common/index.js';
import {
  FILTER_ARGUMENTS_MAX,
  FILTER_INT_ARGUMENT_MAX,
  FILTER_LIST_FILTERS_MAX,
  FILTER_NESTING_DEPTH_MAX,
  FILTER_ROW_KEYS_MAX,
  type FilterSpec,
} from '../../common/filter/index.js';
import {
  ColumnValueFilter,
  DependentColumnFilter,
  SingleColumnValueExcludeFilter,
  SingleColumnValueFilter,
} from './column-value-filters.js';
import {
  ColumnPrefixFilter,
  ColumnRangeFilter,
  MultipleColumnPrefixFilter,
} from './column-filters.js';
import { FamilyFilter, QualifierFilter, RowFilter, ValueFilter } from './compare-filters.js';
import type { Filter } from './filter.js';
import { FilterListAnd, FilterListOr } from './filter-list.js';
import { FuzzyRowFilter } from './fuzzy-row-filter.js';
import {
  ColumnCountGetFilter,
  ColumnPaginationFilter,
  FirstKeyOnlyFilter,
  KeyOnlyFilter,
} from './key-filters.js';
import { MultiRowRangeFilter } from './multi-row-range-filter.js';
import { InclusiveStopFilter, PageFilter, PrefixFilter, RandomRowFilter } from './row-filters.js';
import { TimestampsFilter } from './timestamps-filter.js';
import { SkipFilter, WhileMatchFilter } from './wrapper-filters.js';

/** A new running filter for one region scan; `rng` feeds RandomRowFilter. */
/** `reversed`: the filter serves a reversed scan (HBase's Filter.setReversed). */
export function compileFilter(spec: FilterSpec, rng: Rng, reversed = false): Filter {
  return compileAt(spec, rng, 1, reversed);
}

function compileAt(spec: FilterSpec, rng: Rng, depth: number, reversed: boolean): Filter {
  if (depth > FILTER_NESTING_DEPTH_MAX) {
    throw new LimitExceededError(
      `filter nests ${depth} levels deep; FILTER_NESTING_DEPTH_MAX is ${FILTER_NESTING_DEPTH_MAX}`,
    );
  }
  switch (spec.type) {
    case 'FilterList': {
      checkCount('filters in a FilterList', spec.filters.length, FILTER_LIST_FILTERS_MAX);
      const filters = spec.filters.map((member) => compileAt(member, rng, depth + 1, reversed));
      return spec.op === 'MUST_PASS_ALL' ? new FilterListAnd(filters) : new FilterListOr(filters);
    }
    case 'SkipFilter':
      return new SkipFilter(compileAt(spec.filter, rng, depth + 1, reversed));
    case 'WhileMatchFilter':
      return new WhileMatchFilter(compileAt(spec.filter, rng, depth + 1, reversed));
    default:
      return compileLeaf(spec, rng, reversed);
  }
}

type LeafSpec = Exclude<FilterSpec, { type: 'FilterList' | 'SkipFilter' | 'WhileMatchFilter' }>;

function compileLeaf(spec: LeafSpec, rng: Rng, reversed: boolean): Filter {
  switch (spec.type) {
    case 'RowFilter':
      return new RowFilter(spec.op, spec.comparator);
    case 'FamilyFilter':
      return new FamilyFilter(spec.op, spec.comparator);
    case 'QualifierFilter':
      return new QualifierFilter(spec.op, spec.comparator);
    case 'ValueFilter':
      return new ValueFilter(spec.op, spec.comparator);
    case 'PrefixFilter':
      return new PrefixFilter(spec.prefix, reversed);
    case 'InclusiveStopFilter':
      return new InclusiveStopFilter(spec.stopRow, reversed);
    case 'PageFilter':
      checkNonNegative('the page size', spec.pageSize, Number.MAX_SAFE_INTEGER);
      return new PageFilter(spec.pageSize);
    case 'RandomRowFilter':
      if (Number.isNaN(spec.chance)) throw new InvalidArgumentError('the chance is NaN');
      return new RandomRowFilter(spec.chance, rng);
    case 'MultiRowRangeFilter':
      checkCount('row ranges', spec.ranges.length, FILTER_ROW_KEYS_MAX);
      return new MultiRowRangeFilter(spec.ranges, reversed);
    case 'FuzzyRowFilter':
      checkCount('fuzzy pairs', spec.pairs.length, FILTER_ROW_KEYS_MAX);
      return new FuzzyRowFilter(spec.pairs);
    case 'ColumnPrefixFilter':
      return new ColumnPrefixFilter(spec.prefix);
    case 'MultipleColumnPrefixFilter':
      return new MultipleColumnPrefixFilter(spec.prefixes);
    case 'ColumnRangeFilter':
      return new ColumnRangeFilter(spec);
    case 'ColumnPaginationFilter':
      checkNonNegative('the limit', spec.limit, FILTER_INT_ARGUMENT_MAX);
      checkNonNegative('the offset', spec.offset, FILTER_INT_ARGUMENT_MAX);
      return new ColumnPaginationFilter(spec.limit, spec.offset);
    case 'ColumnCountGetFilter':
      checkNonNegative('the limit', spec.limit, FILTER_INT_ARGUMENT_MAX);
      return new ColumnCountGetFilter(spec.limit);
    case 'KeyOnlyFilter':
      return new KeyOnlyFilter(spec.lengthAsValue);
    case 'FirstKeyOnlyFilter':
      return new FirstKeyOnlyFilter();
    case 'DependentColumnFilter':
      return new DependentColumnFilter(spec);
    case 'SingleColumnValueFilter':
      return new SingleColumnValueFilter(spec, spec.filterIfMissing, spec.latestVersionOnly);
    case 'SingleColumnValueExcludeFilter':
      return new SingleColumnValueExcludeFilter(spec, spec.filterIfMissing, spec.latestVersionOnly);
    case 'ColumnValueFilter':
      return new ColumnValueFilter(spec);
    case 'TimestampsFilter':
      checkCount('timestamps', spec.timestamps.length, FILTER_ARGUMENTS_MAX);
      for (const timestamp of spec.timestamps) validateTimestamp(timestamp);
      return new TimestampsFilter(spec.timestamps);
    default:
      return assertNever(spec, 'filter spec');
  }
}

/** HBase's constructors refuse negative counts; ours also refuse fractions and huge values. */
function checkNonNegative(what: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new InvalidArgumentError(`${what} is ${value}; it must be an integer from 0 to ${max}`);
  }
}

function checkCount(what: string, count: number, max: number): void {
  if (count > max) throw new LimitExceededError(`${count} ${what}; the limit is ${max}`);
}
