// A file opened for reading (HDFS DFSInputStream): its blocks and length are fixed at open; read()
// and readInto() go on from the position with reads ahead, pread() reads any range without moving
// it. Invariant: every byte returned passed its checksum; reads stop at `length`; a lent piece is
// copied out and released once (also on seek, close and errors).
import { InvalidArgumentError } from '../../common/errors.js';
import { BlockMissingError, ReadPastEndError, StreamClosedError } from '../errors.js';
import { READS_AHEAD_MAX } from '../limits.js';
import { validPath } from '../path.js';
import { BlockReader } from './block-reader.js';
import type { ClientContext } from './context.js';
import { locateFile, type FileBlock } from './located-file.js';
import { ReadSession } from './read-session.js';
import { ownedPiece, type VerifiedPiece } from './short-circuit.js';

/** Within this many bytes of a block's end, the next block's source is chosen (opened) ahead. */
export const NEXT_BLOCK_OPEN_AHEAD_BYTES = 32 * 1024 * 1024;

const EMPTY = Buffer.alloc(0);
const NO_PIECE: VerifiedPiece = ownedPiece(EMPTY, 0);

export class DfsInputStream {
  readonly path: string;
  readonly #session: ReadSession;
  readonly #blocks: readonly FileBlock[];
  readonly #length: number;
  #pos = 0;
  /** The sequential reader of the block holding `#pos`, and what it returned beyond `#pos`. */
  #reader: BlockReader | null = null;
  /** The reader of the next block, started near the end of `#reader`'s (see #prefetchNext). */
  #nextReader: BlockReader | null = null;
  #held: VerifiedPiece = NO_PIECE;
  /** The unread bytes of `#held` (from `#pos`). */
  #piece: Buffer = EMPTY;
  #closed = false;

  private constructor(session: ReadSession, blocks: readonly FileBlock[], length: number) {
    this.path = session.path;
    this.#session = session;
    this.#blocks = blocks;
    this.#length = length;
  }

  /** @internal Use DfsClient.open. */
  static async open(ctx: ClientContext, path: string): Promise<DfsInputStream> {
    validPath(path);
    const located = await locateFile(ctx, path);
    return new DfsInputStream(new ReadSession(ctx, path), located.blocks, located.length);
  }

  /** The file's length when opened (for a file being written: what its pipeline acknowledged). */
  get length(): number {
    return this.#length;
  }

  get position(): number {
    return this.#pos;
  }

