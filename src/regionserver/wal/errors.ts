// The write-ahead log's operating errors, each with a stable code (registered for the wire).
// A closed or failed Wal refuses every append; a corrupt file is never replayed past the damage.
import { ColonnadeError, registerErrors } from '../../common/errors.js';

/** An append, sync or roll on a Wal that is closing or closed. */
export class WalClosedError extends ColonnadeError {
  static override readonly code = 'WalClosed';
}

/** A sync (or roll) failed: nothing waiting on it is acknowledged, and the Wal takes no more. */
export class WalSyncFailedError extends ColonnadeError {
  static override readonly code = 'WalSyncFailed';
}

/** A record failed its checksum or did not decode, and more data follows it in the file. */
export class WalCorruptError extends ColonnadeError {
  static override readonly code = 'WalCorrupt';
}

/** The append queue stayed full for longer than an append may wait. */
export class WalQueueFullError extends ColonnadeError {
  static override readonly code = 'WalQueueFull';
  static override readonly retriableByDefault = true;
}

/** A WAL file was still open for writing when lease recovery's time ran out. */
export class WalLeaseRecoveryTimeoutError extends ColonnadeError {
  static override readonly code = 'WalLeaseRecoveryTimeout';
  static override readonly retriableByDefault = true;
}

registerErrors(
  WalClosedError,
  WalSyncFailedError,
  WalCorruptError,
  WalQueueFullError,
  WalLeaseRecoveryTimeoutError,
);
