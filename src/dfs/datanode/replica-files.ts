// A replica's two files held open: positional reads and writes of data and checksums, truncation
// (rewriting the checksum of a new partial last chunk), fsync. The meta file always holds exactly
// one checksum per chunk of the data file once a write or truncation has finished.
import { writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { chunksOf, crc32cOf } from '../checksum.js';
import { CHECKSUM_BYTES, CHUNK_BYTES } from '../limits.js';
import {
  checksumPosition,
  encodeMetaHeader,
  META_HEADER_BYTES,
  metaBytesFor,
} from './meta-file.js';
import { InternalError } from '../../common/errors.js';

export class ReplicaFiles {
  readonly data: FileHandle;
  readonly meta: FileHandle;
  #closed = false;

  private constructor(data: FileHandle, meta: FileHandle) {
    this.data = data;
    this.meta = meta;
  }

  /** New empty files (replacing any), the meta header written. */
  static async create(dataPath: string, metaPath: string): Promise<ReplicaFiles> {
    const data = await open(dataPath, 'w+');
    let meta: FileHandle;
    try {
      meta = await open(metaPath, 'w+');
    } catch (error) {
      await data.close();
      throw error;
    }
    const files = new ReplicaFiles(data, meta);
    await writeFully(meta, encodeMetaHeader(), 0);
    return files;
  }

  /** Existing files, for reading and writing (`r+`) or only reading (`r`). */
  static async open(dataPath: string, metaPath: string, writable: boolean): Promise<ReplicaFiles> {
    const flags = writable ? 'r+' : 'r';
    const data = await open(dataPath, flags);
    try {
      return new ReplicaFiles(data, await open(metaPath, flags));
    } catch (error) {
      await data.close();
      throw error;
    }
  }

  /**
   * Writes `data[dataFrom..]` at block offset `position` (a chunk boundary) and the checksums from
   * `checksumFrom` (bytes) at the matching place of the meta file. A packet (at most a few hundred
   * KiB) goes to the page cache with plain synchronous writes, as HDFS's BlockReceiver writes on
   * its thread: the ack then leaves in the same turn of the event loop instead of after two round
   * trips through libuv's thread pool, which is most of an hflush's latency here.
   */
  write(
    position: number,
    data: Uint8Array,
    dataFrom: number,
    checksums: Uint8Array,
    checksumFrom: number,
  ): Promise<void> {
    try {
      writeFullySync(this.data, data.subarray(dataFrom), position);
      writeFullySync(
        this.meta,
        checksums.subarray(checksumFrom),
        checksumPosition(position / CHUNK_BYTES),
      );
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** `length` bytes of data from `position` (fewer at the end of the file). */
  read(position: number, length: number): Promise<Buffer> {
    return readFully(this.data, position, length);
  }

  /** The stored checksums of chunks `firstChunk` .. `firstChunk + count - 1`. */
  readChecksums(firstChunk: number, count: number): Promise<Buffer> {
    return readFully(this.meta, checksumPosition(firstChunk), count * CHECKSUM_BYTES);
  }

  /** The meta file's header bytes (fewer if the file is shorter). */
  readMetaHeader(): Promise<Buffer> {
    return readFully(this.meta, 0, META_HEADER_BYTES);
  }

  /** Cuts the replica to `length` bytes; a new partial last chunk gets its checksum rewritten. */
  async truncate(length: number): Promise<void> {
    await this.data.truncate(length);
    await this.meta.truncate(metaBytesFor(length));
    const partial = length % CHUNK_BYTES;
    if (partial === 0) return;
    const start = length - partial;
    const tail = await this.read(start, partial);
    const checksum = Buffer.allocUnsafe(CHECKSUM_BYTES);
    checksum.writeUInt32BE(crc32cOf(tail), 0);
    await writeFully(this.meta, checksum, checksumPosition(chunksOf(length) - 1));
  }

  async sizes(): Promise<{ readonly data: number; readonly meta: number }> {
    const [data, meta] = await Promise.all([this.data.stat(), this.meta.stat()]);
    return { data: data.size, meta: meta.size };
  }

  /** fdatasync of both files (hsync). */
  async sync(): Promise<void> {
    await Promise.all([this.data.datasync(), this.meta.datasync()]);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled([this.data.close(), this.meta.close()]);
  }
}

/** fsync of a directory, so that files created or renamed in it survive a crash. */
export async function syncDirectory(path: string): Promise<void> {
  const dir = await open(path, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

async function writeFully(file: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await file.write(bytes, done, bytes.length - done, position + done);
    if (bytesWritten <= 0) throw new InternalError(`wrote no bytes at offset ${position + done}`);
    done += bytesWritten;
  }
}

function writeFullySync(file: FileHandle, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.length) {
    const written = writeSync(file.fd, bytes, done, bytes.length - done, position + done);
    if (written <= 0) throw new InternalError(`wrote no bytes at offset ${position + done}`);
    done += written;
  }
}

async function readFully(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await file.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buffer : buffer.subarray(0, done);
}
