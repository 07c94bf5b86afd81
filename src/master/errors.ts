// The master's operating errors, with HBase's names where HBase has one.
import { ColonnadeError, registerErrors } from '../common/errors.js';

/** HBase's NotAllMetaRegionsOnlineException: meta is not served yet. Retriable. */
export class MetaNotOnlineError extends ColonnadeError {
  static override readonly code = 'MetaNotOnline';
  static override readonly retriableByDefault = true;
}

/** HBase's PleaseHoldException / not the active master: ask the active one. Retriable. */
export class MasterNotActiveError extends ColonnadeError {
  static override readonly code = 'MasterNotActive';
  static override readonly retriableByDefault = true;
}

/** HBase's TableExistsException. */
export class TableExistsError extends ColonnadeError {
  static override readonly code = 'TableExists';
}

/** HBase's TableNotDisabledException: the operation needs the table disabled first. */
export class TableNotDisabledError extends ColonnadeError {
  static override readonly code = 'TableNotDisabled';
}

registerErrors(MetaNotOnlineError, MasterNotActiveError, TableExistsError, TableNotDisabledError);
