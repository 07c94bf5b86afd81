// The filter language's vocabulary: the filter names ParseFilter registers, the compare-operator
// symbols and the comparator types. Names match exactly (case-sensitive), as in HBase.
import type { CompareOp, ComparatorSpec } from './spec.js';

/** The filters the language knows, in HBase's registration order (the shell's `show_filters`). */
export const FILTER_LANGUAGE_NAMES = [
  'KeyOnlyFilter',
  'FirstKeyOnlyFilter',
  'PrefixFilter',
  'ColumnPrefixFilter',
  'MultipleColumnPrefixFilter',
  'ColumnCountGetFilter',
  'PageFilter',
  'ColumnPaginationFilter',
  'InclusiveStopFilter',
  'TimestampsFilter',
  'RowFilter',
  'FamilyFilter',
  'QualifierFilter',
  'ValueFilter',
  'ColumnRangeFilter',
  'SingleColumnValueFilter',
  'SingleColumnValueExcludeFilter',
  'DependentColumnFilter',
  'ColumnValueFilter',
] as const;
export type FilterLanguageName = (typeof FILTER_LANGUAGE_NAMES)[number];

const NAME_SET: ReadonlySet<string> = new Set(FILTER_LANGUAGE_NAMES);

export function isFilterLanguageName(name: string): name is FilterLanguageName {
  return NAME_SET.has(name);
}

/** A registered name equal to `name` but for case, for "did you mean" hints. */
export function nameDifferingInCase(name: string): FilterLanguageName | undefined {
  const lower = name.toLowerCase();
  return FILTER_LANGUAGE_NAMES.find((known) => known.toLowerCase() === lower);
}

/** The unary and binary operators, which HBase spells in capitals only. */
export const FILTER_KEYWORDS = ['AND', 'OR', 'SKIP', 'WHILE'] as const;
export type FilterKeyword = (typeof FILTER_KEYWORDS)[number];

const OP_BY_SYMBOL: ReadonlyMap<string, CompareOp> = new Map<string, CompareOp>([
  ['<', 'LESS'],
  ['<=', 'LESS_OR_EQUAL'],
  ['=', 'EQUAL'],
  ['!=', 'NOT_EQUAL'],
  ['>=', 'GREATER_OR_EQUAL'],
  ['>', 'GREATER'],
]);

export function compareOpOfSymbol(symbol: string): CompareOp | undefined {
  return OP_BY_SYMBOL.get(symbol);
}

/** The symbol for an op; NO_OP has none in the language. */
export function symbolOfCompareOp(op: CompareOp): string | undefined {
  for (const [symbol, known] of OP_BY_SYMBOL) if (known === op) return symbol;
  return undefined;
}

/** The comparator types the language writes as `'type:value'`. */
export const LANGUAGE_COMPARATOR_TYPES = [
  'binary',
  'binaryprefix',
  'regexstring',
  'substring',
] as const satisfies readonly ComparatorSpec['type'][];
