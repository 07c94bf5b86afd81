// The read side of DatanodeService: readBlock (chunk-aligned data with its stored checksums, never
// past the visible length), replicaInfo and localPaths (short-circuit reads). Reads run on the
// replica's serial queue, so they never see a write between its data and its checksums.
import { chunksOf, crc32cOf } from '../checksum.js';
import {
  ChecksumError,
  ReadPastEndError,
  ReplicaNotFoundError,
  ReplicaStateError,
} from '../errors.js';
import { CHECKSUM_BYTES, CHUNK_BYTES, READ_CALL_BYTES_MAX } from '../limits.js';
import type { ReadBlockResponse, ReplicaInfoResponse } from '../protocol.js';
import type { DatanodeContext } from './datanode-context.js';
import type { Replica } from './replica.js';
import { ReplicaFiles } from './replica-files.js';
import type { ReplicaStore } from './replica-store.js';
import { checkRequest, count } from './request-checks.js';

export interface ChunkRange {
  readonly data: Buffer;
  readonly checksums: Buffer;
}

/**
 * Bytes `start` (a chunk boundary) to `end` (at most the bytes on disk) of a replica with their
 * checksums; call inside the replica's serial job. When `end` cuts a chunk whose stored checksum
 * covers more bytes, that stored checksum is verified over the longer chunk and the shorter part's
 * checksum is computed afresh (HDFS does the same for an rbw replica's last partial chunk).
 */
export async function readRange(
  store: ReplicaStore,
  replica: Replica,
  start: number,
  end: number,
): Promise<ChunkRange> {
  const own = replica.files === undefined;
  const files =
    replica.files ??
    (await ReplicaFiles.open(
      store.layout.dataPath(replica.dir, replica.blockId),
      store.layout.metaPath(replica.dir, replica.blockId, replica.genStamp),
      false,
    ));
  try {
    const firstChunk = start / CHUNK_BYTES;
    const chunks = chunksOf(end) - firstChunk;
    const cut = end % CHUNK_BYTES !== 0 && replica.bytesOnDisk > end;
    const readEnd = cut ? Math.min(replica.bytesOnDisk, chunksOf(end) * CHUNK_BYTES) : end;
    const [data, checksums] = await Promise.all([
      files.read(start, readEnd - start),
      files.readChecksums(firstChunk, chunks),
    ]);
    if (data.length !== readEnd - start || checksums.length !== chunks * CHECKSUM_BYTES) {
      throw new ChecksumError(
        `${replica.describe()}: its files are shorter than the ${replica.bytesOnDisk} bytes it holds`,
      );
    }
    if (!cut) return { data, checksums };
    const lastAt = (chunks - 1) * CHUNK_BYTES;
    const lastChecksumAt = (chunks - 1) * CHECKSUM_BYTES;
    if (crc32cOf(data.subarray(lastAt)) !== checksums.readUInt32BE(lastChecksumAt)) {
      throw new ChecksumError(
        `${replica.describe()}: the chunk at ${start + lastAt} does not match its stored checksum`,
      );
    }
    const kept = data.subarray(0, end - start);
    checksums.writeUInt32BE(crc32cOf(kept.subarray(lastAt)), lastChecksumAt);
    return { data: kept, checksums };
  } finally {
    if (own) await files.close();
  }
}

/** The replica of `blockId` that a reader asking for stamp `genStamp` may read. */
function readable(store: ReplicaStore, blockId: number, genStamp: number): Replica {
  const replica = store.get(blockId);
  if (replica === undefined || replica.state === 'temporary') {
    throw new ReplicaNotFoundError(`no replica of blk_${blockId} here`);
  }
  if (replica.genStamp < genStamp) {
    throw new ReplicaNotFoundError(
      `blk_${blockId}_${genStamp} asked; the replica here is older, ${replica.describe()}`,
    );
  }
  return replica;
}

export async function readBlock(
  ctx: DatanodeContext,
  request: unknown,
): Promise<ReadBlockResponse> {
  const f = checkRequest(request, 'readBlock request');
  const blockId = count(f['blockId'], 'blockId');
  const genStamp = count(f['genStamp'], 'genStamp');
  const offset = count(f['offset'], 'offset');
  const length = count(f['length'], 'length');
  readable(ctx.store, blockId, genStamp);
  return ctx.store.serial(blockId, async () => {
    const replica = readable(ctx.store, blockId, genStamp);
    const visible = replica.visibleLength;
    if (offset > visible) {
      throw new ReadPastEndError(
        `read of blk_${blockId} at ${offset}; its visible length is ${visible}`,
      );
    }
    const start = offset - (offset % CHUNK_BYTES);
    const wanted = Math.min(offset + length, start + READ_CALL_BYTES_MAX);
    const end = Math.min(visible, chunksOf(wanted) * CHUNK_BYTES);
    const range = await readRange(ctx.store, replica, start, end);
    return { offset: start, data: range.data, checksums: range.checksums, visibleLength: visible };
  });
}

export function replicaInfo(ctx: DatanodeContext, request: unknown): ReplicaInfoResponse {
  const f = checkRequest(request, 'replicaInfo request');
  const blockId = count(f['blockId'], 'blockId');
  const replica = ctx.store.get(blockId);
  if (replica === undefined) throw new ReplicaNotFoundError(`no replica of blk_${blockId} here`);
  return {
    genStamp: replica.genStamp,
    state: replica.state,
    visibleLength: replica.visibleLength,
    bytesOnDisk: replica.bytesOnDisk,
  };
}

export function localPaths(
  ctx: DatanodeContext,
  request: unknown,
): { readonly dataPath: string; readonly metaPath: string; readonly numBytes: number } {
  const f = checkRequest(request, 'localPaths request');
  const blockId = count(f['blockId'], 'blockId');
  const replica = readable(ctx.store, blockId, count(f['genStamp'], 'genStamp'));
  if (replica.state !== 'finalized') {
    throw new ReplicaStateError(`${replica.describe()} is not finalized; read it with readBlock`);
  }
  const layout = ctx.store.layout;
  return {
    dataPath: layout.dataPath(replica.dir, blockId),
    metaPath: layout.metaPath(replica.dir, blockId, replica.genStamp),
    numBytes: replica.bytesOnDisk,
  };
}
