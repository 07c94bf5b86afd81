// The read path's operating errors, with HBase's names. Codes are stable: clients branch on them.
import { ColonnadeError, registerErrors } from '../../common/errors.js';

/** HBase RowTooBigException: one row's cells exceed ROW_RESULT_BYTES_MAX. Not retriable. */
export class RowTooBigError extends ColonnadeError {
  static override readonly code = 'RowTooBig';
}

registerErrors(RowTooBigError);
