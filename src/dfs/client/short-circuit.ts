// Short-circuit reads (HDFS dfs.client.read.shortcircuit): a finalized replica on this host is read
// from its blk_ file by large positional reads, its .meta checksums read once. Invariant: bytes are
// returned only after they matched their checksums; any error sends the caller to the remote path.
import { open, type FileHandle } from 'node:fs/promises';
import { chunksOf, firstBadChunk } from '../checksum.js';
import { ChecksumError } from '../errors.js';
import { CHECKSUM_BYTES, CHUNK_BYTES, DATANODE_CALL_TIMEOUT_MS } from '../limits.js';
import type { DatanodeInfo } from '../types.js';
import type { ClientContext } from './context.js';
import { foldChunkChecksums } from '../checksum.js';
import type { LocalReadWorkers } from './local-read-workers.js';
import type { FileBlock } from './located-file.js';

/** The .meta header: version (2 bytes), checksum type (1), bytes per checksum (4), big-endian. */
export const META_HEADER_BYTES = 7;
const META_VERSION = 1;
const CHECKSUM_TYPE_CRC32C = 2;

/** A piece of a block read and verified: its bytes from the request's start, and where it ends. */
export interface VerifiedPiece {
  readonly piece: Buffer;
  readonly end: number;
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
    const sums = await readChecksums(paths.metaPath, numBytes);
    const data = await open(paths.dataPath, 'r');
    return new LocalReplica(target.block.blockId, numBytes, data, sums, ctx.localReads);
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

  /** Bytes [start, end) of the replica, read from `start` rounded down to a chunk, verified. */
  async read(start: number, end: number): Promise<VerifiedPiece> {
    if (this.#closed) throw new Error(`local replica of block ${this.blockId} is closed`);
    const aligned = start - (start % CHUNK_BYTES);
    this.#reading += 1;
    let data: Buffer;
    try {
      data =
        this.#workers === undefined
          ? await this.#readHere(aligned, end - aligned)
          : await this.#readInWorker(aligned, end - aligned);
    } finally {
      this.#reading -= 1;
      if (this.#reading === 0) this.#closing?.();
    }
    return { piece: data.subarray(start - aligned), end };
  }

  /** Read and CRC in a worker thread; the fold of the stored checksums is compared here. */
  async #readInWorker(aligned: number, bytes: number): Promise<Buffer> {
    const read = await (this.#workers as LocalReadWorkers).read(this.#data.fd, aligned, bytes);
    const sums = this.#sumsOf(aligned, bytes);
    const whole = Math.floor(bytes / CHUNK_BYTES);
    const tailOk =
      whole * CHUNK_BYTES === bytes || read.tailCrc === sums.readUInt32BE(whole * CHECKSUM_BYTES);
    if (!tailOk || foldChunkChecksums(sums, whole) !== read.wholeCrc) {
      this.#checksumFailure(aligned, firstBadChunk(read.data, sums));
    }
    return read.data;
  }

  async #readHere(aligned: number, bytes: number): Promise<Buffer> {
    const data = Buffer.allocUnsafe(bytes);
    await readFully(this.#data, data, aligned);
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
    const header = Buffer.alloc(META_HEADER_BYTES);
    await readFully(meta, header, 0);
    checkHeader(header, metaPath);
    const sums = Buffer.allocUnsafe(chunksOf(numBytes) * CHECKSUM_BYTES);
    await readFully(meta, sums, META_HEADER_BYTES);
    return sums;
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
