// The client SDK's operating errors (HBase's client exceptions). Codes are stable; the retriable
// ones are what the client itself waits out (a region with no server, meta not yet located).
import { ColonnadeError, registerErrors, type ErrorOptions } from '../common/errors.js';
import type { Result } from './ops/index.js';

/** HBase TableNotFoundException: meta has no region of the table. */
export class TableNotFoundError extends ColonnadeError {
  static override readonly code = 'TableNotFound';
}

/** HBase TableNotEnabledException: the table is disabled (or being disabled). */
export class TableNotEnabledError extends ColonnadeError {
  static override readonly code = 'TableNotEnabled';
}

/**
 * HBase NoServerForRegionException: meta places the row's region on no server (it is opening,
 * closing or moving), or has no region for the row yet (a split half-recorded). Retriable.
 */
export class NoServerForRegionError extends ColonnadeError {
  static override readonly code = 'NoServerForRegion';
  static override readonly retriableByDefault = true;
}

/** The coordinator names no server for the meta region (the master has not assigned it yet). */
export class MetaLocationUnknownError extends ColonnadeError {
  static override readonly code = 'MetaLocationUnknown';
  static override readonly retriableByDefault = true;
}

/**
 * HBase RetriesExhaustedException: an operation kept failing with retriable errors until its
 * deadline or its retries ran out. The message names the attempts and the newest causes; `causes`
 * holds the newest ones (oldest first) and `cause` the last.
 */
export class RetriesExhaustedError extends ColonnadeError {
  static override readonly code = 'RetriesExhausted';
  readonly attempts: number;
  readonly causes: readonly Error[];

  constructor(
    message: string,
    options: ErrorOptions & { readonly attempts?: number; readonly causes?: readonly Error[] } = {},
  ) {
    super(message, options);
    this.attempts = options.attempts ?? 0;
    this.causes = options.causes ?? [];
  }
}

/** One failed action of a batch: its index in the request, its row and its error. */
export interface BatchFailure {
  readonly index: number;
  readonly row: Buffer;
  readonly error: Error;
}

/**
 * HBase RetriesExhaustedWithDetailsException: some actions of a batch (or of get, put or delete
 * with a list) failed. `failures` names each; `results` holds every action's outcome in request
 * order, a Result or the action's error.
 */
export class RetriesExhaustedWithDetailsError extends ColonnadeError {
  static override readonly code = 'RetriesExhaustedWithDetails';
  readonly failures: readonly BatchFailure[];
  readonly results: readonly (Result | Error)[];

  constructor(
    message: string,
    options: ErrorOptions & {
      readonly failures?: readonly BatchFailure[];
      readonly results?: readonly (Result | Error)[];
    } = {},
  ) {
    super(message, options);
    this.failures = options.failures ?? [];
    this.results = options.results ?? [];
  }
}

registerErrors(
  TableNotFoundError,
  TableNotEnabledError,
  NoServerForRegionError,
  MetaLocationUnknownError,
  RetriesExhaustedError,
  RetriesExhaustedWithDetailsError,
);
