// The store file's operating error: a file that fails a checksum, a magic, a version or a length
// check. Readers raise it instead of ever returning a wrong answer.
import { ColonnadeError, registerErrors } from '../../common/errors.js';

/** The file's bytes are not a valid store file (corrupt, truncated or of an unknown version). */
export class CorruptStoreFileError extends ColonnadeError {
  static override readonly code = 'CorruptStoreFile';
}

registerErrors(CorruptStoreFileError);
