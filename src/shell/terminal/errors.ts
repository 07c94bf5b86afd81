// The terminal client's operating errors: the shell endpoint cannot be reached or went away, and
// an input failed in a non-interactive run (exit status 1; its ERROR lines were already printed).
import { ColonnadeError, registerErrors } from '../../common/errors.js';

/** Connecting to the shell endpoint failed, or the connection ended; the message says why. */
export class ShellConnectionError extends ColonnadeError {
  static override readonly code = 'ShellConnection';
}

/** A command of a script or of `-e` failed; the commands after it were not run. */
export class ShellInputFailedError extends ColonnadeError {
  static override readonly code = 'ShellInputFailed';
}

registerErrors(ShellConnectionError, ShellInputFailedError);
