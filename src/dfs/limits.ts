// The block filesystem's named limits and defaults, shared by the namenode, datanodes and client.
// Units are last in every name. Zero never means unlimited.
const KiB = 1024;
const MiB = 1024 * KiB;

// ---- Data layout ----
/** Bytes covered by one CRC32C (HDFS `dfs.bytes-per-checksum`). */
export const CHUNK_BYTES = 512;
/** Bytes of one chunk checksum (CRC32C). */
export const CHECKSUM_BYTES = 4;
/** Data bytes of one write packet (HDFS `dfs.client-write-packet-size`, 64 KiB). */
export const PACKET_BYTES = 256 * KiB;
/** Default block size: 128 MiB, as HDFS. */
export const BLOCK_BYTES_DEFAULT = 128 * MiB;
export const BLOCK_BYTES_MIN = CHUNK_BYTES;
export const BLOCK_BYTES_MAX = 1024 * MiB;
/** Default replication factor. */
export const REPLICATION_DEFAULT = 3;
export const REPLICATION_MAX = 32;

// ---- Namespace ----
/** A path's UTF-8 length (HDFS: 8000 characters). */
export const PATH_BYTES_MAX = 8_000;
/** One path component's UTF-8 length (HDFS `dfs.namenode.fs-limits.max-component-length`). */
export const PATH_COMPONENT_BYTES_MAX = 255;
/** Path depth (HDFS: 1000). */
export const PATH_DEPTH_MAX = 1_000;
/** Entries of one directory (HDFS `max-directory-items`). */
export const DIRECTORY_ENTRIES_MAX = 1_048_576;
/** Entries in one listing answer; longer listings page with `startAfter`. */
export const LISTING_ENTRIES_MAX = 1_000;
/** Blocks in one file. */
export const FILE_BLOCKS_MAX = 1_048_576;
/** Entries removed by one recursive delete. */
export const DELETE_ENTRIES_MAX = 1_000_000;
/** First block id and generation stamp handed out (HDFS starts at 1073741825 and 1001). */
export const BLOCK_ID_FIRST = 1_073_741_825;
export const GENERATION_STAMP_FIRST = 1_001;

// ---- Datanodes, heartbeats, replication ----
/** How often a datanode heartbeats (HDFS: 3 s). */
export const HEARTBEAT_INTERVAL_MS = 1_000;
/** Silent this long, a datanode is avoided for new pipelines and reads go elsewhere first. */
export const DATANODE_STALE_MS = 4_000;
/** Silent this long, a datanode is dead and its blocks are re-replicated (HDFS: 10.5 min). */
export const DATANODE_DEAD_MS = 10_000;
/** How often the namenode looks for under- and over-replicated blocks. */
export const REPLICATION_CHECK_INTERVAL_MS = 1_000;
/** A scheduled replica transfer not reported within this is scheduled again. */
export const REPLICATION_PENDING_TIMEOUT_MS = 15_000;
/** Transfer commands handed to one datanode per heartbeat. */
export const REPLICATION_COMMANDS_PER_HEARTBEAT_MAX = 8;
/** Block deletions handed to one datanode per heartbeat. */
export const INVALIDATE_BLOCKS_PER_HEARTBEAT_MAX = 1_000;
/** Datanodes registered at once. */
export const DATANODES_MAX = 10_000;
/** Replicas in one block report answer or incremental report. */
export const BLOCK_REPORT_BLOCKS_MAX = 1_000_000;
/** How often a datanode sends a full block report (HDFS: 6 h; incremental reports between). */
export const BLOCK_REPORT_INTERVAL_MS = 60 * 60 * 1000;
/** How often a datanode's scanner verifies one replica's checksums. */
export const BLOCK_SCAN_INTERVAL_MS = 5_000;
/** Bytes per second the scanner reads at most. */
export const BLOCK_SCAN_BYTES_PER_SECOND_MAX = 64 * MiB;

// ---- Safe mode ----
/** Fraction of complete blocks that must have a reported replica to leave safe mode. */
export const SAFE_MODE_THRESHOLD = 0.999;
/** After the threshold is reached, safe mode lasts this much longer (HDFS: 30 s). */
export const SAFE_MODE_EXTENSION_MS = 3_000;

// ---- Leases ----
/** After this without renewal another client may take the file over (HDFS: 60 s). */
export const LEASE_SOFT_LIMIT_MS = 30_000;
/** After this without renewal the namenode recovers the file itself (HDFS: 20 min). */
export const LEASE_HARD_LIMIT_MS = 5 * 60 * 1000;
/** A client renews its lease this often while it has a file open. */
export const LEASE_RENEW_INTERVAL_MS = 5_000;
/** How often the namenode checks for expired leases. */
export const LEASE_CHECK_INTERVAL_MS = 1_000;
/** A block recovery not reported within this is started again with a new generation stamp. */
export const BLOCK_RECOVERY_TIMEOUT_MS = 10_000;

// ---- Edit log ----
/** Edits between two checkpoints (HDFS: 1,000,000 or an hour). */
export const CHECKPOINT_EDITS = 100_000;
/** Edits written in one synced batch (group commit). */
export const EDIT_BATCH_MAX = 1_024;
/** Namespace entries per checkpoint record. */
export const CHECKPOINT_ENTRIES_PER_RECORD = 1_000;

// ---- Client ----
/** Packets sent and not yet acknowledged by the whole pipeline (HDFS: 80). */
export const PACKETS_IN_FLIGHT_MAX = 32;
/**
 * Packet buffers a process keeps for reuse once acknowledged (client/packet-buffers.ts): two
 * pipelines' windows, 16 MiB (a region server's WAL and a flush at once).
 */
export const PACKET_BUFFERS_POOLED_MAX = 2 * PACKETS_IN_FLIGHT_MAX;
/** Pipeline recoveries of one block before the stream fails (HDFS: 5). */
export const PIPELINE_RECOVERIES_MAX = 5;
/** Bytes asked of a datanode in one read call. */
export const READ_CALL_BYTES_MAX = 1 * MiB;
/** Read calls ahead of the reader. */
export const READS_AHEAD_MAX = 4;
/** Attempts of one read across replicas (each replica once, then a fresh location lookup). */
export const READ_ATTEMPTS_MAX = 6;
/** Attempts of addBlock while the previous block waits for its minimum replication. */
export const ADD_BLOCK_ATTEMPTS_MAX = 10;
export const ADD_BLOCK_RETRY_DELAY_MS = 100;
/** Polls of complete() while the last block waits for its replicas to report. */
export const COMPLETE_ATTEMPTS_MAX = 50;
export const COMPLETE_RETRY_DELAY_MS = 50;
/** Deadline of one packet's acknowledgement from the whole pipeline. */
export const PACKET_ACK_TIMEOUT_MS = 30_000;
/** Deadline of one namenode call from the client. */
export const NAMENODE_CALL_TIMEOUT_MS = 30_000;
/** Deadline of one datanode call (setup, read) from a client or another datanode. */
export const DATANODE_CALL_TIMEOUT_MS = 30_000;
