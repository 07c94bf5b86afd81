// The cell model: {row, family, qualifier, timestamp, type} plus a value and a sequence id, as in
// HBase. Invariant: a cell built by `makeCell` is within every cell limit, has a legal family name,
// a legal timestamp, and a stored type (Put or a delete marker). Cell bytes are never mutated.
import { assertNever } from './assert.js';
import { bytesEqual, EMPTY_BYTES, toBytes, toStringBinary } from './bytes.js';
import { CellTooLargeError, InvalidArgumentError, LimitExceededError } from './errors.js';
import {
  CELL_BYTES_MAX,
  FAMILY_BYTES_MAX,
  QUALIFIER_BYTES_MAX,
  ROW_KEY_BYTES_MAX,
} from './limits.js';

/** HBase's KeyValue type codes. Minimum and Maximum only ever appear in search keys. */
export const CellType = {
  Minimum: 0,
  Put: 4,
  Delete: 8,
  DeleteFamilyVersion: 10,
  DeleteColumn: 12,
  DeleteFamily: 14,
  Maximum: 255,
} as const;
export type CellType = (typeof CellType)[keyof typeof CellType];

/** Every type a stored cell may have: a Put or one of the four delete markers. */
export const STORED_CELL_TYPES = [
  CellType.Put,
  CellType.Delete,
  CellType.DeleteColumn,
  CellType.DeleteFamily,
  CellType.DeleteFamilyVersion,
] as const;

/** The delete markers: one version, one version of a whole family, a column, a family. */
export type DeleteType =
  | typeof CellType.Delete
  | typeof CellType.DeleteFamilyVersion
  | typeof CellType.DeleteColumn
  | typeof CellType.DeleteFamily;

/**
 * "The server sets now": the client's placeholder timestamp, replaced by the RegionServer clock.
 * It plays HBase's `HConstants.LATEST_TIMESTAMP` (Long.MAX_VALUE), as the largest timestamp a
 * JavaScript number holds exactly, so it also sorts before every real version.
 */
export const LATEST_TIMESTAMP = Number.MAX_SAFE_INTEGER;
/** The oldest timestamp a cell may have (HBase's is Long.MIN_VALUE; ours are never negative). */
export const OLDEST_TIMESTAMP = 0;

export interface Cell {
  readonly row: Buffer;
  readonly family: Buffer;
  readonly qualifier: Buffer;
  /** Milliseconds since the epoch: a non-negative safe integer. */
  readonly timestamp: number;
  readonly type: CellType;
  readonly value: Buffer;
  /** The MVCC write number; 0 once no reader can need it. */
  readonly sequenceId: number;
}

/** What `makeCell` takes: strings are UTF-8; omitted parts take the defaults shown. */
export interface CellInit {
  readonly row: string | Uint8Array;
  readonly family: string | Uint8Array;
  /** Default: empty. */
  readonly qualifier?: string | Uint8Array;
  /** Default: LATEST_TIMESTAMP. */
  readonly timestamp?: number;
  /** Default: Put. */
  readonly type?: CellType;
  /** Default: empty. */
  readonly value?: string | Uint8Array;
  /** Default: 0. */
  readonly sequenceId?: number;
}

/** KeyValue framing: key and value lengths (4 + 4); in the key, row length (2), family length (1),
 * timestamp (8) and type (1). */
const KEY_VALUE_LENGTHS_BYTES = 8;
const KEY_FIXED_BYTES = 2 + 1 + 8 + 1;

const DELETE_TYPES: ReadonlySet<number> = new Set<number>([
  CellType.Delete,
  CellType.DeleteFamilyVersion,
  CellType.DeleteColumn,
  CellType.DeleteFamily,
]);
const CELL_TYPES: ReadonlySet<number> = new Set<number>(Object.values(CellType));

/** Validates every part and builds a cell. Inputs are not copied: callers must not mutate them. */
export function makeCell(init: CellInit): Cell {
  const row = toBytes(init.row);
  const family = toBytes(init.family);
  const qualifier = init.qualifier === undefined ? EMPTY_BYTES : toBytes(init.qualifier);
  const value = init.value === undefined ? EMPTY_BYTES : toBytes(init.value);
  const timestamp = init.timestamp ?? LATEST_TIMESTAMP;
  const type = init.type ?? CellType.Put;
  const sequenceId = init.sequenceId ?? 0;
  validateRowKey(row);
  validateFamilyName(family);
  validateQualifier(qualifier);
  validateTimestamp(timestamp);
  validateStoredType(type, qualifier);
  validateSequenceId(sequenceId);
  const sizeBytes = keyValueSizeBytes(row.length, family.length, qualifier.length, value.length);
  if (sizeBytes > CELL_BYTES_MAX) {
    throw new CellTooLargeError(`cell is ${sizeBytes} bytes; CELL_BYTES_MAX is ${CELL_BYTES_MAX}`);
  }
  return { row, family, qualifier, timestamp, type, value, sequenceId };
}

/** HBase's `Mutation.checkRow`: non-empty and at most ROW_KEY_BYTES_MAX bytes. */
export function validateRowKey(row: Uint8Array): void {
  if (row.length === 0) throw new InvalidArgumentError('row key is empty; a cell needs a row');
  if (row.length > ROW_KEY_BYTES_MAX) {
    throw new LimitExceededError(
      `row key is ${row.length} bytes; ROW_KEY_BYTES_MAX is ${ROW_KEY_BYTES_MAX}`,
    );
  }
}

