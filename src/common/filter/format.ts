// Writes a FilterSpec back in the filter language, so that parseFilter(formatFilter(spec)) equals
// the spec for every spec the language can express. Specs it cannot express (filters the parser
// does not register, NO_OP, long/null/bit comparators, bytes that are not UTF-8) are refused.
import { InvalidArgumentError } from '../errors.js';
import { symbolOfCompareOp } from './names.js';
import type { ComparatorSpec, CompareOp, FilterSpec } from './spec.js';

/** The filter as text; throws InvalidArgumentError for what the language cannot write. */
export function formatFilter(spec: FilterSpec): string {
  switch (spec.type) {
    case 'FilterList':
      return formatList(spec.op, spec.filters);
    case 'SkipFilter':
      return `SKIP ${formatOperand(spec.filter)}`;
    case 'WhileMatchFilter':
      return `WHILE ${formatOperand(spec.filter)}`;
    case 'RowFilter':
    case 'FamilyFilter':
    case 'QualifierFilter':
    case 'ValueFilter':
      return call(spec.type, [op(spec.op), comparator(spec.comparator)]);
    case 'PrefixFilter':
      return call(spec.type, [quoteBytes(spec.prefix)]);
    case 'InclusiveStopFilter':
      return call(spec.type, [quoteBytes(spec.stopRow)]);
    case 'PageFilter':
      return call(spec.type, [String(spec.pageSize)]);
    case 'ColumnPrefixFilter':
      return call(spec.type, [quoteBytes(spec.prefix)]);
    case 'MultipleColumnPrefixFilter':
      return call(spec.type, spec.prefixes.map(quoteBytes));
    case 'ColumnRangeFilter':
      return call(spec.type, [
        quoteBytes(spec.minColumn ?? Buffer.alloc(0)),
        String(spec.minColumnInclusive),
        quoteBytes(spec.maxColumn ?? Buffer.alloc(0)),
        String(spec.maxColumnInclusive),
      ]);
    case 'ColumnPaginationFilter':
      return call(spec.type, [String(spec.limit), String(spec.offset)]);
    case 'ColumnCountGetFilter':
      return call(spec.type, [String(spec.limit)]);
    case 'KeyOnlyFilter':
      return call(spec.type, spec.lengthAsValue ? ['true'] : []);
    case 'FirstKeyOnlyFilter':
      return call(spec.type, []);
    case 'TimestampsFilter':
      return call(spec.type, spec.timestamps.map(String));
    default:
      return formatColumnValueFilters(spec);
  }
}

function formatColumnValueFilters(spec: FilterSpec): string {
  switch (spec.type) {
    case 'DependentColumnFilter': {
      const column = [quoteBytes(spec.family), quoteBytes(spec.qualifier)];
      if (spec.comparator === null) {
        return call(spec.type, [...column, String(spec.dropDependentColumn)]);
      }
      const rest = [String(spec.dropDependentColumn), op(spec.op), comparator(spec.comparator)];
      return call(spec.type, [...column, ...rest]);
    }
    case 'SingleColumnValueFilter':
    case 'SingleColumnValueExcludeFilter':
      return call(spec.type, [
        quoteBytes(spec.family),
        quoteBytes(spec.qualifier),
        op(spec.op),
        comparator(spec.comparator),
        String(spec.filterIfMissing),
        String(spec.latestVersionOnly),
      ]);
    case 'ColumnValueFilter':
      return call(spec.type, [
        quoteBytes(spec.family),
        quoteBytes(spec.qualifier),
        op(spec.op),
        comparator(spec.comparator),
      ]);
    default:
      throw new InvalidArgumentError(`${spec.type} has no form in the filter language`);
  }
}

/**
 * A list of two or more as a chain; a one-filter list as its filter, which behaves the same. Nested
 * lists are parenthesized, so the tree comes back as it was.
 */
function formatList(listOp: 'MUST_PASS_ALL' | 'MUST_PASS_ONE', filters: readonly FilterSpec[]) {
  const [only] = filters;
  if (only === undefined) {
    throw new InvalidArgumentError('an empty FilterList has no form in the filter language');
  }
  if (filters.length === 1) return formatFilter(only);
  const keyword = listOp === 'MUST_PASS_ALL' ? ' AND ' : ' OR ';
  return filters.map(formatOperand).join(keyword);
}

/** An operand of AND, OR, SKIP or WHILE: parenthesized when it is itself a chain. */
function formatOperand(spec: FilterSpec): string {
  let inner = spec;
  while (inner.type === 'FilterList' && inner.filters.length === 1 && inner.filters[0]) {
    inner = inner.filters[0];
  }
  const text = formatFilter(inner);
  return inner.type === 'FilterList' && inner.filters.length > 1 ? `(${text})` : text;
}

function call(name: string, args: readonly string[]): string {
  return `${name}(${args.join(', ')})`;
}

function op(compareOp: CompareOp): string {
  const symbol = symbolOfCompareOp(compareOp);
  if (symbol === undefined) {
    throw new InvalidArgumentError(`compare op ${compareOp} has no form in the filter language`);
  }
  return symbol;
}

function comparator(spec: ComparatorSpec): string {
  switch (spec.type) {
    case 'binary':
    case 'binaryprefix':
      return quote(`${spec.type}:${utf8Text(spec.value)}`);
    case 'regexstring':
      return quote(`regexstring:${spec.pattern}`);
    case 'substring':
      return quote(`substring:${spec.value}`);
    default:
      throw new InvalidArgumentError(
        `a ${spec.type} comparator has no form in the filter language`,
      );
  }
}

/** The bytes as the string whose UTF-8 encoding they are; refused when there is none. */
function utf8Text(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) {
    throw new InvalidArgumentError(
      `bytes ${bytes.toString('hex')} are not UTF-8; the filter language has no escape for them`,
    );
  }
  return text;
}

function quoteBytes(bytes: Buffer): string {
  return quote(utf8Text(bytes));
}

/** Single quotes, with a quote inside doubled. */
function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
