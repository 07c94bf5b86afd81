// A filter spec that arrived from the network, checked field by field against its type (table
// driven: each filter type lists its fields and their kinds), so that compileFilter only ever sees
// well-typed specs. Value bounds (page sizes, regexes, counts) stay compileFilter's to check.
import {
  bigintAt,
  booleanAt,
  bytesAt,
  bytesOrNullAt,
  listAt,
  numberAt,
  objectAt,
  oneOfAt,
  stringAt,
} from '../shape.js';
import { InvalidArgumentError, LimitExceededError } from '../errors.js';
import {
  FILTER_LIST_FILTERS_MAX,
  FILTER_NESTING_DEPTH_MAX,
  FILTER_ROW_KEYS_MAX,
} from './limits.js';
import { COMPARE_OPS, type FilterSpec } from './spec.js';

type FieldKind =
  | 'bytes'
  | 'bytesOrNull'
  | 'boolean'
  | 'number'
  | 'op'
  | 'comparator'
  | 'comparatorOrNull'
  | 'filter'
  | 'filters'
  | 'listOp'
  | 'bytesList'
  | 'numbers'
  | 'ranges'
  | 'pairs';

const COMPARE: Readonly<Record<string, FieldKind>> = { op: 'op', comparator: 'comparator' };
const SINGLE_COLUMN_VALUE: Readonly<Record<string, FieldKind>> = {
  family: 'bytes',
  qualifier: 'bytes',
  op: 'op',
  comparator: 'comparator',
  filterIfMissing: 'boolean',
  latestVersionOnly: 'boolean',
};

const FIELDS: Readonly<Record<FilterSpec['type'], Readonly<Record<string, FieldKind>>>> = {
  FilterList: { op: 'listOp', filters: 'filters' },
  SkipFilter: { filter: 'filter' },
  WhileMatchFilter: { filter: 'filter' },
  RowFilter: COMPARE,
  FamilyFilter: COMPARE,
  QualifierFilter: COMPARE,
  ValueFilter: COMPARE,
  PrefixFilter: { prefix: 'bytes' },
  InclusiveStopFilter: { stopRow: 'bytes' },
  PageFilter: { pageSize: 'number' },
  RandomRowFilter: { chance: 'number' },
  MultiRowRangeFilter: { ranges: 'ranges' },
  FuzzyRowFilter: { pairs: 'pairs' },
  ColumnPrefixFilter: { prefix: 'bytes' },
  MultipleColumnPrefixFilter: { prefixes: 'bytesList' },
  ColumnRangeFilter: {
    minColumn: 'bytesOrNull',
    minColumnInclusive: 'boolean',
    maxColumn: 'bytesOrNull',
    maxColumnInclusive: 'boolean',
  },
  ColumnPaginationFilter: { limit: 'number', offset: 'number' },
  ColumnCountGetFilter: { limit: 'number' },
  KeyOnlyFilter: { lengthAsValue: 'boolean' },
  FirstKeyOnlyFilter: {},
  DependentColumnFilter: {
    family: 'bytes',
    qualifier: 'bytes',
    dropDependentColumn: 'boolean',
    op: 'op',
    comparator: 'comparatorOrNull',
  },
  SingleColumnValueFilter: SINGLE_COLUMN_VALUE,
  SingleColumnValueExcludeFilter: SINGLE_COLUMN_VALUE,
  ColumnValueFilter: { family: 'bytes', qualifier: 'bytes', op: 'op', comparator: 'comparator' },
  TimestampsFilter: { timestamps: 'numbers' },
};

const FILTER_TYPES = Object.keys(FIELDS) as FilterSpec['type'][];

/** `value` as a FilterSpec, or an InvalidArgumentError naming the first field that is wrong. */
export function checkFilterSpec(value: unknown, path = 'filter'): FilterSpec {
  checkAt(value, path, 1);
  return value as FilterSpec;
}