const DOT = 0x2e;
const RECOVERED_EDITS_DIR: Buffer = Buffer.from('recovered.edits', 'latin1');
const ILLEGAL_FAMILY_PUNCTUATION: ReadonlySet<number> = new Set([0x3a, 0x5c, 0x2f]); // : \ /

/**
 * HBase's `isLegalColumnFamilyName`: non-empty, printable (no control bytes), no ':' (it separates
 * family from qualifier), no '\' or '/' (families name directories), no leading '.', and not
 * "recovered.edits". Bytes above 0x7F are allowed, as in HBase, so UTF-8 names work.
 */
export function validateFamilyName(family: Uint8Array): void {
  if (family.length === 0) throw new InvalidArgumentError('family name is empty');
  if (family.length > FAMILY_BYTES_MAX) {
    throw new LimitExceededError(
      `family name is ${family.length} bytes; FAMILY_BYTES_MAX is ${FAMILY_BYTES_MAX}`,
    );
  }
  if (family[0] === DOT) {
    throw new InvalidArgumentError(`family name "${toStringBinary(family)}" starts with '.'`);
  }
  for (const byte of family) {
    if (isIllegalFamilyByte(byte)) {
      throw new InvalidArgumentError(
        `family name "${toStringBinary(family)}" contains byte ${hex2(byte)}; ` +
          'family names must be printable and contain no ":", "\\" or "/"',
      );
    }
  }
  if (bytesEqual(family, RECOVERED_EDITS_DIR)) {
    throw new InvalidArgumentError(`family name "${toStringBinary(family)}" is reserved`);
  }
}

const hex2 = (byte: number): string => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;

function isIllegalFamilyByte(byte: number): boolean {
  return byte < 0x20 || byte === 0x7f || ILLEGAL_FAMILY_PUNCTUATION.has(byte);
}

export function validateQualifier(qualifier: Uint8Array): void {
  if (qualifier.length > QUALIFIER_BYTES_MAX) {
    throw new LimitExceededError(
      `qualifier is ${qualifier.length} bytes; QUALIFIER_BYTES_MAX is ${QUALIFIER_BYTES_MAX}`,
    );
  }
}

/** A non-negative safe integer; LATEST_TIMESTAMP (the "now" placeholder) is the largest. */
export function validateTimestamp(timestamp: number): void {
  if (!Number.isSafeInteger(timestamp) || timestamp < OLDEST_TIMESTAMP) {
    throw new InvalidArgumentError(
      `timestamp is ${timestamp}; ` +
        `it must be an integer from ${OLDEST_TIMESTAMP} to LATEST_TIMESTAMP (${LATEST_TIMESTAMP})`,
    );
  }
}

function validateSequenceId(sequenceId: number): void {
  if (!Number.isSafeInteger(sequenceId) || sequenceId < 0) {
    throw new InvalidArgumentError(
      `sequence id is ${sequenceId}; it must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}`,
    );
  }
}

/** Stored cells are Puts or delete markers; family-wide markers carry no qualifier, as in HBase. */
function validateStoredType(type: number, qualifier: Uint8Array): void {
  if (!isCellType(type)) throw new InvalidArgumentError(`cell type code ${type} is unknown`);
  if (type === CellType.Minimum || type === CellType.Maximum) {
    throw new InvalidArgumentError(`cell type ${cellTypeName(type)} is for search keys only`);
  }
  const familyWide = type === CellType.DeleteFamily || type === CellType.DeleteFamilyVersion;
  if (familyWide && qualifier.length > 0) {
    throw new InvalidArgumentError(
      `a ${cellTypeName(type)} marker has a ${qualifier.length}-byte qualifier; it must have none`,
    );
  }
}

export function isCellType(code: number): code is CellType {
  return CELL_TYPES.has(code);
}

export function isDeleteType(type: CellType): type is DeleteType {
  return DELETE_TYPES.has(type);
}

export function cellTypeName(type: CellType): string {
  switch (type) {
    case CellType.Minimum:
      return 'Minimum';
    case CellType.Put:
      return 'Put';
    case CellType.Delete:
      return 'Delete';
    case CellType.DeleteFamilyVersion:
      return 'DeleteFamilyVersion';
    case CellType.DeleteColumn:
      return 'DeleteColumn';
    case CellType.DeleteFamily:
      return 'DeleteFamily';
    case CellType.Maximum:
      return 'Maximum';
    default:
      return assertNever(type, 'cell type');
  }
}

/** The cell's size as an HBase KeyValue (tags aside): what CELL_BYTES_MAX bounds. */
export function cellSizeBytes(cell: Cell): number {
  return keyValueSizeBytes(
    cell.row.length,
    cell.family.length,
    cell.qualifier.length,
    cell.value.length,
  );
}

function keyValueSizeBytes(
  rowBytes: number,
  familyBytes: number,
  qualifierBytes: number,
  valueBytes: number,
): number {
  return (
    KEY_VALUE_LENGTHS_BYTES + KEY_FIXED_BYTES + rowBytes + familyBytes + qualifierBytes + valueBytes
  );
}
