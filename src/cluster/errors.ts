// The cluster runners' operating errors: a directory that already holds a live cluster, one that
// holds none, a cluster.json that is not ours, a daemon that failed to start.
import { ColonnadeError, registerErrors } from '../common/errors.js';

/** `cluster up` on a directory whose cluster.json names a daemon that is still running. */
export class ClusterRunningError extends ColonnadeError {
  static override readonly code = 'ClusterRunning';
}

/** `cluster down` (or a status read) on a directory with no running cluster. */
export class NoClusterError extends ColonnadeError {
  static override readonly code = 'NoCluster';
}

/** cluster.json exists but is not a cluster file this version wrote (or is too large). */
export class ClusterFileError extends ColonnadeError {
  static override readonly code = 'InvalidClusterFile';
}

/** A daemon did not serve (it exited, or printed no ready line in time); the rest were stopped. */
export class ClusterStartError extends ColonnadeError {
  static override readonly code = 'ClusterStartFailed';
}

/** A daemon could not be stopped, even with SIGKILL, within the bounded wait. */
export class ClusterStopError extends ColonnadeError {
  static override readonly code = 'ClusterStopFailed';
}

registerErrors(
  ClusterRunningError,
  NoClusterError,
  ClusterFileError,
  ClusterStartError,
  ClusterStopError,
);
