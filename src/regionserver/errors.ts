// The region server's operating errors, with HBase's names where HBase has one. Codes are stable:
// clients branch on them (RegionTooBusy and NotServingRegion are retriable).
import { ColonnadeError, registerErrors } from '../common/index.js';

/** HBase RegionTooBusyException: memstore above its blocking size or too many store files. */
export class RegionTooBusyError extends ColonnadeError {
  static override readonly code = 'RegionTooBusy';
  static override readonly retriableByDefault = true;
}

/** HBase NoSuchColumnFamilyException. */
export class NoSuchColumnFamilyError extends ColonnadeError {
  static override readonly code = 'NoSuchColumnFamily';
}

/** HBase NotServingRegionException: the region is closed, closing, or not here. */
export class NotServingRegionError extends ColonnadeError {
  static override readonly code = 'NotServingRegion';
  static override readonly retriableByDefault = true;
}

/** HBase WrongRegionException: the row is outside the region's key range. */
export class WrongRegionError extends ColonnadeError {
  static override readonly code = 'WrongRegion';
}

/** A row lock was not granted within ROW_LOCK_WAIT_MS. */
export class RowLockTimeoutError extends ColonnadeError {
  static override readonly code = 'RowLockTimeout';
  static override readonly retriableByDefault = true;
}

/** HBase DoNotRetryIOException for increment/append on a cell of the wrong shape. */
export class InvalidMutationError extends ColonnadeError {
  static override readonly code = 'InvalidMutation';
}

/**
 * HBase UnknownScannerException: the scanner id is not open here (its lease expired, its region
 * closed or moved, or it never existed). The client reopens the scan after the last row it got.
 */
export class UnknownScannerError extends ColonnadeError {
  static override readonly code = 'UnknownScanner';
}

/** HBase ServerNotRunningYetException: the region server is starting, stopping or aborted. */
export class ServerNotRunningError extends ColonnadeError {
  static override readonly code = 'ServerNotRunning';
  static override readonly retriableByDefault = true;
}

/** HBase's RegionServerAbortedException: the server stopped serving (session expired, WAL failed). */
export class RegionServerAbortedError extends ColonnadeError {
  static override readonly code = 'RegionServerAborted';
}

registerErrors(
  RegionServerAbortedError,
  ServerNotRunningError,
  UnknownScannerError,
  RegionTooBusyError,
  NoSuchColumnFamilyError,
  NotServingRegionError,
  WrongRegionError,
  RowLockTimeoutError,
  InvalidMutationError,
);
