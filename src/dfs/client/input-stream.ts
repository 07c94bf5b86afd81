// A file opened for reading (HDFS DFSInputStream): its blocks and length are fixed at open; read()
// goes on from the position with reads ahead, pread() reads any range without moving it. Invariant:
// every byte returned passed its checksum; reads stop at `length` (an empty buffer at the end).
import { InvalidArgumentError } from '../../common/errors.js';
import { BlockMissingError, ReadPastEndError, StreamClosedError } from '../errors.js';
import { READS_AHEAD_MAX } from '../limits.js';
import { validPath } from '../path.js';
import { BlockReader } from './block-reader.js';
import type { ClientContext } from './context.js';
import { locateFile, type FileBlock } from './located-file.js';
import { ReadSession } from './read-session.js';

const EMPTY = Buffer.alloc(0);

export class DfsInputStream {
  readonly path: string;
  readonly #session: ReadSession;
  readonly #blocks: readonly FileBlock[];
  readonly #length: number;
  #pos = 0;
  /** The sequential reader of the block holding `#pos`, and what it returned beyond `#pos`. */
  #reader: BlockReader | null = null;
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
    const first = await this.#take(want);
    if (first.length === want) return first;
    const out = Buffer.allocUnsafe(want);
    first.copy(out, 0);
    for (let filled = first.length; filled < want;) {
      const piece = await this.#take(want - filled);
      piece.copy(out, filled);
      filled += piece.length;
    }
    return out;
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
        for (let piece = await reader.next(); piece !== null; piece = await reader.next()) {
          if (out === undefined && piece.length === want) return piece;
          out ??= Buffer.allocUnsafe(want);
          piece.copy(out, pos - position);
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

  /** The next bytes at the position, at most `max`, from the sequential reader. */
  async #take(max: number): Promise<Buffer> {
    while (this.#piece.length === 0) {
      if (this.#reader === null) {
        const target = this.#blockAt(this.#pos);
        this.#reader = new BlockReader(
          this.#session,
          target,
          this.#pos - target.offset,
          target.block.numBytes,
          READS_AHEAD_MAX,
        );
      }
      const piece = await this.#reader.next();
      if (piece === null) this.#dropReader();
      else this.#piece = piece;
    }
    const out = this.#piece.subarray(0, max);
    this.#piece = this.#piece.subarray(out.length);
    this.#pos += out.length;
    return out;
  }

  #dropReader(): void {
    this.#reader?.close();
    this.#reader = null;
    this.#piece = EMPTY;
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
