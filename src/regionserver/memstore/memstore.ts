// A store's memstore: the active segment taking writes and, while a flush runs, the snapshot being
// written out; with a chunk pool, each segment has its lab (memstore-lab.ts) that the writes copy
// cell bytes into. Sizes are accounted in bytes (cell bytes plus a fixed overhead per cell).
// Invariant: at most one snapshot at a time; a cell is in exactly one segment, and its lab-copied
// bytes are in that segment's lab.
import { assert, type Cell, cellSizeBytes } from '../../common/index.js';
import { MEMSTORE_CELL_OVERHEAD_BYTES } from '../limits.js';
import type { ChunkPool } from './chunk-pool.js';
import { MemstoreLab } from './memstore-lab.js';
import type { CellScanner } from '../scanner.js';
import type { RowView } from './row-columns.js';
import { RowCellsScanner } from './row-scanner.js';
import { MemstoreSegment } from './segment.js';
import { SegmentScanner } from './segment-scanner.js';

export interface MemstoreSnapshot {
  readonly cells: MemstoreSegment;
  readonly sizeBytes: number;
  readonly maxSequenceId: number;
}

export class Memstore {
  readonly #pool: ChunkPool | undefined;
  #active = new MemstoreSegment();
  #activeLab: MemstoreLab | undefined;
  #snapshotLab: MemstoreLab | undefined;
  #activeBytes = 0;
  #activeMaxSequenceId = 0;
  #activeMinTimestamp = Number.MAX_SAFE_INTEGER;
  #snapshot: MemstoreSnapshot | undefined;

  /** Without a pool, cells keep the bytes they are given (no lab). */
  constructor(pool?: ChunkPool) {
    this.#pool = pool;
    this.#activeLab = pool === undefined ? undefined : new MemstoreLab(pool);
  }

  /** Where the bytes of cells for `add` are copied first (undefined: no lab, keep them). */
  get lab(): MemstoreLab | undefined {
    return this.#activeLab;
  }

  /** Bytes in the active segment and the snapshot together. */
  get sizeBytes(): number {
    return this.#activeBytes + (this.#snapshot?.sizeBytes ?? 0);
  }

  get activeBytes(): number {
    return this.#activeBytes;
  }

  get activeCells(): number {
    return this.#active.size;
  }

  get snapshotInProgress(): boolean {
    return this.#snapshot !== undefined;
  }

  add(cell: Cell): void {
    if (this.#active.add(cell)) this.#activeBytes += cellBytes(cell);
    if (cell.sequenceId > this.#activeMaxSequenceId) this.#activeMaxSequenceId = cell.sequenceId;
    if (cell.timestamp < this.#activeMinTimestamp) this.#activeMinTimestamp = cell.timestamp;
  }

  /** Takes a cell back out (a write whose WAL sync failed). */
  rollback(cell: Cell): void {
    if (this.#active.remove(cell)) this.#activeBytes -= cellBytes(cell);
  }

  /** Moves the active segment aside for a flush; new writes go to a fresh one. */
  snapshot(): MemstoreSnapshot {
    assert(this.#snapshot === undefined, 'a memstore snapshot is already being flushed');
    this.#snapshot = {
      cells: this.#active,
      sizeBytes: this.#activeBytes,
      maxSequenceId: this.#activeMaxSequenceId,
    };
    this.#active = new MemstoreSegment();
    this.#snapshotLab = this.#activeLab;
    this.#activeLab = this.#pool === undefined ? undefined : new MemstoreLab(this.#pool);
    this.#activeBytes = 0;
    this.#activeMaxSequenceId = 0;
    this.#activeMinTimestamp = Number.MAX_SAFE_INTEGER;
    return this.#snapshot;
  }

  /** The flush wrote the snapshot to a file (or failed and gives it back with `restore`). */
  clearSnapshot(): void {
    assert(this.#snapshot !== undefined, 'no memstore snapshot to clear');
    this.#snapshot = undefined;
    // Readers that still hold the snapshot's cells keep its chunks out of reuse (chunk-pool.ts).
    this.#snapshotLab?.release();
    this.#snapshotLab = undefined;
  }

  /** A failed flush: the snapshot's cells go back into the active segment. */
  restoreSnapshot(): void {
    const snapshot = this.#snapshot;
    assert(snapshot !== undefined, 'no memstore snapshot to restore');
    this.#snapshot = undefined;
    if (this.#snapshotLab !== undefined) this.#activeLab?.adopt(this.#snapshotLab);
    this.#snapshotLab = undefined;
    for (const cell of snapshot.cells) this.add(cell);
  }

  /** Scanners over the active segment and the snapshot, if any, in cell order. */
  scanners(): CellScanner[] {
    const scanners: CellScanner[] = [];
    if (this.#active.size > 0) scanners.push(new SegmentScanner(this.#active.sorted()));
    if (this.#snapshot !== undefined && this.#snapshot.cells.size > 0) {
      scanners.push(new SegmentScanner(this.#snapshot.cells.sorted()));
    }
    return scanners;
  }

  /** Scanners over one row only (a Get): no sorting beyond the row. */
  rowScanners(row: Buffer): CellScanner[] {
    const scanners: CellScanner[] = [];
    const active = this.#active.size > 0 ? this.#active.rowView(row) : undefined;
    if (active !== undefined) scanners.push(new RowCellsScanner(row, active));
    const snapshot = this.#snapshot;
    const frozen =
      snapshot !== undefined && snapshot.cells.size > 0 ? snapshot.cells.rowView(row) : undefined;
    if (frozen !== undefined) scanners.push(new RowCellsScanner(row, frozen));
    return scanners;
  }

  /** The active segment's view of the row (undefined: none of its cells are there). */
  activeRowView(row: Buffer): RowView | undefined {
    return this.#active.size > 0 ? this.#active.rowView(row) : undefined;
  }

  /** The oldest timestamp in the active segment (for time-range skipping); MAX when empty. */
  get activeMinTimestamp(): number {
    return this.#activeMinTimestamp;
  }
}

function cellBytes(cell: Cell): number {
  return cellSizeBytes(cell) + MEMSTORE_CELL_OVERHEAD_BYTES;
}
