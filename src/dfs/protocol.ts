// The block filesystem's three RPC services, as data shared by servers and stubs:
// - NamenodeService: what clients (and `colonnade fs`) call on the namenode (HDFS ClientProtocol);
// - NamenodeDatanodeService: what datanodes call on the namenode (DatanodeProtocol); the namenode
//   never calls a datanode, its instructions ride on heartbeat answers;
// - DatanodeService: what clients and other datanodes call on a datanode (data transfer).
import { defineService, objectBody, unary } from '../rpc/index.js';
import type {
  Block,
  DatanodeCommand,
  DatanodeInfo,
  DatanodeReport,
  DatanodeUsage,
  FileStatus,
  FsckReport,
  LocatedBlock,
  LocatedBlocks,
  ReplicaReport,
  ReplicaState,
} from './types.js';

type Empty = Record<string, never>;

// ---- NamenodeService ----

export interface CreateRequest {
  readonly path: string;
  readonly clientName: string;
  readonly overwrite: boolean;
  /** Missing parents are made (HDFS `create` does too). */
  readonly createParent: boolean;
  readonly replication: number;
  readonly blockBytes: number;
}

export interface AddBlockRequest {
  readonly path: string;
  readonly clientName: string;
  /** The block just written, with its final length; null for a file's first block. */
  readonly previous: Block | null;
  /** Datanodes the client could not reach; never chosen. */
  readonly excluded: readonly DatanodeInfo[];
  /** Datanodes to prefer, first first (the writer's own datanode). */
  readonly favored: readonly DatanodeInfo[];
}

export interface CompleteRequest {
  readonly path: string;
  readonly clientName: string;
  /** The last block with its final length; null when the file has no blocks. */
  readonly last: Block | null;
}

export interface AppendResponse {
  readonly status: FileStatus;
  /** The last block when it is partial (the writer reopens it with `block.genStamp`); or null. */
  readonly lastBlock: LocatedBlock | null;
}

export interface UpdatePipelineRequest {
  readonly clientName: string;
  readonly oldBlock: Block;
  /** Same id, the generation stamp from updateBlockForPipeline, the bytes acknowledged so far. */
  readonly newBlock: Block;
  readonly newNodes: readonly DatanodeInfo[];
}

export interface BadReplica {
  readonly block: Block;
  readonly datanodeId: string;
}

