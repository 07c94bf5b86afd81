// `colonnade pe`'s operating errors.
import { ColonnadeError, registerErrors } from '../common/errors.js';

/** A read or scan test on a table that does not exist (HBase: "Run a write command first."). */
export class PeTableMissingError extends ColonnadeError {
  static override readonly code = 'PeTableMissing';
}

registerErrors(PeTableMissingError);
