// The `meta` codec's operating error: a meta row key or cell value that does not decode, or whose
// fields disagree. The message names the row and the field; it is never retried (it stays corrupt).
import { ColonnadeError, registerErrors } from '../../common/errors.js';

/** A meta row key or cell that is malformed: the message names the row and the field. */
export class CorruptMetaError extends ColonnadeError {
  static override readonly code = 'CorruptMeta';
}

registerErrors(CorruptMetaError);