export const NamenodeService = defineService('namenode', {
  mkdirs: unary<{ readonly path: string }, Empty>(objectBody()),
  /** null when the path does not exist. */
  getFileInfo: unary<{ readonly path: string }, { readonly status: FileStatus | null }>(
    objectBody(),
  ),
  /** A directory's entries in name order, at most LISTING_ENTRIES_MAX after `startAfter`. */
  listing: unary<
    { readonly path: string; readonly startAfter: string },
    { readonly entries: readonly FileStatus[]; readonly remaining: number }
  >(objectBody()),
  /** Creates the file and takes its lease for `clientName`. */
  create: unary<CreateRequest, { readonly status: FileStatus }>(objectBody()),
  /** Reopens a closed file for writing under `clientName`'s lease. */
  append: unary<{ readonly path: string; readonly clientName: string }, AppendResponse>(
    objectBody(),
  ),
  /** Commits `previous` and allocates the next block and its pipeline. */
  addBlock: unary<AddBlockRequest, { readonly block: LocatedBlock }>(objectBody()),
  /** Drops a block allocated but never written (its pipeline could not be set up). */
  abandonBlock: unary<
    { readonly path: string; readonly clientName: string; readonly block: Block },
    Empty
  >(objectBody()),
  /** Closes the file; `completed` false while the last block waits for a reported replica. */
  complete: unary<CompleteRequest, { readonly completed: boolean }>(objectBody()),
  /** Offsets `offset` to `offset + length` of a file; length 0 asks for every block. */
  getBlockLocations: unary<
    { readonly path: string; readonly offset: number; readonly length: number },
    LocatedBlocks
  >(objectBody()),
  /** `deleted` false when the path did not exist. */
  delete: unary<
    { readonly path: string; readonly recursive: boolean },
    { readonly deleted: boolean }
  >(objectBody()),
  /** HDFS rename: into `dst` when `dst` is a directory; fails if `dst` exists as a file. */
  rename: unary<{ readonly src: string; readonly dst: string }, Empty>(objectBody()),
  renewLease: unary<{ readonly clientName: string }, Empty>(objectBody()),
  /**
   * Starts lease recovery of `path` (fencing its writer). `closed` is true once the file is
   * closed; callers poll until then (HDFS DistributedFileSystem.recoverLease).
   */
  recoverLease: unary<
    { readonly path: string; readonly clientName: string },
    { readonly closed: boolean }
  >(objectBody()),
  isFileClosed: unary<{ readonly path: string }, { readonly closed: boolean }>(objectBody()),
  /** Pipeline recovery, step 1: a new generation stamp for the block being written. */
  updateBlockForPipeline: unary<
    { readonly block: Block; readonly clientName: string },
    { readonly block: Block }
  >(objectBody()),
  /** Pipeline recovery: one more datanode to replace a failed one, or null if none is free. */
  getAdditionalDatanode: unary<
    {
      readonly path: string;
      readonly clientName: string;
      readonly block: Block;
      readonly existing: readonly DatanodeInfo[];
      readonly excluded: readonly DatanodeInfo[];
    },
    { readonly datanode: DatanodeInfo | null }
  >(objectBody()),
  /** Pipeline recovery, last step: the block's new generation stamp and pipeline. */
  updatePipeline: unary<UpdatePipelineRequest, Empty>(objectBody()),
  /** A reader or the scanner found replicas whose bytes do not match their checksums. */
  reportBadBlocks: unary<{ readonly replicas: readonly BadReplica[] }, Empty>(objectBody()),
  fsck: unary<{ readonly path: string }, FsckReport>(objectBody()),
  datanodeReport: unary<
    Empty,
    {
      readonly datanodes: readonly DatanodeReport[];
      readonly safeMode: boolean;
    }
  >(objectBody()),
});

// ---- NamenodeDatanodeService ----

export interface CommitBlockSynchronizationRequest {
  /** The block as the recovery command named it. */
  readonly block: Block;
  readonly newGenStamp: number;
  readonly newLength: number;
  /** The datanodes that now hold the recovered replica. */
  readonly newTargets: readonly DatanodeInfo[];
  /** Close the file (lease recovery); false only for a recovery that keeps the writer. */
  readonly closeFile: boolean;
}

export const NamenodeDatanodeService = defineService('namenodeDatanode', {
  register: unary<DatanodeInfo & { readonly usage: DatanodeUsage }, Empty>(objectBody()),
  /** Liveness and usage; the answer carries commands (`register` if the namenode forgot it). */
  heartbeat: unary<
    { readonly datanodeId: string; readonly usage: DatanodeUsage },
    { readonly commands: readonly DatanodeCommand[] }
  >(objectBody()),
  /** Every replica this datanode holds (at registration and every BLOCK_REPORT_INTERVAL_MS). */
  blockReport: unary<
    { readonly datanodeId: string; readonly replicas: readonly ReplicaReport[] },
    Empty
  >(objectBody()),
  /** Replicas finalized (received) or deleted since the last report. */
  incrementalBlockReport: unary<
    {
      readonly datanodeId: string;
      readonly received: readonly ReplicaReport[];
      readonly deleted: readonly number[];
    },
    Empty
  >(objectBody()),
  reportBadBlocks: unary<{ readonly replicas: readonly BadReplica[] }, Empty>(objectBody()),
  /** The primary of a block recovery reports its outcome. */
  commitBlockSynchronization: unary<CommitBlockSynchronizationRequest, Empty>(objectBody()),
});

// ---- DatanodeService ----

/** How a pipeline opens the replica on each datanode (HDFS BlockConstructionStage). */
export type PipelineStage =
  /** A new block: create an rbw replica. */
  | 'create'
  /** Reopen a finalized replica (append) at `block.genStamp`, the new stamp. */
  | 'append'
  /** Pipeline recovery: keep the rbw replica's bytes, move it to `block.genStamp`. */
  | 'recover'
  /** Re-replication: a temporary replica, finalized by the last packet. */
  | 'transfer';

