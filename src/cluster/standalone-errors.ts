// Standalone mode's operating errors: a data directory another live `colonnade start` holds, a lock
// or endpoints file that is not ours, a port already taken, a standalone whose region server aborted.
import { ColonnadeError, registerErrors } from '../common/errors.js';

/** `colonnade start` on a data directory whose lock names a process that still runs. */
export class StandaloneRunningError extends ColonnadeError {
  static override readonly code = 'StandaloneRunning';
}

/** The lock file or endpoints.json exists but is not one this version wrote. */
export class StandaloneFileError extends ColonnadeError {
  static override readonly code = 'InvalidStandaloneFile';
}

/** The standalone's region server aborted (its WAL failed, its session expired): it stopped. */
export class StandaloneAbortedError extends ColonnadeError {
  static override readonly code = 'StandaloneAborted';
}

/** A port standalone mode must serve on is taken (another Colonnade, ZooKeeper, HDFS, HBase...). */
export class PortInUseError extends ColonnadeError {
  static override readonly code = 'PortInUse';
}

registerErrors(StandaloneRunningError, StandaloneFileError, StandaloneAbortedError, PortInUseError);
