// The namenode's timing and threshold knobs, defaulting to src/dfs/limits.ts, and the namenode's own
// named limits. Invariant: a resolved tuning has every field positive (or in range) as checked here.
import { InvalidArgumentError } from '../../common/errors.js';
import {
  BLOCK_RECOVERY_TIMEOUT_MS,
  CHECKPOINT_EDITS,
  DATANODE_DEAD_MS,
  DATANODE_STALE_MS,
  HEARTBEAT_INTERVAL_MS,
  LEASE_CHECK_INTERVAL_MS,
  LEASE_HARD_LIMIT_MS,
  LEASE_SOFT_LIMIT_MS,
  REPLICATION_CHECK_INTERVAL_MS,
  REPLICATION_PENDING_TIMEOUT_MS,
  SAFE_MODE_EXTENSION_MS,
  SAFE_MODE_THRESHOLD,
} from '../limits.js';

export interface NamenodeTuning {
  /** How often datanodes heartbeat; the namenode checks liveness this often. */
  readonly heartbeatIntervalMs: number;
  readonly staleMs: number;
  readonly deadMs: number;
  readonly replicationCheckIntervalMs: number;
  readonly replicationPendingTimeoutMs: number;
  /** Fraction (0..1] of complete blocks that must have a reported replica. */
  readonly safeModeThreshold: number;
  readonly safeModeExtensionMs: number;
  readonly leaseSoftLimitMs: number;
  readonly leaseHardLimitMs: number;
  readonly leaseCheckIntervalMs: number;
  /** Edits between two checkpoints. */
  readonly checkpointEdits: number;
  readonly blockRecoveryTimeoutMs: number;
}

export const DEFAULT_NAMENODE_TUNING: NamenodeTuning = Object.freeze({
  heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
  staleMs: DATANODE_STALE_MS,
  deadMs: DATANODE_DEAD_MS,
  replicationCheckIntervalMs: REPLICATION_CHECK_INTERVAL_MS,
  replicationPendingTimeoutMs: REPLICATION_PENDING_TIMEOUT_MS,
  safeModeThreshold: SAFE_MODE_THRESHOLD,
  safeModeExtensionMs: SAFE_MODE_EXTENSION_MS,
  leaseSoftLimitMs: LEASE_SOFT_LIMIT_MS,
  leaseHardLimitMs: LEASE_HARD_LIMIT_MS,
  leaseCheckIntervalMs: LEASE_CHECK_INTERVAL_MS,
  checkpointEdits: CHECKPOINT_EDITS,
  blockRecoveryTimeoutMs: BLOCK_RECOVERY_TIMEOUT_MS,
});

// ---- The namenode's own limits ----
/** Transfer commands waiting on one datanode's queue. */
export const TRANSFERS_QUEUED_PER_DATANODE_MAX = 64;
/** Replica deletions waiting on one datanode's queue (more are re-learned from block reports). */
export const INVALIDATIONS_QUEUED_PER_DATANODE_MAX = 1_000_000;
/** Block recovery commands waiting on one datanode's queue. */
export const RECOVERIES_QUEUED_PER_DATANODE_MAX = 1_000;
/** Under-replicated blocks scheduled by one pass of the replication monitor. */
export const REPLICATION_SCHEDULED_PER_CHECK_MAX = 1_000;
/** Files whose lease one pass of the lease monitor recovers. */
export const LEASE_RECOVERIES_PER_CHECK_MAX = 1_000;
/** The lease holder of a file under lease recovery (HDFS `HDFS_NameNode`). */
export const RECOVERY_HOLDER = 'NN_Recovery';
/** How long stop() lets RPCs in flight finish. */
export const STOP_GRACE_MS = 500;
/** Problem lines in one fsck answer. */
export const FSCK_PROBLEMS_MAX = 1_000;

function positive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new InvalidArgumentError(`namenode tuning ${name} is ${value}; it must be positive`);
  }
}

/** Defaults overlaid with `overrides`, checked. */
export function resolveTuning(overrides: Partial<NamenodeTuning> = {}): NamenodeTuning {
  const tuning: NamenodeTuning = { ...DEFAULT_NAMENODE_TUNING, ...overrides };
  positive('heartbeatIntervalMs', tuning.heartbeatIntervalMs);
  positive('staleMs', tuning.staleMs);
  positive('deadMs', tuning.deadMs);
  positive('replicationCheckIntervalMs', tuning.replicationCheckIntervalMs);
  positive('replicationPendingTimeoutMs', tuning.replicationPendingTimeoutMs);
  positive('safeModeThreshold', tuning.safeModeThreshold);
  positive('leaseSoftLimitMs', tuning.leaseSoftLimitMs);
  positive('leaseHardLimitMs', tuning.leaseHardLimitMs);
  positive('leaseCheckIntervalMs', tuning.leaseCheckIntervalMs);
  positive('checkpointEdits', tuning.checkpointEdits);
  positive('blockRecoveryTimeoutMs', tuning.blockRecoveryTimeoutMs);
  if (tuning.safeModeThreshold > 1) {
    throw new InvalidArgumentError(
      `safeModeThreshold is ${tuning.safeModeThreshold}; it must be in (0, 1]`,
    );
  }
  if (!(tuning.safeModeExtensionMs >= 0)) {
    throw new InvalidArgumentError(`safeModeExtensionMs is ${tuning.safeModeExtensionMs}`);
  }
  if (tuning.staleMs > tuning.deadMs) {
    throw new InvalidArgumentError(
      `staleMs is ${tuning.staleMs}; it must not exceed deadMs (${tuning.deadMs})`,
    );
  }
  return tuning;
}
