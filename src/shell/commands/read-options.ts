// The options of get, scan and count (table.rb's _get_internal and _hash_to_scan) onto the SDK's
// Get and Scan: COLUMNS, TIMESTAMP, TIMERANGE, VERSIONS, FILTER (the filter language), STARTROW,
// STOPROW, ROWPREFIXFILTER, LIMIT, RAW, REVERSED, CACHE, CACHE_BLOCKS, BATCH, MAXLENGTH, FORMATTER.
import { COUNT_MAX } from '../../client/ops/limits.js';
import { Get, type Query, Scan } from '../../client/ops/index.js';
import { parseFilter } from '../../common/filter/index.js';
import type { FilterSpec } from '../../common/filter/spec.js';
import { booleanArg, bytesArg, columnArg, integerArg, listArg, Options, textOf } from '../args.js';
import { ShellCommandError } from '../errors.js';
import { type CellFormat, columnKey, type Converter, converterNamed } from '../format/cells.js';
import { printValue } from '../printer.js';
import type { ShellValue } from '../values.js';

const TIMESTAMP_MAX = Number.MAX_SAFE_INTEGER;

/** A FILTER value: the filter language in a string (Java filter objects cannot be written here). */
export function filterOption(value: ShellValue): FilterSpec {
  if (value.kind !== 'string') {
    throw new ShellCommandError(
      `FILTER must be a filter-language String, got ${printValue(value)}`,
    );
  }
  return parseFilter(value.bytes.toString('utf8'));
}

/** Adds COLUMNS to the query and collects their `cf:q:CONVERTER` converters. */
function addColumns(
  query: Query,
  value: ShellValue | undefined,
  converters: Map<string, Converter>,
): void {
  if (value === undefined) return;
  if (value.kind !== 'array' && value.kind !== 'string' && value.kind !== 'constant') {
    throw new ShellCommandError('COLUMNS must be specified as a String or an Array');
  }
  for (const item of listArg(value)) {
    const column = columnArg(item);
    if (column.qualifier === undefined) query.addFamily(column.family);
    else query.addColumn(column.family, column.qualifier);
    if (column.qualifier !== undefined && column.converter !== undefined) {
      converters.set(columnKey(column.family, column.qualifier), converterNamed(column.converter));
    }
  }
}

function timeOptions(query: Query, options: Options): void {
  const timestamp = options.take('TIMESTAMP');
  if (timestamp !== undefined)
    query.setTimestamp(integerArg(timestamp, 'TIMESTAMP', 0, TIMESTAMP_MAX - 1));
  const range = options.take('TIMERANGE');
  if (range !== undefined) {
    if (range.kind !== 'array' || range.items.length !== 2) {
      throw new ShellCommandError(`TIMERANGE must be [min, max], got ${printValue(range)}`);
    }
    const [min, max] = range.items as [ShellValue, ShellValue];
    query.setTimeRange(
      integerArg(min, 'TIMERANGE min', 0, TIMESTAMP_MAX),
      integerArg(max, 'TIMERANGE max', 0, TIMESTAMP_MAX),
    );
  }
}

/** MAXLENGTH and FORMATTER, with the column converters, as the read's CellFormat. */
function cellFormat(
  options: Options,
  timeZone: string,
  converters: ReadonlyMap<string, Converter>,
): CellFormat {
  const maxLength = options.take('MAXLENGTH');
  const formatter = options.take('FORMATTER');
  const formatterClass = options.take('FORMATTER_CLASS');
  const formatterName = formatter === undefined ? 'toStringBinary' : (textOf(formatter) ?? '');
  const spec =
    formatterClass === undefined
      ? formatterName
      : `c(${textOf(formatterClass) ?? ''}).${formatterName}`;
  return {
    timeZone,
    maxLength:
      maxLength === undefined ? undefined : integerArg(maxLength, 'MAXLENGTH', 0, COUNT_MAX),
    formatter: converterNamed(spec),
    columnConverters: converters,
  };
}

export interface ReadPlan<T> {
  readonly query: T;
  readonly format: CellFormat;
}

/**
 * get's arguments after the row: nothing, columns (`'c1', 'c2'` or `['c1', 'c2']`) or one hash
 * of options. Unlike HBase, a hash with only VERSIONS is accepted.
 */
export function getPlan(row: Buffer, rest: readonly ShellValue[], timeZone: string): ReadPlan<Get> {
  const first = rest[0];
  const options =
    first !== undefined && first.kind === 'hash'
      ? new Options(first)
      : new Options({
          kind: 'hash',
          entries:
            rest.length === 0
              ? []
              : [
                  [
                    { kind: 'constant', name: 'COLUMNS' },
                    { kind: 'array', items: rest.flatMap((v) => listArg(v)) },
                  ],
                ],
        });
  if (first !== undefined && first.kind === 'hash' && rest.length > 1) {
    throw new ShellCommandError(`Failed parse of ${rest.map(printValue).join(', ')}`);
  }
  const get = new Get(row);
  const converters = new Map<string, Converter>();
  addColumns(get, options.take('COLUMN') ?? options.take('COLUMNS'), converters);
  options.take('COLUMNS');
  const versions = options.take('VERSIONS');
  if (versions !== undefined) get.readVersions(integerArg(versions, 'VERSIONS', 1, COUNT_MAX));
  timeOptions(get, options);
  const filter = options.take('FILTER');
  if (filter !== undefined) get.setFilter(filterOption(filter));
  return { query: get, format: cellFormat(options, timeZone, converters) };
}

export interface ScanPlan extends ReadPlan<Scan> {
  /** LIMIT: rows to print at most (also set on the Scan). */
  readonly limit: number | undefined;
}

/** scan's (and count's) option hash as a Scan. */
export function scanPlan(options: Options, timeZone: string): ScanPlan {
  const scan = new Scan();
  const start = options.take('STARTROW');
  if (start !== undefined) scan.withStartRow(bytesArg(start, 'STARTROW'));
  const stop = options.take('STOPROW');
  if (stop !== undefined) scan.withStopRow(bytesArg(stop, 'STOPROW'));
  const prefix = options.take('ROWPREFIXFILTER');
  if (prefix !== undefined) scan.setRowPrefixFilter(bytesArg(prefix, 'ROWPREFIXFILTER'));
  const converters = new Map<string, Converter>();
  addColumns(scan, options.take('COLUMNS') ?? options.take('COLUMN'), converters);
  options.take('COLUMN');
  const filter = options.take('FILTER');
  if (filter !== undefined) scan.setFilter(filterOption(filter));
  timeOptions(scan, options);
  const flag = (key: string, apply: (on: boolean) => void): void => {
    const value = options.take(key);
    if (value !== undefined) apply(booleanArg(value, key));
  };
  flag('CACHE_BLOCKS', (on) => scan.setCacheBlocks(on));
  flag('REVERSED', (on) => scan.setReversed(on));
  flag('RAW', (on) => scan.setRaw(on));
  const count = (key: string, apply: (n: number) => void): void => {
    const value = options.take(key);
    if (value === undefined) return;
    const n = integerArg(value, key, -1, COUNT_MAX);
    if (n > 0) apply(n);
  };
  count('VERSIONS', (n) => n > 1 && scan.readVersions(n));
  count('CACHE', (n) => scan.setCaching(Math.min(n, 10_000)));
  count('BATCH', (n) => scan.setBatch(n));
  count('MAX_RESULT_SIZE', (n) => scan.setMaxResultSize(n));
  let limit: number | undefined;
  count('LIMIT', (n) => {
    limit = n;
    scan.setLimit(n);
  });
  return { query: scan, format: cellFormat(options, timeZone, converters), limit };
}
