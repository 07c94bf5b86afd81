// Short-circuit reads (HDFS dfs.client.read.shortcircuit): a finalized replica on this host is read
// from its blk_ file by large positional reads, its .meta checksums read once. Invariant: bytes are
// returned only after they matched their checksums (a failed read's slot is given back first).
import { readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { chunksOf, firstBadChunk, foldChunkChecksums } from '../checksum.js';
import { ChecksumError } from '../errors.js';
import { CHECKSUM_BYTES, CHUNK_BYTES, DATANODE_CALL_TIMEOUT_MS } from '../limits.js';
import type { DatanodeInfo } from '../types.js';
import type { ClientContext } from './context.js';
import type { LocalRead, LocalReadWorkers } from './local-read-workers.js';
import type { FileBlock } from './located-file.js';

/** The .meta header: version (2 bytes), checksum type (1), bytes per checksum (4), big-endian. */
export const META_HEADER_BYTES = 7;
const META_VERSION = 1;
const CHECKSUM_TYPE_CRC32C = 2;

/** A piece of a block read and verified: its bytes from the request's start, and where it ends. */
export interface VerifiedPiece {
  readonly piece: Buffer;
  readonly end: number;
  /** True when `piece` lies in a read worker's slot: copy it out, then release(); never keep it. */
  readonly lent: boolean;
  /** Gives back the memory under `piece`: exactly once for lent pieces, a no-op for the others. */
  readonly release: () => void;
}

const NOTHING_TO_RELEASE = (): void => undefined;

/**
 * Reads of at most this many bytes (a store file's block and its neighbours: positional reads)
 * are read and verified on the calling thread, into memory the caller keeps. Measured here, a
 * 64 KiB read from the page cache and its CRC32C take about 25 µs of the main thread; the trip
 * to a worker cost more than that on the main thread alone (postMessage, the answer, the copy
 * out of the slot). Larger reads, a sequential stream's, still go to the workers, where the read
 * and the checksum overlap the main thread's work. A page not in the cache blocks the loop for a
 * disk read, as HDFS's local block reader blocks its calling thread.
 */
export const SHORT_CIRCUIT_INLINE_READ_BYTES_MAX = 256 * 1024;

/** A piece of bytes nobody lends (a fresh Buffer): kept as long as anyone likes. */
export function ownedPiece(piece: Buffer, end: number): VerifiedPiece {
  return { piece, end, lent: false, release: NOTHING_TO_RELEASE };
}

/** An open local replica: its data file, kept open until the stream closes, and its checksums. */
export class LocalReplica {
  readonly blockId: number;
  readonly numBytes: number;
  readonly #data: FileHandle;
  /** Every chunk checksum of the replica, read once when it opens. */
  readonly #sums: Buffer;
  readonly #workers: LocalReadWorkers | undefined;
  #users = 0;
  /** Reads in flight: the file stays open until they end (a worker reads it by descriptor). */
  #reading = 0;
  #closing: (() => void) | undefined;
  #closed = false;

  private constructor(
    blockId: number,
    numBytes: number,
    data: FileHandle,
    sums: Buffer,
    workers: LocalReadWorkers | undefined,
  ) {
    this.blockId = blockId;
    this.numBytes = numBytes;
    this.#data = data;
    this.#sums = sums;
    this.#workers = workers;
  }

  /** Asks `node` for the replica's paths, opens the data file and reads every checksum. */
  static async open(
    ctx: ClientContext,
    node: DatanodeInfo,
    target: FileBlock,
  ): Promise<LocalReplica> {
    const paths = await ctx
      .datanode(node.address)
      .localPaths(
        { blockId: target.block.blockId, genStamp: target.block.genStamp },
        { timeoutMs: DATANODE_CALL_TIMEOUT_MS },
      );
    const numBytes = target.block.numBytes;
    if (paths.numBytes < numBytes) {
      throw new Error(`local replica has ${paths.numBytes} bytes; the block has ${numBytes}`);
    }
    const [sums, data] = await Promise.allSettled([
      readChecksums(paths.metaPath, numBytes),
      open(paths.dataPath, 'r'),
    ]);
    if (data.status === 'rejected') throw data.reason;
    if (sums.status === 'rejected') {
      await data.value.close().catch(() => undefined);
      throw sums.reason;
    }
    return new LocalReplica(target.block.blockId, numBytes, data.value, sums.value, ctx.localReads);
  }

  acquire(): void {
    this.#users += 1;
  }

  release(): void {
    this.#users -= 1;
  }

  get inUse(): boolean {
    return this.#users > 0;
  }

  /**
   * Bytes [start, end) of the replica, read from `start` rounded down to a chunk, verified: in a
   * worker's slot (lent: the caller copies it out and releases it), or (a small read, no workers,
   * or all busy) read here into a fresh Buffer.
   */
  async read(start: number, end: number): Promise<VerifiedPiece> {
    if (this.#closed) throw new Error(`local replica of block ${this.blockId} is closed`);
    const aligned = start - (start % CHUNK_BYTES);
    // Checksums cover whole chunks: read to the end of the last chunk touched (or of the replica),
    // verify that, and hand back only [start, end).
    const alignedEnd = Math.min(this.numBytes, Math.ceil(end / CHUNK_BYTES) * CHUNK_BYTES);
    this.#reading += 1;
    try {
      const bytes = alignedEnd - aligned;
      if (bytes <= SHORT_CIRCUIT_INLINE_READ_BYTES_MAX) {
        const data = this.#readInline(aligned, bytes);
        return ownedPiece(data.subarray(start - aligned, end - aligned), end);
      }
      const inWorker = this.#workers?.read(this.#data.fd, aligned, bytes);
      const read =
        inWorker === undefined
          ? { data: await this.#readHere(aligned, bytes), lent: false, release: NOTHING_TO_RELEASE }
          : this.#verified(await inWorker, aligned, bytes);
      const { lent, release } = read;
      return { piece: read.data.subarray(start - aligned, end - aligned), end, lent, release };
    } finally {
      this.#reading -= 1;
      if (this.#reading === 0) this.#closing?.();
    }
  }

  /** A worker's read, checked by the fold of the stored checksums (given back when it fails). */
  #verified(read: LocalRead, aligned: number, bytes: number): LocalRead {
    const sums = this.#sumsOf(aligned, bytes);
    const whole = Math.floor(bytes / CHUNK_BYTES);
    const tailOk =
      whole * CHUNK_BYTES === bytes || read.tailCrc === sums.readUInt32BE(whole * CHECKSUM_BYTES);
    if (
      read.data.length !== bytes ||
      !tailOk ||
      foldChunkChecksums(sums, whole) !== read.wholeCrc
    ) {
      const bad = firstBadChunk(read.data, sums);
      read.release();
      this.#checksumFailure(aligned, bad);
    }
    return read;
  }

  async #readHere(aligned: number, bytes: number): Promise<Buffer> {
    const data = Buffer.allocUnsafe(bytes);
    await readFully(this.#data, data, aligned);
    const bad = firstBadChunk(data, this.#sumsOf(aligned, bytes));
    if (bad >= 0) this.#checksumFailure(aligned, bad);
    return data;
  }

  /** A small read, on this thread: one positional read (or more, if the kernel cuts it short). */
  #readInline(aligned: number, bytes: number): Buffer {
    const data = Buffer.allocUnsafeSlow(bytes);
    for (let done = 0; done < bytes;) {
      const n = readSync(this.#data.fd, data, done, bytes - done, aligned + done);
      if (n === 0)
        throw new Error(`file ends at ${aligned + done}; wanted ${bytes - done} more bytes`);
      done += n;
    }
    const bad = firstBadChunk(data, this.#sumsOf(aligned, bytes));
    if (bad >= 0) this.#checksumFailure(aligned, bad);
    return data;
  }

  #sumsOf(aligned: number, bytes: number): Buffer {
    const first = (aligned / CHUNK_BYTES) * CHECKSUM_BYTES;
    return this.#sums.subarray(first, first + chunksOf(bytes) * CHECKSUM_BYTES);
  }

  #checksumFailure(aligned: number, bad: number): never {
    throw new ChecksumError(
      `local replica of block ${this.blockId}: chunk at ${aligned + Math.max(0, bad) * CHUNK_BYTES} ` +
        'fails its checksum',
    );
  }

  /** Closes the data file once the reads in flight are done. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#reading > 0) await new Promise<void>((resolve) => (this.#closing = resolve));
    await this.#data.close().catch(() => undefined);
  }
}

/** The checksums of the first `numBytes` of a replica, from its .meta file (header checked). */
async function readChecksums(metaPath: string, numBytes: number): Promise<Buffer> {
  const meta = await open(metaPath, 'r');
  try {
    const all = Buffer.allocUnsafe(META_HEADER_BYTES + chunksOf(numBytes) * CHECKSUM_BYTES);
    await readFully(meta, all, 0);
    checkHeader(all.subarray(0, META_HEADER_BYTES), metaPath);
    return all.subarray(META_HEADER_BYTES);
  } finally {
    await meta.close();
  }
}

function checkHeader(header: Buffer, path: string): void {
  const version = header.readUInt16BE(0);
  const type = header.readUInt8(2);
  const bytesPerChecksum = header.readUInt32BE(3);
  if (
    version !== META_VERSION ||
    type !== CHECKSUM_TYPE_CRC32C ||
    bytesPerChecksum !== CHUNK_BYTES
  ) {
    throw new Error(
      `${path}: meta header version ${version}, type ${type}, ${bytesPerChecksum} bytes per ` +
        `checksum; expected ${META_VERSION}, ${CHECKSUM_TYPE_CRC32C}, ${CHUNK_BYTES}`,
    );
  }
}

/** Fills `buffer` from `file` at `position`; a file that ends first is an error. */
async function readFully(file: FileHandle, buffer: Buffer, position: number): Promise<void> {
  for (let done = 0; done < buffer.length;) {
    const { bytesRead } = await file.read(buffer, done, buffer.length - done, position + done);
    if (bytesRead === 0) {
      throw new Error(`file ends at ${position + done}; wanted ${buffer.length - done} more bytes`);
    }
    done += bytesRead;
  }
}
