// The master's bounds on its calls to region servers.

/** An open replays the region's recovered edits and flushes them: allow for that. */
export const REGION_OPEN_CALL_TIMEOUT_MS = 120_000;
/** A close flushes the region's memstore. */
export const REGION_CLOSE_CALL_TIMEOUT_MS = 120_000;
/** A read or write of the meta region. */
export const META_CALL_TIMEOUT_MS = 30_000;
/** Rows of meta per scanner call when the master reads it whole. */
export const META_SCAN_ROWS_PER_CALL = 1_000;
/** How long createTable waits for its regions to open before it answers. */
export const CREATE_TABLE_WAIT_MS = 60_000;
/** How long a newly active master waits for meta to open before it gives up. */
export const META_ONLINE_WAIT_MS = 120_000;
/** How often the master polls while it waits for regions to open. */
export const ASSIGNMENT_POLL_MS = 50;
/** Split keys of one createTable (HBase has no hard limit; regions are costly). */
export const SPLIT_KEYS_MAX = 10_000;
/** The pause before a failed write of a meta row is tried again. */
export const META_SYNC_RETRY_PAUSE_MS = 200;
/** Tries of a master that won the election to take over; then it resigns for another. */
export const ACTIVATION_ATTEMPTS_MAX = 5;
/** The pause between those tries. */
export const ACTIVATION_RETRY_PAUSE_MS = 1_000;
/** How long a move waits for its region to open on the new server before it answers. */
export const MOVE_WAIT_MS = 60_000;
/** A region server's flush or compaction of one region, called by the master. */
export const REGION_ADMIN_CALL_TIMEOUT_MS = 300_000;
/** A region server's split of one region (flush, close, rewrite of both halves). */
export const REGION_SPLIT_CALL_TIMEOUT_MS = 600_000;
/** How long a split or merge waits for its new regions to open before it answers. */
export const SPLIT_OPEN_WAIT_MS = 60_000;
/** Splits and merges in flight at once (each holds its regions out of service). */
export const REGION_PROCEDURES_MAX = 16;
/** Tries of a split's or merge's one meta write (past the point of no return) before giving up. */
export const META_WRITE_ATTEMPTS_MAX = 10;
