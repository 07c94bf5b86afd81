// The one interface every source of cells implements (memstore segments, store files, merged
// heaps): a forward cursor in cell order (compareCells) with seeks. Methods that may need I/O return
// `void | Promise<void>`, so a source answering from memory costs no microtask; callers write
// `const p = s.next(); if (p !== undefined) await p;`.
import type { Cell } from '../common/index.js';

export interface CellScanner {
  /** The cell at the cursor, or undefined once the scanner is exhausted. */
  peek(): Cell | undefined;
  /** Moves past the current cell. */
  next(): void | Promise<void>;
  /** Moves to the first cell >= key, wherever the cursor is (forward or backward). */
  seek(key: Cell): void | Promise<void>;
  /**
   * Moves to the first cell >= key, knowing key >= the current cell. Sources may implement it as
   * seek; it exists so that they can search forward from where they are.
   */
  reseek(key: Cell): void | Promise<void>;
  /**
   * The largest row below `row` that has a cell in this source (undefined: none), for reversed
   * scans; `row === undefined` means "below the end of the table". Does not move the cursor.
   */
  lastRowBefore(row: Buffer | undefined): Buffer | undefined | Promise<Buffer | undefined>;
  /** Releases what the scanner holds (cached block references, file handles). Idempotent. */
  close(): void;
}
