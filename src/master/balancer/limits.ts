// The balancer's and the load tracker's bounds and periods, each with its unit (HBase's defaults
// where HBase has one). Zero never means unlimited.

/** How often the balancer runs by itself (HBase's hbase.balancer.period). */
export const BALANCER_PERIOD_MS = 300_000;
/**
 * HBase's hbase.regions.slop (a fraction of the average): no balancing while every server holds
 * between floor(avg × (1 − slop)) and ceil(avg × (1 + slop)) regions.
 */
export const BALANCER_SLOP_FRACTION = 0.2;
/** Region moves of one balancer run in flight at once (each closes and reopens a region). */
export const BALANCER_MOVES_IN_FLIGHT_MAX = 4;
/** Moves one run starts at most; a larger plan is finished by the runs after it. */
export const BALANCER_MOVES_PER_RUN_MAX = 1_000;
/** How often the master asks every live region server for its status (HBase: 3 s reports). */
export const LOAD_POLL_MS = 3_000;
/** One status call to one region server. */
export const LOAD_STATUS_CALL_TIMEOUT_MS = 2_000;
