// What the rest of the region server needs from a store file: the sink a writer writes to, the
// positional source a reader reads from (the block filesystem or local files), the metadata a file
// carries, and the reader's and writer's surface. The format itself is in docs/formats.md.
import type { BloomType } from '../../common/operations.js';
import type { Cell } from '../../common/index.js';
import type { CellScanner } from '../scanner.js';

/** Where a writer's bytes go: appended in order, then closed (the file is then immutable). */
export interface FileSink {
  /** Appends `data`; once this resolves the sink no longer reads it (the writer reuses it). */
  write(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
  /** Gives up: the partial file is left for the caller to delete. */
  abort(): void;
}

/** Where a reader's bytes come from: reads at offsets of an immutable file of known length. */
export interface PositionalSource {
  readonly length: number;
  pread(position: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

/** A file's metadata, written in its file-info block. */
export interface StoreFileInfo {
  /** The largest sequence id of any cell in the file (0 for an empty file). */
  readonly maxSequenceId: number;
  /** Smallest and largest cell timestamp (min > max for an empty file). */
  readonly minTimestamp: number;
  readonly maxTimestamp: number;
  /**
   * The smallest timestamp of a Put (LATEST_TIMESTAMP when there is none): a major compaction may
   * drop a KEEP_DELETED_CELLS marker older than every Put of its inputs (HBase's EARLIEST_PUT_TS).
   */
  readonly earliestPutTimestamp: number;
  readonly entryCount: number;
  /** Delete markers among the entries. */
  readonly deleteCount: number;
  readonly firstKey: Cell | undefined;
  readonly lastKey: Cell | undefined;
  readonly bloomType: BloomType;
  /** Written by a major compaction (every marker and surplus version dropped). */
  readonly majorCompacted: boolean;
  /** Data bytes (keys and values) as written. */
  readonly dataBytes: number;
}

/** What a writer is given beyond the cells; the writer computes the rest of StoreFileInfo. */
export interface StoreFileWriteOptions {
  readonly blockSizeBytes: number;
  readonly bloomType: BloomType;
  /** An estimate, used to size the Bloom filter; more keys only raise its false-positive rate. */
  readonly expectedKeys: number;
  readonly majorCompacted: boolean;
  /**
   * The file's maxSequenceId is at least this, even if no cell carries it: a compaction's output
   * keeps its inputs' highest id when it drops their newest cells (WAL replay starts after it).
   */
  readonly sequenceIdFloor?: number;
}

export interface StoreFileScannerOptions {
  /** Put data blocks read by this scanner into the block cache (index/Bloom always are). */
  readonly cacheBlocks: boolean;
}

/**
 * An open store file. Reads go through the shared block cache. Every block read is verified
 * against its checksum; a mismatch, a bad magic or a truncated file is a CorruptStoreFileError,
 * never a wrong answer.
 */
export interface StoreFileReader {
  /** The file's name as the store knows it (a path on the block filesystem or on local disk). */
  readonly path: string;
  readonly lengthBytes: number;
  readonly info: StoreFileInfo;
  /** False only when the Bloom filter proves the row absent (always true without a ROW/ROWCOL Bloom). */
  mayContainRow(row: Buffer): boolean;
  /** As mayContainRow, using the ROWCOL Bloom when the file has one (else the ROW Bloom). */
  mayContainColumn(row: Buffer, family: Buffer, qualifier: Buffer): boolean;
  /** A new cursor, positioned nowhere until its first seek. */
  scanner(options: StoreFileScannerOptions): CellScanner;
  /** The first key of the middle data block: the split point. Undefined for an empty file. */
  midKey(): Promise<Cell | undefined>;
  /** Closes the source and drops the file's blocks from the cache. */
  close(): Promise<void>;
}
