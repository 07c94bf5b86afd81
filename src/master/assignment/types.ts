// The assignment state machine's vocabulary (HBase AMv2's region states, reduced to what the
// master needs to keep one server on each region): records as they are persisted, the events the
// master learns, and the commands it issues. Pure data; no I/O.

/** A region's state, as HBase names them (SPLITTING and MERGING come with splits). */
export type RegionState = 'OFFLINE' | 'OPENING' | 'OPEN' | 'FAILED_OPEN' | 'CLOSING' | 'CLOSED';

/** Where a region should be: serving somewhere, or closed (disabled table, deleted, merged). */
export type RegionTarget = 'online' | 'offline';

/** One region's assignment, as persisted: the next master resumes from these alone. */
export interface RegionRecord {
  /** The region's encoded name. */
  readonly region: string;
  readonly state: RegionState;
  readonly target: RegionTarget;
  /** The server it is OPENING, OPEN or CLOSING on; undefined otherwise. */
  readonly server: string | undefined;
  /** A server to open it on next (a move), if that server is live then. */
  readonly preferred: string | undefined;
  /** Failed opens in a row; FAILED_OPEN at ASSIGN_ATTEMPTS_MAX. */
  readonly attempts: number;
  /** The sequence id the region reported when it last opened (0 before any open). */
  readonly openSeqNum: number;
}

export type AssignmentEvent =
  /** Create or enable: the region should serve. */
  | { readonly kind: 'assign'; readonly region: string }
  /** Disable or delete: the region should be closed. */
  | { readonly kind: 'unassign'; readonly region: string }
  /** Close the region and open it on `to` (the balancer, or an operator). */
  | { readonly kind: 'move'; readonly region: string; readonly to: string }
  /** A region server reports a region open. */
  | {
      readonly kind: 'opened';
      readonly region: string;
      readonly server: string;
      readonly openSeqNum: number;
    }
  | { readonly kind: 'openFailed'; readonly region: string; readonly server: string }
  | { readonly kind: 'closed'; readonly region: string; readonly server: string }
  /** A region server's ephemeral node appeared. */
  | { readonly kind: 'serverOnline'; readonly server: string }
  /** A region server's ephemeral node vanished: its session expired, so it no longer serves. */
  | { readonly kind: 'serverDead'; readonly server: string }
  /** Every WAL of a dead server is split into per-region edits: its regions may open elsewhere. */
  | { readonly kind: 'walsSplit'; readonly server: string }
  /**
   * A new active master, from the persisted records and the servers live now: what was in
   * flight is sent again, and the regions of servers not live are recovered.
   */
  | { readonly kind: 'resume'; readonly live: readonly string[] };

export type AssignmentCommand =
  /** Write the record durably; the commands after it are sent only once it is written. */
  | { readonly kind: 'persist'; readonly record: RegionRecord }
  | { readonly kind: 'open'; readonly region: string; readonly server: string }
  | { readonly kind: 'close'; readonly region: string; readonly server: string }
  /** Recover the leases on the server's WALs and split them (HBase's ServerCrashProcedure). */
  | { readonly kind: 'splitWals'; readonly server: string };
