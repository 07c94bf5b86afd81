// The assignment layer's operating errors, with stable codes.
import { ColonnadeError, registerErrors } from '../../common/errors.js';

/** A persisted assignment record that cannot be read back. */
export class CorruptAssignmentError extends ColonnadeError {
  static override readonly code = 'CorruptAssignment';
}

registerErrors(CorruptAssignmentError);
