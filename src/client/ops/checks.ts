// Checks on what SDK users hand to the operation builders. Each refuses a bad value with a typed
// error naming it (and the limit), and returns the value in engine form: bytes become a private
// copy (a caller may reuse its buffer), so a built operation never changes behind its back.
import { toStringBinary } from '../../common/bytes.js';
import {
  CellType,
  cellSizeBytes,
  LATEST_TIMESTAMP,
  OLDEST_TIMESTAMP,
  validateFamilyName,
} from '../../common/cell.js';
import {
  CellTooLargeError,
  InvalidArgumentError,
  LimitExceededError,
} from '../../common/errors.js';
import {
  CELL_BYTES_MAX,
  FAMILY_BYTES_MAX,
  QUALIFIER_BYTES_MAX,
  ROW_KEY_BYTES_MAX,
} from '../../common/limits.js';
import { DURABILITIES, type Durability, type TimeRange } from '../../common/operations.js';
import { copyBytes } from './copy-slab.js';
import { COUNT_MAX, OPERATION_ITEMS_MAX, QUOTED_BYTES_MAX } from './limits.js';

/** Row keys, families, qualifiers and values: a string is its UTF-8 bytes. */
export type BytesLike = string | Uint8Array;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A value for an error message: bytes quoted in HBase's binary form, cut at QUOTED_BYTES_MAX. */
export function quoteBytes(bytes: Uint8Array): string {
  if (bytes.length <= QUOTED_BYTES_MAX) return `"${toStringBinary(bytes)}"`;
  const head = toStringBinary(bytes.subarray(0, QUOTED_BYTES_MAX));
  return `"${head}..." (${bytes.length} bytes)`;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'no class'})`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return `the ${typeof value} ${String(value)}`;
}

/** Bytes of a string (UTF-8) or a copy of a Uint8Array; anything else is refused. */
export function bytesArg(value: unknown, what: string): Buffer {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (value instanceof Uint8Array) return copyBytes(value);
  throw new InvalidArgumentError(
    `${what} must be a string or a Uint8Array; it is ${describe(value)}`,
  );
}

/** A row key: 1 to ROW_KEY_BYTES_MAX bytes (HBase's Mutation.checkRow). */
export function rowArg(value: unknown, what = 'row'): Buffer {
  const row = bytesArg(value, what);
  if (row.length === 0) throw new InvalidArgumentError(`${what} is empty; a row key needs a byte`);
  return boundArg(row, what);
}

/** A scan bound: like a row key, but empty is allowed (the table's start or end). */
export function boundaryRowArg(value: unknown, what: string): Buffer {
  return boundArg(bytesArg(value, what), what);
}

function boundArg(row: Buffer, what: string): Buffer {
  if (row.length > ROW_KEY_BYTES_MAX) {
    throw new InvalidArgumentError(
      `${what} ${quoteBytes(row)} is ${row.length} bytes; ` +
        `ROW_KEY_BYTES_MAX is ${ROW_KEY_BYTES_MAX}`,
    );
  }
  return row;
}

/** A family name: 1 to FAMILY_BYTES_MAX printable bytes, as HBase's isLegalColumnFamilyName. */
export function familyArg(value: unknown): Buffer {
  const family = bytesArg(value, 'family');
  if (family.length > FAMILY_BYTES_MAX) {
    throw new InvalidArgumentError(
      `family ${quoteBytes(family)} is ${family.length} bytes; ` +
        `FAMILY_BYTES_MAX is ${FAMILY_BYTES_MAX}`,
    );
  }
  validateFamilyName(family);
  return family;
}

export function qualifierArg(value: unknown): Buffer {
  const qualifier = bytesArg(value, 'qualifier');
  if (qualifier.length > QUALIFIER_BYTES_MAX) {
    throw new InvalidArgumentError(
      `qualifier ${quoteBytes(qualifier)} is ${qualifier.length} bytes; ` +
        `QUALIFIER_BYTES_MAX is ${QUALIFIER_BYTES_MAX}`,
    );
  }
  return qualifier;
}

export function valueArg(value: unknown): Buffer {
  return bytesArg(value, 'value');
}

/** A cell timestamp in ms: an integer from 0 to LATEST_TIMESTAMP. */
export function timestampArg(value: unknown, what = 'timestamp'): number {
  if (typeof value !== 'number') {
    throw new InvalidArgumentError(`${what} must be a number (ms); it is ${describe(value)}`);
  }
  if (!Number.isSafeInteger(value) || value < OLDEST_TIMESTAMP) {
    throw new InvalidArgumentError(
      `${what} is ${value}; it must be an integer from ${OLDEST_TIMESTAMP} to LATEST_TIMESTAMP ` +
        `(${LATEST_TIMESTAMP})`,
    );
  }
  return value;
}

/** HBase's TimeRange(min, max): half-open [min, max), min <= max. */
export function timeRangeArg(minTs: unknown, maxTs: unknown): TimeRange {
  const min = timestampArg(minTs, 'time range min');
  const max = timestampArg(maxTs, 'time range max');
  if (max < min) {
    throw new InvalidArgumentError(`time range [${min}, ${max}) has its max below its min`);
  }
  return { minTs: min, maxTs: max };
}

/** HBase's TimeRange.at(ts): [ts, ts + 1); LATEST_TIMESTAMP itself is refused, as in HBase. */
export function exactTimeRangeArg(ts: unknown): TimeRange {
  const at = timestampArg(ts);
  if (at === LATEST_TIMESTAMP) {
    throw new InvalidArgumentError(`timestamp ${at} is LATEST_TIMESTAMP; no version is at it`);
  }
  return { minTs: at, maxTs: at + 1 };
}

/** An integer count from `min` to `max` (COUNT_MAX unless told). */
export function countArg(value: unknown, what: string, min: number, max = COUNT_MAX): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(
      `${what} is ${describe(value)}; it must be an integer from ${min} to ${max}`,
    );
  }
  return value;
}

export function booleanArg(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') {
    throw new InvalidArgumentError(`${what} must be true or false; it is ${describe(value)}`);
  }
  return value;
}

export function durabilityArg(value: unknown): Durability {
  const found = DURABILITIES.find((d) => d === value);
  if (found === undefined) {
    throw new InvalidArgumentError(
      `durability is ${describe(value)}; it must be one of ${DURABILITIES.join(', ')}`,
    );
  }
  return found;
}

/** An increment's delta: a bigint that fits HBase's signed 64-bit long. */
export function deltaArg(value: unknown): bigint {
  if (typeof value !== 'bigint') {
    throw new InvalidArgumentError(`delta must be a bigint (1n); it is ${describe(value)}`);
  }
  if (value < INT64_MIN || value > INT64_MAX) {
    throw new InvalidArgumentError(`delta ${value} does not fit a signed 64-bit long`);
  }
  return value;
}

/** HBase's client-side keyvalue.maxsize check: the cell as a KeyValue within CELL_BYTES_MAX. */
export function checkCellSize(row: Buffer, family: Buffer, qualifier: Buffer, value: Buffer): void {
  const size = cellSizeBytes({
    row,
    family,
    qualifier,
    value,
    timestamp: 0,
    type: CellType.Put,
    sequenceId: 0,
  });
  if (size > CELL_BYTES_MAX) {
    throw new CellTooLargeError(
      `cell ${quoteBytes(row)}/${toStringBinary(family)}:${quoteBytes(qualifier)} is ${size} ` +
        `bytes; CELL_BYTES_MAX is ${CELL_BYTES_MAX}`,
    );
  }
}

/** Refuses an item that would take `what` past OPERATION_ITEMS_MAX. */
export function checkRoomFor(count: number, what: string | (() => string)): void {
  if (count >= OPERATION_ITEMS_MAX) {
    // `what` may be a function: the message is built only when it is thrown (a hot path).
    const name = typeof what === 'string' ? what : what();
    throw new LimitExceededError(
      `${name} already holds ${count} items; OPERATION_ITEMS_MAX is ${OPERATION_ITEMS_MAX}`,
    );
  }
}
