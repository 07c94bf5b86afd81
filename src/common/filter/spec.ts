// Filters as data: a serializable description of HBase's built-in filters (hbase-features.md §3.1),
// built by the filter-language parser or by hand, sent over the wire, and compiled into a running
// filter on the region server. Byte arguments are Buffers.

export type CompareOp =
  'LESS' | 'LESS_OR_EQUAL' | 'EQUAL' | 'NOT_EQUAL' | 'GREATER_OR_EQUAL' | 'GREATER' | 'NO_OP';

/** Every CompareOp, for checks of values from outside. */
export const COMPARE_OPS: readonly CompareOp[] = [
  'LESS',
  'LESS_OR_EQUAL',
  'EQUAL',
  'NOT_EQUAL',
  'GREATER_OR_EQUAL',
  'GREATER',
  'NO_OP',
];

export type ComparatorSpec =
  | { readonly type: 'binary'; readonly value: Buffer }
  | { readonly type: 'binaryprefix'; readonly value: Buffer }
  | { readonly type: 'regexstring'; readonly pattern: string }
  | { readonly type: 'substring'; readonly value: string }
  | { readonly type: 'long'; readonly value: bigint }
  | { readonly type: 'null' }
  | { readonly type: 'bit'; readonly value: Buffer; readonly op: 'AND' | 'OR' | 'XOR' };

export type FilterSpec =
  | {
      readonly type: 'FilterList';
      readonly op: 'MUST_PASS_ALL' | 'MUST_PASS_ONE';
      readonly filters: readonly FilterSpec[];
    }
  | { readonly type: 'SkipFilter'; readonly filter: FilterSpec }
  | { readonly type: 'WhileMatchFilter'; readonly filter: FilterSpec }
  | { readonly type: 'RowFilter'; readonly op: CompareOp; readonly comparator: ComparatorSpec }
  | { readonly type: 'FamilyFilter'; readonly op: CompareOp; readonly comparator: ComparatorSpec }
  | {
      readonly type: 'QualifierFilter';
      readonly op: CompareOp;
      readonly comparator: ComparatorSpec;
    }
  | { readonly type: 'ValueFilter'; readonly op: CompareOp; readonly comparator: ComparatorSpec }
  | { readonly type: 'PrefixFilter'; readonly prefix: Buffer }
  | { readonly type: 'InclusiveStopFilter'; readonly stopRow: Buffer }
  | { readonly type: 'PageFilter'; readonly pageSize: number }
  | { readonly type: 'RandomRowFilter'; readonly chance: number }
  | { readonly type: 'MultiRowRangeFilter'; readonly ranges: readonly RowRangeSpec[] }
  | {
      readonly type: 'FuzzyRowFilter';
      readonly pairs: readonly { readonly row: Buffer; readonly mask: Buffer }[];
    }
  | { readonly type: 'ColumnPrefixFilter'; readonly prefix: Buffer }
  | { readonly type: 'MultipleColumnPrefixFilter'; readonly prefixes: readonly Buffer[] }
  | {
      readonly type: 'ColumnRangeFilter';
      readonly minColumn: Buffer | null;
      readonly minColumnInclusive: boolean;
      readonly maxColumn: Buffer | null;
      readonly maxColumnInclusive: boolean;
    }
  | { readonly type: 'ColumnPaginationFilter'; readonly limit: number; readonly offset: number }
  | { readonly type: 'ColumnCountGetFilter'; readonly limit: number }
  | { readonly type: 'KeyOnlyFilter'; readonly lengthAsValue: boolean }
  | { readonly type: 'FirstKeyOnlyFilter' }
  | {
      readonly type: 'DependentColumnFilter';
      readonly family: Buffer;
      readonly qualifier: Buffer;
      readonly dropDependentColumn: boolean;
      readonly op: CompareOp;
      readonly comparator: ComparatorSpec | null;
    }
  | {
      readonly type: 'SingleColumnValueFilter' | 'SingleColumnValueExcludeFilter';
      readonly family: Buffer;
      readonly qualifier: Buffer;
      readonly op: CompareOp;
      readonly comparator: ComparatorSpec;
      readonly filterIfMissing: boolean;
      readonly latestVersionOnly: boolean;
    }
  | {
      readonly type: 'ColumnValueFilter';
      readonly family: Buffer;
      readonly qualifier: Buffer;
      readonly op: CompareOp;
      readonly comparator: ComparatorSpec;
    }
  | { readonly type: 'TimestampsFilter'; readonly timestamps: readonly number[] };

export interface RowRangeSpec {
  readonly startRow: Buffer;
  readonly startRowInclusive: boolean;
  readonly stopRow: Buffer;
  readonly stopRowInclusive: boolean;
}
