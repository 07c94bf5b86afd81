// Cells as the shell prints them (HBase 2.x table.rb): `family:qualifier` with toStringBinary,
// `timestamp=<local time>, value=<converted value>` or `type=DeleteColumn` for delete markers,
// cut to MAXLENGTH; and the per-column converters `'cf:q:toInt'` and FORMATTER name.
import { type Cell, CellType } from '../../common/cell.js';
import { toStringBinary } from '../../common/bytes.js';
import { ShellCommandError } from '../errors.js';
import { formatLocalDateTime } from './local-time.js';

/** A converter of HBase's Bytes class the shell may name (`toInt`, `toLong`, ...). */
export type Converter = (bytes: Buffer) => string;

function fixed(size: number, read: (bytes: Buffer) => string): Converter {
  return (bytes) => {
    if (bytes.length < size) {
      throw new ShellCommandError(
        `offset (0) + length (${size}) exceed the capacity of the array: ${bytes.length}`,
      );
    }
    return read(bytes);
  };
}

/** Java's Double/Float toString for the common cases (integral values keep a `.0`). */
function javaFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  const text = String(value);
  return /[.e]/.test(text) ? text.replace('e+', 'E').replace('e-', 'E-') : `${text}.0`;
}

const CONVERTERS: ReadonlyMap<string, Converter> = new Map<string, Converter>([
  ['toStringBinary', (b) => toStringBinary(b)],
  ['toString', (b) => b.toString('utf8')],
  ['toHex', (b) => b.toString('hex')],
  ['toShort', fixed(2, (b) => String(b.readInt16BE(0)))],
  ['toInt', fixed(4, (b) => String(b.readInt32BE(0)))],
  ['toLong', fixed(8, (b) => b.readBigInt64BE(0).toString())],
  ['toFloat', fixed(4, (b) => javaFloat(b.readFloatBE(0)))],
  ['toDouble', fixed(8, (b) => javaFloat(b.readDoubleBE(0)))],
  [
    'toBoolean',
    (b) => {
      if (b.length !== 1) throw new ShellCommandError(`Array has wrong size: ${b.length}`);
      return String(b[0] !== 0);
    },
  ],
]);

/** The names CONVERTERS knows, for help and errors. */
export const CONVERTER_NAMES: readonly string[] = [...CONVERTERS.keys()];

/** A converter by name, also as `c(org.apache.hadoop.hbase.util.Bytes).toInt`. */
export function converterNamed(spec: string): Converter {
  const custom = /^c\((.+)\)\.(.+)$/.exec(spec);
  const className = custom?.[1];
  if (className !== undefined && className !== 'org.apache.hadoop.hbase.util.Bytes') {
    throw new ShellCommandError(
      `formatter class ${className} is not available; only Bytes methods are`,
    );
  }
  const name = custom?.[2] ?? spec;
  const converter = CONVERTERS.get(name);
  if (converter === undefined) {
    throw new ShellCommandError(
      `unknown formatter ${name}; use one of ${CONVERTER_NAMES.join(', ')}`,
    );
  }
  return converter;
}

const TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [CellType.Put, 'Put'],
  [CellType.Delete, 'Delete'],
  [CellType.DeleteFamilyVersion, 'DeleteFamilyVersion'],
  [CellType.DeleteColumn, 'DeleteColumn'],
  [CellType.DeleteFamily, 'DeleteFamily'],
]);

/** How one read prints its cells: zone, MAXLENGTH, converters by `family:qualifier`. */
export interface CellFormat {
  readonly timeZone: string;
  /** Characters of the cell text kept (MAXLENGTH); undefined keeps all. */
  readonly maxLength: number | undefined;
  /** FORMATTER: for row keys, families, qualifiers and values with no column converter. */
  readonly formatter: Converter;
  /** Converters named in COLUMNS as `cf:q:toInt`, keyed by columnKey. */
  readonly columnConverters: ReadonlyMap<string, Converter>;
}

/** The key of a column's converter: its raw bytes, one char per byte. */
export function columnKey(family: Uint8Array, qualifier: Uint8Array): string {
  return `${Buffer.from(family).toString('latin1')}:${Buffer.from(qualifier).toString('latin1')}`;
}

/** `family:qualifier` as printed. */
export function cellColumn(cell: Cell, format: CellFormat): string {
  return `${format.formatter(cell.family)}:${format.formatter(cell.qualifier)}`;
}

/** `timestamp=..., value=...` (or `type=...` for a delete marker), cut to MAXLENGTH. */
export function cellText(cell: Cell, format: CellFormat): string {
  const timestamp = formatLocalDateTime(cell.timestamp, format.timeZone);
  let text: string;
  if (cell.type === CellType.Put) {
    const converter =
      format.columnConverters.get(columnKey(cell.family, cell.qualifier)) ?? format.formatter;
    text = `timestamp=${timestamp}, value=${converter(cell.value)}`;
  } else {
    text = `timestamp=${timestamp}, type=${TYPE_NAMES.get(cell.type) ?? String(cell.type)}`;
  }
  return format.maxLength === undefined ? text : text.slice(0, format.maxLength);
}