  /** Moves the position; past the end (or below 0) fails with ReadPastEnd. */
  seek(position: number): void {
    this.#checkOpen();
    if (!Number.isInteger(position) || position < 0 || position > this.#length) {
      throw new ReadPastEndError(
        `${this.path}: cannot seek to ${position}; the length is ${this.#length}`,
      );
    }
    if (position === this.#pos) return;
    this.#pos = position;
    this.#dropReader();
  }

  /** Up to `length` bytes from the position (fewer only at the end; empty at the end). */
  async read(length: number): Promise<Buffer> {
    this.#checkOpen();
    checkLength(length);
    const want = Math.min(length, this.#length - this.#pos);
    if (want <= 0) return EMPTY;
    await this.#fill();
    if (!this.#held.lent && this.#piece.length >= want) return this.#advance(want);
    const out = Buffer.allocUnsafe(want);
    for (let filled = 0; filled < want;) filled += await this.#takeInto(out, filled, want - filled);
    return out;
  }

  /**
   * Fills target[offset, offset + length) from the position (HDFS read(byte[], off, len)); fewer
   * bytes only at the end of the file. Returns how many (0 at the end) and moves the position on.
   */
  async readInto(
    target: Uint8Array,
    offset = 0,
    length: number = target.length - offset,
  ): Promise<number> {
    this.#checkOpen();
    checkLength(length);
    if (!Number.isInteger(offset) || offset < 0 || offset + length > target.length) {
      throw new InvalidArgumentError(
        `cannot read ${length} bytes at ${offset} into a buffer of ${target.length}`,
      );
    }
    const want = Math.min(length, this.#length - this.#pos);
    if (want <= 0) return 0;
    for (let filled = 0; filled < want;) {
      filled += await this.#takeInto(target, offset + filled, want - filled);
    }
    return want;
  }

  /** Up to `length` bytes at `position`, without moving the position. */
  async pread(position: number, length: number): Promise<Buffer> {
    this.#checkOpen();
    checkLength(length);
    if (!Number.isInteger(position) || position < 0 || position > this.#length) {
      throw new ReadPastEndError(
        `${this.path}: cannot read at ${position}; the length is ${this.#length}`,
      );
    }
    const want = Math.min(length, this.#length - position);
    if (want === 0) return EMPTY;
    let out: Buffer | undefined;
    for (let pos = position; pos < position + want;) {
      const target = this.#blockAt(pos);
      const end = Math.min(position + want, target.offset + target.block.numBytes);
      const reader = new BlockReader(
        this.#session,
        target,
        pos - target.offset,
        end - target.offset,
        READS_AHEAD_MAX,
      );
      try {
        for (let next = await reader.next(); next !== null; next = await reader.next()) {
          const { piece } = next;
          if (out === undefined && piece.length === want && !next.lent) return piece;
          out ??= Buffer.allocUnsafe(want);
          piece.copy(out, pos - position);
          next.release();
          pos += piece.length;
        }
      } finally {
        reader.close();
      }
    }
    return out ?? EMPTY;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#dropReader();
    await this.#session.close();
  }

  #checkOpen(): void {
    if (this.#closed) throw new StreamClosedError(`${this.path}: the input stream is closed`);
  }

  /** Copies the next bytes at the position, at most `max`, to target[at..]; returns how many. */
  async #takeInto(target: Uint8Array, at: number, max: number): Promise<number> {
    await this.#fill();
    const n = Math.min(max, this.#piece.length);
    this.#piece.copy(target, at, 0, n);
    this.#advance(n);
    return n;
  }

  /** Makes `#piece` hold bytes at the position (which is before the end), from the reader. */
  async #fill(): Promise<void> {
    while (this.#piece.length === 0) {
      this.#releaseHeld();
      const reader = this.#reader ?? this.#startReader();
      const next = await reader.next();
      if (this.#reader !== reader || this.#closed) {
        next?.release();
        throw new StreamClosedError(`${this.path}: the stream was closed or moved while reading`);
      }
      if (next === null) {
        reader.close();
        this.#reader = null;
      } else {
        this.#held = next;
        this.#piece = next.piece;
        this.#prefetchNext(reader);
      }
    }
  }

  /** The reader of the block holding the position: the one prefetched, or a new one. */
  #startReader(): BlockReader {
    const target = this.#blockAt(this.#pos);
    let reader = this.#nextReader;
    this.#nextReader = null;
    if (
      reader === null ||
      reader.target !== target ||
      reader.position !== this.#pos - target.offset
    ) {
      reader?.close();
      reader = new BlockReader(
        this.#session,
        target,
        this.#pos - target.offset,
        target.block.numBytes,
        READS_AHEAD_MAX,
      );
    }
    this.#reader = reader;
    return reader;
  }

  /**
   * Near the end of `reader`'s block the next block's reader chooses its source; once `reader`
   * issued all its reads, that one takes up the reads ahead (READS_AHEAD_MAX in all).
   */
  #prefetchNext(reader: BlockReader): void {
    const end = reader.target.offset + reader.target.block.numBytes;
    if (end >= this.#length || end - this.#pos > NEXT_BLOCK_OPEN_AHEAD_BYTES) return;
    if (this.#nextReader === null) {
      const target = this.#blockAt(end);
      this.#nextReader = new BlockReader(
        this.#session,
        target,
        0,
        target.block.numBytes,
        READS_AHEAD_MAX,
      );
    }
    this.#nextReader.prefetch(reader.issuedAll ? READS_AHEAD_MAX - reader.queued : 0);
  }

  /** The next `n` bytes of `#piece` (a view: copy it when lent), the position moved past them. */
  #advance(n: number): Buffer {
    const out = this.#piece.subarray(0, n);
    this.#piece = this.#piece.subarray(n);
    this.#pos += n;
    if (this.#piece.length === 0) this.#releaseHeld();
    return out;
  }

  #releaseHeld(): void {
    const held = this.#held;
    this.#held = NO_PIECE;
    this.#piece = EMPTY;
    held.release();
  }

  #dropReader(): void {
    this.#reader?.close();
    this.#reader = null;
    this.#nextReader?.close();
    this.#nextReader = null;
    this.#releaseHeld();
  }

  /** The block holding file offset `pos` (< length). */
  #blockAt(pos: number): FileBlock {
    let low = 0;
    let high = this.#blocks.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const candidate = this.#blocks[mid] as FileBlock;
      if (pos < candidate.offset) high = mid - 1;
      else if (pos >= candidate.offset + candidate.block.numBytes) low = mid + 1;
      else return candidate;
    }
    throw new BlockMissingError(
      `${this.path}: no block holds offset ${pos} (length ${this.#length})`,
    );
  }
}

function checkLength(length: number): void {
  if (!Number.isInteger(length) || length < 0) {
    throw new InvalidArgumentError(`read length is ${length}; it must be a whole number of bytes`);
  }
}
