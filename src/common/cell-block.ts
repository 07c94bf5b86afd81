// CellBlock: a list of cells that msgpack carries as one extension value in the cell-block layout
// (cell-block-codec.ts) instead of as maps. Importing this module registers the extension with
// msgpackr for every Packr in the process; the region server's protocol imports it, so both ends
// of every data call have it.
import { addExtension } from 'msgpackr';
import type { Cell } from './cell.js';
import { cellBlockBytes, decodeCellBlock, encodeCellBlock } from './cell-block-codec.js';

/** msgpack extension type of a cell block ('C'); msgpackr's own are 0x42, 0x62, 0x65, 0x69… */
export const CELL_BLOCK_EXT_TYPE = 0x43;
/** A scratch buffer above this is dropped after use rather than kept for the next block. */
const SCRATCH_KEPT_BYTES_MAX = 1024 * 1024;

export class CellBlock {
  static readonly EMPTY = new CellBlock([]);
  readonly list: readonly Cell[];

  constructor(list: readonly Cell[]) {
    this.list = list;
  }
}

let scratch = Buffer.allocUnsafe(64 * 1024);

// msgpackr copies what pack returns into its output at once, so one scratch buffer serves every
// block (packing never interleaves two blocks).
function pack(value: unknown): Buffer {
  const cells = (value as CellBlock).list;
  const bytes = cellBlockBytes(cells);
  if (bytes > scratch.length) {
    const grown = Buffer.allocUnsafe(bytes);
    if (bytes <= SCRATCH_KEPT_BYTES_MAX) scratch = grown;
    encodeCellBlock(cells, grown, 0);
    return grown;
  }
  encodeCellBlock(cells, scratch, 0);
  return scratch.subarray(0, bytes);
}

/**
 * A block's cells from its extension data, a view of the frame: copied once so that the cells
 * (views of the copy) do not keep a whole socket chunk alive.
 */
export function unpackCellBlock(data: Buffer | Uint8Array): CellBlock {
  const copy = Buffer.allocUnsafe(data.length);
  copy.set(data);
  return new CellBlock(decodeCellBlock(copy));
}

addExtension({ Class: CellBlock, type: CELL_BLOCK_EXT_TYPE, pack, unpack: unpackCellBlock });
