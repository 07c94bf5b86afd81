// Builds a FilterSpec from one filter call, a builder per registered name, as each HBase filter's
// createFilterFromArguments does: the same argument counts, kinds, defaults and checks.
import { assert } from '../assert.js';
import {
  argumentError,
  booleanArgument,
  checkOpForComparator,
  comparatorArgument,
  compareOpArgument,
  countArgument,
  longArgument,
  quotedBytes,
  timestampArgument,
} from './argument-values.js';
import { FilterParseError } from './errors.js';
import type { FilterArgument } from './filter-text.js';
import type { FilterLanguageName } from './names.js';
import type { FilterSpec } from './spec.js';

export interface FilterCall {
  readonly name: FilterLanguageName;
  /** Offset of the filter's name in the filter string. */
  readonly position: number;
  readonly args: readonly FilterArgument[];
}

function describeCounts(counts: readonly number[]): string {
  const last = counts[counts.length - 1] ?? 0;
  const noun = last === 1 ? 'argument' : 'arguments';
  if (counts.length === 1) return last === 0 ? 'no arguments' : `${last} ${noun}`;
  return `${counts.slice(0, -1).join(', ')} or ${last} ${noun}`;
}

function expectCount(call: FilterCall, counts: readonly number[], shape: string): void {
  if (counts.includes(call.args.length)) return;
  const position = call.position;
  throw new FilterParseError(
    `${call.name} expects ${describeCounts(counts)} ${shape}, got ${call.args.length} ` +
      `(at position ${position})`,
    { position },
  );
}

function arg(call: FilterCall, index: number): FilterArgument {
  const argument = call.args[index];
  assert(argument !== undefined, `${call.name} argument ${index} was counted but is missing`);
  return argument;
}

type CompareFilterType = 'RowFilter' | 'FamilyFilter' | 'QualifierFilter' | 'ValueFilter';

function compareFilter(type: CompareFilterType): (call: FilterCall) => FilterSpec {
  return (call): FilterSpec => {
    expectCount(call, [2], "(op, 'type:value')");
    const op = compareOpArgument(arg(call, 0));
    const comparator = comparatorArgument(arg(call, 1));
    checkOpForComparator(arg(call, 0), op, comparator);
    // One case per type: TypeScript does not distribute an object literal over a union of types.
    switch (type) {
      case 'RowFilter':
        return { type, op, comparator };
      case 'FamilyFilter':
        return { type, op, comparator };
      case 'QualifierFilter':
        return { type, op, comparator };
      case 'ValueFilter':
        return { type, op, comparator };
    }
  };
}

function singleColumnValueFilter(
  type: 'SingleColumnValueFilter' | 'SingleColumnValueExcludeFilter',
): (call: FilterCall) => FilterSpec {
  return (call) => {
    expectCount(call, [4, 6], "('family', 'qualifier', op, 'type:value'[, bool, bool])");
    const family = quotedBytes(arg(call, 0), 'the family');
    const qualifier = quotedBytes(arg(call, 1), 'the qualifier');
    const op = compareOpArgument(arg(call, 2));
    const comparator = comparatorArgument(arg(call, 3));
    checkOpForComparator(arg(call, 2), op, comparator);
    const flags = call.args.length === 6;
    return {
      type,
      family,
      qualifier,
      op,
      comparator,
      filterIfMissing: flags ? booleanArgument(arg(call, 4), 'filterIfMissing') : false,
      latestVersionOnly: flags ? booleanArgument(arg(call, 5), 'latestVersionOnly') : true,
    };
  };
}

function dependentColumnFilter(call: FilterCall): FilterSpec {
  expectCount(
    call,
    [2, 3, 5],
    "('family', 'qualifier'[, dropDependentColumn[, op, 'type:value']])",
  );
  const family = quotedBytes(arg(call, 0), 'the family');
  const qualifier = quotedBytes(arg(call, 1), 'the qualifier');
  const dropDependentColumn =
    call.args.length >= 3 ? booleanArgument(arg(call, 2), 'dropDependentColumn') : false;
  if (call.args.length < 5) {
    return {
      type: 'DependentColumnFilter',
      family,
      qualifier,
      dropDependentColumn,
      op: 'NO_OP',
      comparator: null,
    };
  }
  // HBase does not apply the regexstring/substring op rule to this filter.
  const op = compareOpArgument(arg(call, 3));
  const comparator = comparatorArgument(arg(call, 4));
  return { type: 'DependentColumnFilter', family, qualifier, dropDependentColumn, op, comparator };
}

