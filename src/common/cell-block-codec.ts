// Cells as one block of bytes (HBase's cell blocks): what a read returns crosses the wire in this
// form rather than as msgpack maps, which cost the region server and the client several µs a
// cell. Pure: encode into a buffer, decode with every length checked.
//
// Layout (big-endian): u32 cell count, then per cell
//   u8 flags (NEW_ROW, NEW_FAMILY) · [u16 row length, row] · [u8 family length, family] ·
//   u32 qualifier length, qualifier · f64 timestamp · u8 type · u32 value length, value.
// A cell without NEW_ROW has the row of the cell before it (likewise the family), so the cells of
// one row name it once. Sequence ids stay on the server: a decoded cell's is 0.
import { bytesEqual } from './bytes.js';
import { type Cell, type CellType, STORED_CELL_TYPES } from './cell.js';
import { ColonnadeError } from './errors.js';
import { FAMILY_BYTES_MAX, QUALIFIER_BYTES_MAX, ROW_KEY_BYTES_MAX } from './limits.js';

/** Bytes read from or written by a cell block that break its layout. */
export class CorruptCellBlockError extends ColonnadeError {
  static override readonly code = 'CorruptCellBlock';
}

const NEW_ROW = 1;
const NEW_FAMILY = 2;
const COUNT_BYTES = 4;
/** flags, qualifier length, timestamp, type, value length. */
const CELL_FIXED_BYTES = 1 + 4 + 8 + 1 + 4;
const ROW_HEADER_BYTES = 2;
const FAMILY_HEADER_BYTES = 1;
const KNOWN_TYPES: ReadonlySet<number> = new Set<number>(STORED_CELL_TYPES);

/** Byte strings up to this length are copied by a loop: Buffer#copy costs more than the bytes. */
const COPY_LOOP_BYTES_MAX = 32;

/** Copies `bytes` into `target` at `at`; returns the offset after them. */
function put(bytes: Buffer, target: Buffer, at: number): number {
  const n = bytes.length;
  if (n <= COPY_LOOP_BYTES_MAX) {
    for (let i = 0; i < n; i++) target[at + i] = bytes[i] as number;
  } else {
    target.set(bytes, at);
  }
  return at + n;
}

/** Bytes `encodeCellBlock` writes for `cells`. */
export function cellBlockBytes(cells: readonly Cell[]): number {
  let bytes = COUNT_BYTES;
  let row: Buffer | undefined;
  let family: Buffer | undefined;
  for (const cell of cells) {
    bytes += CELL_FIXED_BYTES + cell.qualifier.length + cell.value.length;
    if (row === undefined || !bytesEqual(row, cell.row)) {
      row = cell.row;
      family = undefined;
      bytes += ROW_HEADER_BYTES + row.length;
    }
    if (family === undefined || !bytesEqual(family, cell.family)) {
      family = cell.family;
      bytes += FAMILY_HEADER_BYTES + family.length;
    }
  }
  return bytes;
}

/** Writes `cells` into `target` from `offset`; returns the offset after them. */
export function encodeCellBlock(cells: readonly Cell[], target: Buffer, offset: number): number {
  let at = target.writeUInt32BE(cells.length, offset);
  let row: Buffer | undefined;
  let family: Buffer | undefined;
  for (const cell of cells) {
    let flags = 0;
    if (row === undefined || !bytesEqual(row, cell.row)) {
      row = cell.row;
      family = undefined;
      flags |= NEW_ROW;
    }
    if (family === undefined || !bytesEqual(family, cell.family)) {
      family = cell.family;
      flags |= NEW_FAMILY;
    }
    target[at++] = flags;
    if ((flags & NEW_ROW) !== 0) {
      at = target.writeUInt16BE(row.length, at);
      at = put(row, target, at);
    }
    if ((flags & NEW_FAMILY) !== 0) {
      target[at++] = family.length;
      at = put(family, target, at);
    }
    at = target.writeUInt32BE(cell.qualifier.length, at);
    at = put(cell.qualifier, target, at);
    at = target.writeDoubleBE(cell.timestamp, at);
    target[at++] = cell.type;
    at = target.writeUInt32BE(cell.value.length, at);
    at = put(cell.value, target, at);
  }
  return at;
}

/**
 * The cells of a block. They are views of `block`, which the caller must not change afterwards.
 * Throws CorruptCellBlockError when any length, timestamp or type is out of bounds.
 */
export function decodeCellBlock(block: Buffer): Cell[] {
  const end = block.length;
  const need = (at: number, bytes: number, what: string): void => {
    if (at + bytes > end) {
      throw new CorruptCellBlockError(`cell block of ${end} bytes ends inside a cell's ${what}`);
    }
  };
  need(0, COUNT_BYTES, 'count');
  const count = block.readUInt32BE(0);
  if (count * CELL_FIXED_BYTES > end - COUNT_BYTES) {
    throw new CorruptCellBlockError(`cell block of ${end} bytes cannot hold ${count} cells`);
  }
  const cells: Cell[] = new Array<Cell>(count);
  let at = COUNT_BYTES;
  let row: Buffer | undefined;
  let family: Buffer | undefined;
  for (let i = 0; i < count; i++) {
    need(at, 1, 'flags');
    const flags = block[at++] as number;
    if ((flags & ~(NEW_ROW | NEW_FAMILY)) !== 0) {
      throw new CorruptCellBlockError(`cell ${i} has unknown flags ${flags}`);
    }
    if ((flags & NEW_ROW) !== 0) {
      need(at, ROW_HEADER_BYTES, 'row length');
      const length = block.readUInt16BE(at);
      at += ROW_HEADER_BYTES;
      if (length === 0 || length > ROW_KEY_BYTES_MAX) {
        throw new CorruptCellBlockError(`cell ${i} has a row of ${length} bytes`);
      }
      need(at, length, 'row');
      row = block.subarray(at, (at += length));
      family = undefined;
    }
    if ((flags & NEW_FAMILY) !== 0) {
      need(at, FAMILY_HEADER_BYTES, 'family length');
      const length = block[at++] as number;
      if (length > FAMILY_BYTES_MAX) {
        throw new CorruptCellBlockError(`cell ${i} has a family of ${length} bytes`);
      }
      need(at, length, 'family');
      family = block.subarray(at, (at += length));
    }
    if (row === undefined || family === undefined) {
      throw new CorruptCellBlockError(`cell ${i} names no row or family`);
    }
    need(at, 4, 'qualifier length');
    const qualifierLength = block.readUInt32BE(at);
    at += 4;
    if (qualifierLength > QUALIFIER_BYTES_MAX) {
      throw new CorruptCellBlockError(`cell ${i} has a qualifier of ${qualifierLength} bytes`);
    }
    need(at, qualifierLength + 13, 'qualifier');
    const qualifier = block.subarray(at, (at += qualifierLength));
    const timestamp = block.readDoubleBE(at);
    at += 8;
    if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
      throw new CorruptCellBlockError(`cell ${i} has timestamp ${timestamp}`);
    }
    const type = block[at++] as number;
    if (!KNOWN_TYPES.has(type)) throw new CorruptCellBlockError(`cell ${i} has type ${type}`);
    const valueLength = block.readUInt32BE(at);
    at += 4;
    need(at, valueLength, 'value');
    const value = block.subarray(at, (at += valueLength));
    cells[i] = { row, family, qualifier, timestamp, type: type as CellType, value, sequenceId: 0 };
  }
  if (at !== end) {
    throw new CorruptCellBlockError(`cell block has ${end - at} bytes after its ${count} cells`);
  }
  return cells;
}
