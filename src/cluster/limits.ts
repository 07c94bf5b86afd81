// The cluster runners' named limits: how many daemons of each role, and how long each wait may
// last. Every wait of MiniCluster and of `colonnade cluster up/down` is bounded by one of these.

// ---- How many of each role ----
/** Coordinator members (a Raft ensemble; ENSEMBLE_MEMBERS_MAX in common/limits.ts is 7 too). */
export const COORDINATORS_MAX = 7;
/** Datanodes of one local cluster. */
export const DATANODES_MAX = 16;
/** Masters (one active, the others backups). */
export const MASTERS_MAX = 5;
/** Region servers of one local cluster. */
export const REGION_SERVERS_MAX = 32;

/** `colonnade cluster up`'s defaults (CONTRACT.md). */
export const UP_COORDINATORS_DEFAULT = 3;
export const UP_DATANODES_DEFAULT = 3;
export const UP_MASTERS_DEFAULT = 2;
export const UP_REGION_SERVERS_DEFAULT = 3;

/** The replication of WALs and store files is at most this (HDFS's default), else the datanodes. */
export const CLUSTER_REPLICATION_MAX = 3;

// ---- Waits while starting ----
/** A coordinator ensemble elects a leader and grants a session. */
export const COORD_QUORUM_WAIT_MS = 30_000;
/** The namenode counts every datanode live and has left safe mode. */
export const DATANODES_LIVE_WAIT_MS = 30_000;
/** A master becomes active (meta open) and counts every region server. */
export const ACTIVE_MASTER_WAIT_MS = 60_000;
/** A spawned daemon prints its `colonnade ready` line. */
export const DAEMON_READY_WAIT_MS = 30_000;
/** How often a wait above checks again. */
export const READY_POLL_MS = 50;
/**
 * The young generation's floor for every daemon, in MiB per semi-space (V8's
 * `--min-semi-space-size`; its default ceiling on 64-bit is 16). Left at V8's floor, an idle
 * daemon's young generation shrinks to 1 MiB, and the first second of load after the idle spell
 * runs 5–10 times as many scavenges (each paying for the roots and the old-to-new slots of a big
 * heap) until it grows back. See docs/benchmarks.md, the session of 15:51 on 2026-11-24.
 */
export const DAEMON_YOUNG_GENERATION_MIB = 16;
/**
 * A daemon found gone (a zombie, or reaped) gets this long for its `exit` event to bring its code
 * or signal to the launcher before the launcher reports it as just "exited".
 */
export const EXIT_REPORT_WAIT_MS = 2_000;
/** How often `cluster up` asks the master for its status. */
export const CLUSTER_STATUS_POLL_MS = 200;
/** One status call of `cluster up` (the Admin's own retries are bounded by it too). */
export const CLUSTER_STATUS_CALL_MS = 5_000;

// ---- Waits while stopping ----
/** A daemon given SIGTERM gets this long to stop cleanly before SIGKILL. */
export const STOP_GRACE_MS = 20_000;
/** When `up` fails, how long the daemons it started get to stop before SIGKILL. */
export const ROLLBACK_GRACE_MS = 5_000;
/** After SIGKILL, how long until the process must be gone. */
export const KILL_WAIT_MS = 5_000;
/** How often a stop checks whether processes are gone. */
export const EXIT_POLL_MS = 50;
/** One role's stop inside MiniCluster.shutdown (then it moves on to the next). */
export const MINI_STOP_STEP_MS = 30_000;

// ---- Files ----
/** cluster.json larger than this is refused as not ours. */
export const CLUSTER_FILE_BYTES_MAX = 1024 * 1024;
/** Lines of a failed daemon's log printed by `cluster up`. */
export const LOG_TAIL_LINES = 20;
/** Bytes read from the end of a log for that tail. */
export const LOG_TAIL_BYTES = 16 * 1024;
/** Bytes of a daemon's log read while looking for its ready line. */
export const READY_SCAN_BYTES_MAX = 1024 * 1024;

// ---- Ports ----
/** Ports picked up front (coordinator peers) come from [this, the ephemeral range's floor). */
export const PICKED_PORT_FLOOR = 20_000;
/** The ephemeral range's floor when /proc does not tell it (Linux's default). */
export const EPHEMERAL_PORT_FLOOR_DEFAULT = 32_768;
/** Tries to find free ports before giving up. */
export const PORT_PICK_ATTEMPTS_MAX = 1_000;
