// What the write-ahead log carries: one entry per region edit (a row's mutation), its cells with
// their types and sequence ids. Invariant: within one region, entries' sequence ids only increase.
import type { Cell } from '../../common/cell.js';
import { InvalidArgumentError, LimitExceededError } from '../../common/errors.js';
import type { Durability } from '../../common/operations.js';
import { entryRecordBytes, FRAME_HEADER_BYTES } from './frame.js';
import { WAL_ENTRY_CELLS_MAX, WAL_RECORD_BYTES_MAX, WAL_REGION_NAME_BYTES_MAX } from './limits.js';

/** HBase's WALKey (region, sequence id, write time) with its WALEdit (the cells). */
export interface WalEntry {
  readonly regionName: string;
  /** The region's sequence id for this edit (the MVCC write number). */
  readonly sequenceId: number;
  /** Wall-clock milliseconds when the region server appended it. */
  readonly writeTimeMs: number;
  readonly cells: readonly Cell[];
}

/** The durability levels that write to the WAL (SKIP_WAL never reaches it). */
export type WalDurability = Extract<Durability, 'ASYNC_WAL' | 'SYNC_WAL' | 'FSYNC_WAL'>;

/**
 * Checks what a Wal cannot take (a programmer's cells are trusted: makeCell built them) and
 * returns the entry's record size in bytes.
 */
export function checkEntry(entry: WalEntry): number {
  const nameBytes = Buffer.byteLength(entry.regionName, 'utf8');
  if (nameBytes === 0 || nameBytes > WAL_REGION_NAME_BYTES_MAX) {
    throw new InvalidArgumentError(
      `region name is ${nameBytes} bytes; it must be 1 to WAL_REGION_NAME_BYTES_MAX ` +
        `(${WAL_REGION_NAME_BYTES_MAX})`,
    );
  }
  checkId('sequence id', entry.sequenceId);
  checkId('write time', entry.writeTimeMs);
  if (entry.cells.length > WAL_ENTRY_CELLS_MAX) {
    throw new LimitExceededError(
      `WAL entry has ${entry.cells.length} cells; WAL_ENTRY_CELLS_MAX is ${WAL_ENTRY_CELLS_MAX}`,
    );
  }
  const recordBytes = entryRecordBytes(entry);
  if (recordBytes - FRAME_HEADER_BYTES > WAL_RECORD_BYTES_MAX) {
    throw new LimitExceededError(
      `WAL entry is ${recordBytes - FRAME_HEADER_BYTES} bytes; ` +
        `WAL_RECORD_BYTES_MAX is ${WAL_RECORD_BYTES_MAX}`,
    );
  }
  return recordBytes;
}

function checkId(what: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(
      `${what} is ${value}; it must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}`,
    );
  }
}