export interface OpenPipelineRequest {
  readonly block: Block;
  readonly stage: PipelineStage;
  /** The datanodes after this one, in pipeline order. */
  readonly downstream: readonly DatanodeInfo[];
  readonly clientName: string;
}

/**
 * A pipeline call's outcome. `badIndex` names the failed datanode by its place in the pipeline as
 * the caller sent it (0 = the datanode called), so the client knows which one to drop.
 */
export type PipelineAck =
  | { readonly ok: true; readonly bytesAcked: number }
  | {
      readonly ok: false;
      readonly badIndex: number;
      readonly code: string;
      readonly message: string;
    };

export interface PacketRequest {
  readonly blockId: number;
  readonly genStamp: number;
  /**
   * 0, 1, 2, ... from each openPipeline. A datanode writes packets in seqno order whatever order
   * they arrive in (holding at most PACKETS_IN_FLIGHT_MAX early ones).
   */
  readonly seqno: number;
  /**
   * Offset of `data` in the block: at most the bytes the replica holds, and a multiple of
   * CHUNK_BYTES (a partial last chunk is sent again whole, with its new checksum), except for an
   * empty packet (an hflush or hsync with nothing new), whose offset is the replica's length.
   */
  readonly offset: number;
  readonly data: Uint8Array;
  /** CRC32C of each CHUNK_BYTES of `data` (the last may be shorter), 4 bytes big-endian each. */
  readonly checksums: Uint8Array;
  /** The block's last packet: finalize the replica once written. */
  readonly last: boolean;
  /** hsync: fsync the replica on every datanode before acknowledging. */
  readonly sync: boolean;
}

export interface ReadBlockResponse {
  /** Where `data` starts: `offset` of the request rounded down to a chunk. */
  readonly offset: number;
  readonly data: Uint8Array;
  readonly checksums: Uint8Array;
  /** The replica's readable length (for an rbw replica: the bytes the pipeline acknowledged). */
  readonly visibleLength: number;
}

export interface ReplicaInfoResponse {
  readonly genStamp: number;
  readonly state: ReplicaState;
  readonly visibleLength: number;
  readonly bytesOnDisk: number;
}

export const DatanodeService = defineService('datanode', {
  /** Opens (or reopens) the replica here and, before answering, on every downstream datanode. */
  openPipeline: unary<OpenPipelineRequest, PipelineAck>(objectBody()),
  /** Writes here, forwards downstream, answers once every downstream datanode has. */
  writePacket: unary<PacketRequest, PipelineAck>(objectBody()),
  /** Up to READ_CALL_BYTES_MAX of a replica whose stamp is at least `genStamp`. */
  readBlock: unary<
    {
      readonly blockId: number;
      readonly genStamp: number;
      readonly offset: number;
      readonly length: number;
    },
    ReadBlockResponse
  >(objectBody()),
  replicaInfo: unary<{ readonly blockId: number }, ReplicaInfoResponse>(objectBody()),
  /**
   * Short-circuit local read: the files of a finalized replica, for a client on this host, which
   * then reads and verifies them itself (HDFS dfs.client.read.shortcircuit).
   */
  localPaths: unary<
    { readonly blockId: number; readonly genStamp: number },
    { readonly dataPath: string; readonly metaPath: string; readonly numBytes: number }
  >(objectBody()),
  /** Copies this datanode's replica (its bytes up to `block.numBytes`) to `target`. */
  copyReplica: unary<
    {
      readonly block: Block;
      readonly target: DatanodeInfo;
      readonly stage: 'transfer' | 'recover';
    },
    { readonly bytes: number }
  >(objectBody()),
  /** Block recovery, step 1 (from the primary): stop any writer, report the replica. */
  initReplicaRecovery: unary<
    { readonly block: Block; readonly newGenStamp: number },
    { readonly replica: ReplicaReport | null }
  >(objectBody()),
  /** Block recovery, step 2: truncate to `newLength`, take `newGenStamp`, finalize. */
  updateReplicaUnderRecovery: unary<
    { readonly blockId: number; readonly newGenStamp: number; readonly newLength: number },
    { readonly block: Block }
  >(objectBody()),
});
