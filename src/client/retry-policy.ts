// What the client does about an error (pure): look the region up again and retry, retry as it is,
// or give up; and how long to pause before retry n. Invariant: only errors that say the request
// was not applied, or an idempotent request, are ever retried.
import { ColonnadeError, RemoteError, TimeoutError } from '../common/errors.js';
import type { Rng } from '../common/rng.js';
import { ConnectFailedError, ConnectionClosedError, ShuttingDownError } from '../rpc/errors.js';
import { RETRY_BACKOFF, RETRY_JITTER } from './limits.js';

/**
 * relocate-server: the server did not answer; forget every region cached on it, then retry.
 * relocate-region: the server answered that the region is not (or no longer) there; forget it.
 * retry: a passing condition (busy, a row lock, no server yet); retry the same way.
 * fail: the caller's error (bad input, unknown family...); never retried.
 */
export type Recovery = 'relocate-server' | 'relocate-region' | 'retry' | 'fail';

/** Codes that mean "ask meta again": the region moved, closed, split or its server stopped. */
const RELOCATE_REGION_CODES: ReadonlySet<string> = new Set([
  'NotServingRegion',
  'WrongRegion',
  'RegionMoved',
  'RegionOpening',
  'ServerNotRunning',
  'RegionServerAborted',
  'RegionServerStopped',
  'UnknownScanner',
]);

/** The error's code, the remote one for an error this process has no class for. */
export function errorCode(error: unknown): string | undefined {
  if (error instanceof RemoteError) return error.remoteCode;
  if (error instanceof ColonnadeError) return error.code;
  return undefined;
}

/** The server could not be reached or did not answer in time (src/coord/client's rule). */
export function isConnectionFailure(error: unknown): boolean {
  return (
    error instanceof ConnectionClosedError ||
    error instanceof ConnectFailedError ||
    error instanceof TimeoutError ||
    error instanceof ShuttingDownError
  );
}

/**
 * The request may have been applied although it failed: it reached a server that then went
 * silent. Retrying a non-idempotent request (increment, append, checkAndMutate) after one of
 * these could apply it twice, so those are given up instead (HBase retries them under nonces).
 */
export function isAmbiguous(error: unknown): boolean {
  return error instanceof TimeoutError || error instanceof ConnectionClosedError;
}

export function recoveryFor(error: unknown): Recovery {
  if (isConnectionFailure(error)) return 'relocate-server';
  const code = errorCode(error);
  if (code !== undefined && RELOCATE_REGION_CODES.has(code)) return 'relocate-region';
  if (error instanceof ColonnadeError && error.retriable) return 'retry';
  return 'fail';
}

/** Whether a failed attempt may be retried: not a caller's error, and never twice applied. */
export function isRetriable(error: unknown, idempotent: boolean): boolean {
  if (recoveryFor(error) === 'fail') return false;
  return idempotent || !isAmbiguous(error);
}

/** The pause before retry `retry` (0-based): pause × RETRY_BACKOFF, plus a little jitter. */
export function backoffMs(retry: number, pauseMs: number, rng: Rng): number {
  const step = RETRY_BACKOFF[Math.min(retry, RETRY_BACKOFF.length - 1)] ?? 1;
  const base = pauseMs * step;
  return Math.round(base + base * RETRY_JITTER * rng.nextFloat());
}