function checkAt(value: unknown, path: string, depth: number): void {
  if (depth > FILTER_NESTING_DEPTH_MAX) {
    throw new LimitExceededError(
      `${path} nests ${depth} levels deep; FILTER_NESTING_DEPTH_MAX is ${FILTER_NESTING_DEPTH_MAX}`,
    );
  }
  const fields = objectAt(value, path);
  const type = oneOfAt(fields['type'], `${path}.type`, FILTER_TYPES);
  for (const [name, kind] of Object.entries(FIELDS[type])) {
    checkField(fields[name], `${path}.${name}`, kind, depth);
  }
}

function checkField(value: unknown, path: string, kind: FieldKind, depth: number): void {
  switch (kind) {
    case 'bytes':
      bytesAt(value, path);
      return;
    case 'bytesOrNull':
      bytesOrNullAt(value, path);
      return;
    case 'boolean':
      booleanAt(value, path);
      return;
    case 'number':
      numberAt(value, path);
      return;
    case 'op':
      oneOfAt(value, path, COMPARE_OPS);
      return;
    case 'listOp':
      oneOfAt(value, path, ['MUST_PASS_ALL', 'MUST_PASS_ONE'] as const);
      return;
    case 'comparator':
      checkComparator(value, path);
      return;
    case 'comparatorOrNull':
      if (value !== null) checkComparator(value, path);
      return;
    case 'filter':
      checkAt(value, path, depth + 1);
      return;
    case 'filters':
      listAt(value, path, FILTER_LIST_FILTERS_MAX).forEach((f, i) =>
        checkAt(f, `${path}[${i}]`, depth + 1),
      );
      return;
    case 'bytesList':
      listAt(value, path, FILTER_ROW_KEYS_MAX).forEach((b, i) => bytesAt(b, `${path}[${i}]`));
      return;
    case 'numbers':
      listAt(value, path, FILTER_ROW_KEYS_MAX).forEach((n, i) => numberAt(n, `${path}[${i}]`));
      return;
    case 'ranges':
      listAt(value, path, FILTER_ROW_KEYS_MAX).forEach((r, i) => {
        const range = objectAt(r, `${path}[${i}]`);
        bytesAt(range['startRow'], `${path}[${i}].startRow`);
        booleanAt(range['startRowInclusive'], `${path}[${i}].startRowInclusive`);
        bytesAt(range['stopRow'], `${path}[${i}].stopRow`);
        booleanAt(range['stopRowInclusive'], `${path}[${i}].stopRowInclusive`);
      });
      return;
    case 'pairs':
      listAt(value, path, FILTER_ROW_KEYS_MAX).forEach((p, i) => {
        const pair = objectAt(p, `${path}[${i}]`);
        bytesAt(pair['row'], `${path}[${i}].row`);
        bytesAt(pair['mask'], `${path}[${i}].mask`);
      });
      return;
  }
}

function checkComparator(value: unknown, path: string): void {
  const fields = objectAt(value, path);
  const type = oneOfAt(fields['type'], `${path}.type`, [
    'binary',
    'binaryprefix',
    'regexstring',
    'substring',
    'long',
    'null',
    'bit',
  ] as const);
  switch (type) {
    case 'binary':
    case 'binaryprefix':
      bytesAt(fields['value'], `${path}.value`);
      return;
    case 'regexstring':
      stringAt(fields['pattern'], `${path}.pattern`);
      return;
    case 'substring':
      stringAt(fields['value'], `${path}.value`);
      return;
    case 'long':
      if (typeof fields['value'] !== 'bigint') {
        throw new InvalidArgumentError(`${path}.value must be a 64-bit integer (bigint)`);
      }
      bigintAt(fields['value'], `${path}.value`);
      return;
    case 'null':
      return;
    case 'bit':
      bytesAt(fields['value'], `${path}.value`);
      oneOfAt(fields['op'], `${path}.op`, ['AND', 'OR', 'XOR'] as const);
      return;
  }
}
