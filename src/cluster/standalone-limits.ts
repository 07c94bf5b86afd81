// Standalone mode's named limits and defaults: the anchors' ports, how long a stop may take, and
// the sizes of the small files it keeps in its data directory.

/** The ports `colonnade start` serves on by default (HBase, HDFS and ZooKeeper's own). */
export const STANDALONE_PORTS_DEFAULT = Object.freeze({
  coord: 2181,
  namenode: 8020,
  master: 16_000,
  http: 16_010,
  regionServer: 16_020,
});

/** The whole clean stop (shell, region server flush, every role) before the process gives up. */
export const STANDALONE_STOP_MS = 30_000;
/** After a stop has returned, how long the process may take to exit before it is made to. */
export const STANDALONE_EXIT_GRACE_MS = 3_000;
/** Safe mode's extension once the one datanode has reported: none (no other datanode will come). */
export const STANDALONE_SAFE_MODE_EXTENSION_MS = 0;
/** The lock file and endpoints.json larger than this are not ours. */
export const STANDALONE_FILE_BYTES_MAX = 64 * 1024;
/** Tries to take the lock (a stale one is removed between two). */
export const LOCK_ATTEMPTS_MAX = 3;
