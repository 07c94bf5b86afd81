// The block filesystem's shared vocabulary: blocks, replicas, datanodes, file status, located
// blocks, and the commands the namenode hands to datanodes on heartbeat answers.

/** A block as the namenode and datanodes name it. `numBytes` is what the sender knows. */
export interface Block {
  readonly blockId: number;
  /** Only ever increases: on append, pipeline recovery and lease recovery. */
  readonly genStamp: number;
  readonly numBytes: number;
}

/** A datanode as clients and other datanodes reach it. */
export interface DatanodeInfo {
  /** Stable across restarts (kept in the datanode's data directory). */
  readonly datanodeId: string;
  /** `HOST:PORT` of its DatanodeService. */
  readonly address: string;
}

/** The state of one replica on a datanode (HDFS's replica states). */
export type ReplicaState =
  /** Complete and immutable until an append. */
  | 'finalized'
  /** Being written by a pipeline. */
  | 'rbw'
  /** A replica that was being written when its datanode restarted; waits for recovery. */
  | 'rwr'
  /** Under lease (block) recovery. */
  | 'rur'
  /** Being received for re-replication; dropped if the datanode restarts. */
  | 'temporary';

export interface ReplicaReport {
  readonly blockId: number;
  readonly genStamp: number;
  readonly numBytes: number;
  readonly state: ReplicaState;
}

export type FileType = 'file' | 'directory';

/** `stat`/`ls` of one path (HDFS HdfsFileStatus). */
export interface FileStatus {
  readonly path: string;
  readonly type: FileType;
  /** For a file still being written: the bytes of its complete blocks only (as HDFS). */
  readonly length: number;
  readonly replication: number;
  readonly blockBytes: number;
  readonly modificationTimeMs: number;
  /** A file with a writer (its lease holder), or null. */
  readonly underConstruction: boolean;
  readonly children: number;
}

/** A block with the datanodes holding it, best first (live and uncorrupted before the rest). */
export interface LocatedBlock {
  readonly block: Block;
  /** Byte offset of the block in its file. */
  readonly offset: number;
  readonly locations: readonly DatanodeInfo[];
  /** Every known replica is corrupt: readers try them anyway, then fail with Checksum. */
  readonly corrupt: boolean;
}

export interface LocatedBlocks {
  /**
   * Bytes in complete blocks. For a file being written, a last block that is not yet complete
   * is left out of `fileLength` and `blocks` (as HDFS) and comes in `lastBlock`.
   */
  readonly fileLength: number;
  readonly blocks: readonly LocatedBlock[];
  readonly underConstruction: boolean;
  /**
   * The file's last block (also for a closed file). For a file being written, readers ask one of
   * its datanodes for its readable length (the namenode does not learn lengths on hflush).
   */
  readonly lastBlock: LocatedBlock | null;
  readonly lastBlockComplete: boolean;
}

/** Instructions riding on heartbeat answers (the namenode never calls datanodes). */
export type DatanodeCommand =
  /** Copy a finalized replica to `targets` (re-replication). */
  | { readonly kind: 'transfer'; readonly block: Block; readonly targets: readonly DatanodeInfo[] }
  /** Delete these replicas (surplus, corrupt, or of deleted files). */
  | { readonly kind: 'invalidate'; readonly blocks: readonly Block[] }
  /**
   * Be the primary of a block recovery: collect the replicas' state from `replicas` (this
   * datanode among them), settle on the shortest valid length, move every replica to `newGenStamp`
   * and that length, then report with `commitBlockSynchronization`.
   */
  | {
      readonly kind: 'recover';
      readonly block: Block;
      readonly newGenStamp: number;
      readonly replicas: readonly DatanodeInfo[];
    }
  /** The namenode does not know this datanode (it restarted): register and report again. */
  | { readonly kind: 'register' };

/** A datanode's capacity figures, sent with every heartbeat. */
export interface DatanodeUsage {
  readonly capacityBytes: number;
  readonly usedBytes: number;
  readonly remainingBytes: number;
  /** Pipelines and transfers in progress. */
  readonly activeTransfers: number;
}

/** One row of `colonnade fs report`. */
export interface DatanodeReport extends DatanodeInfo, DatanodeUsage {
  readonly state: 'live' | 'stale' | 'dead';
  readonly lastHeartbeatAgoMs: number;
  readonly blocks: number;
}

/** `colonnade fs fsck PATH`. */
export interface FsckReport {
  readonly path: string;
  readonly files: number;
  readonly directories: number;
  readonly totalBytes: number;
  readonly blocks: number;
  readonly replicas: number;
  readonly underReplicatedBlocks: number;
  readonly overReplicatedBlocks: number;
  readonly corruptBlocks: number;
  readonly missingBlocks: number;
  readonly openFiles: number;
  readonly healthy: boolean;
  /** One line per problem block, e.g. `/a/f blk_1073741825_1001: 1 of 3 live replicas`. */
  readonly problems: readonly string[];
}