function columnRangeFilter(call: FilterCall): FilterSpec {
  expectCount(call, [4], "('min', minInclusive, 'max', maxInclusive)");
  const min = quotedBytes(arg(call, 0), 'the min column');
  const max = quotedBytes(arg(call, 2), 'the max column');
  // As in HBase, an empty bound is no bound.
  return {
    type: 'ColumnRangeFilter',
    minColumn: min.length === 0 ? null : min,
    minColumnInclusive: booleanArgument(arg(call, 1), 'minColumnInclusive'),
    maxColumn: max.length === 0 ? null : max,
    maxColumnInclusive: booleanArgument(arg(call, 3), 'maxColumnInclusive'),
  };
}

function multipleColumnPrefixFilter(call: FilterCall): FilterSpec {
  const prefixes: Buffer[] = [];
  for (const argument of call.args) {
    const prefix = quotedBytes(argument, 'a column prefix');
    if (prefixes.some((seen) => seen.equals(prefix))) {
      throw argumentError(argument, `prefixes must be distinct; '${argument.text}' repeats`);
    }
    prefixes.push(prefix);
  }
  return { type: 'MultipleColumnPrefixFilter', prefixes };
}

const BUILDERS: Readonly<Record<FilterLanguageName, (call: FilterCall) => FilterSpec>> = {
  KeyOnlyFilter: (call) => {
    expectCount(call, [0, 1], '([lengthAsValue])');
    const lengthAsValue = call.args.length === 1 && booleanArgument(arg(call, 0), 'lengthAsValue');
    return { type: 'KeyOnlyFilter', lengthAsValue };
  },
  FirstKeyOnlyFilter: (call) => {
    expectCount(call, [0], '()');
    return { type: 'FirstKeyOnlyFilter' };
  },
  PrefixFilter: (call) => {
    expectCount(call, [1], "('prefix')");
    return { type: 'PrefixFilter', prefix: quotedBytes(arg(call, 0), 'the row prefix') };
  },
  ColumnPrefixFilter: (call) => {
    expectCount(call, [1], "('prefix')");
    return { type: 'ColumnPrefixFilter', prefix: quotedBytes(arg(call, 0), 'the column prefix') };
  },
  MultipleColumnPrefixFilter: multipleColumnPrefixFilter,
  ColumnCountGetFilter: (call) => {
    expectCount(call, [1], '(limit)');
    return { type: 'ColumnCountGetFilter', limit: countArgument(arg(call, 0), 'the limit') };
  },
  PageFilter: (call) => {
    expectCount(call, [1], '(pageSize)');
    return { type: 'PageFilter', pageSize: longArgument(arg(call, 0), 'the page size') };
  },
  ColumnPaginationFilter: (call) => {
    expectCount(call, [2], '(limit, offset)');
    return {
      type: 'ColumnPaginationFilter',
      limit: countArgument(arg(call, 0), 'the limit'),
      offset: countArgument(arg(call, 1), 'the offset'),
    };
  },
  InclusiveStopFilter: (call) => {
    expectCount(call, [1], "('stopRow')");
    return { type: 'InclusiveStopFilter', stopRow: quotedBytes(arg(call, 0), 'the stop row') };
  },
  TimestampsFilter: (call) => ({
    type: 'TimestampsFilter',
    timestamps: call.args.map((argument) => timestampArgument(argument, 'a timestamp')),
  }),
  RowFilter: compareFilter('RowFilter'),
  FamilyFilter: compareFilter('FamilyFilter'),
  QualifierFilter: compareFilter('QualifierFilter'),
  ValueFilter: compareFilter('ValueFilter'),
  ColumnRangeFilter: columnRangeFilter,
  SingleColumnValueFilter: singleColumnValueFilter('SingleColumnValueFilter'),
  SingleColumnValueExcludeFilter: singleColumnValueFilter('SingleColumnValueExcludeFilter'),
  DependentColumnFilter: dependentColumnFilter,
  ColumnValueFilter: (call) => {
    expectCount(call, [4], "('family', 'qualifier', op, 'type:value')");
    const family = quotedBytes(arg(call, 0), 'the family');
    const qualifier = quotedBytes(arg(call, 1), 'the qualifier');
    const op = compareOpArgument(arg(call, 2));
    const comparator = comparatorArgument(arg(call, 3));
    checkOpForComparator(arg(call, 2), op, comparator);
    return { type: 'ColumnValueFilter', family, qualifier, op, comparator };
  },
};

export function buildFilter(call: FilterCall): FilterSpec {
  return BUILDERS[call.name](call);
}
