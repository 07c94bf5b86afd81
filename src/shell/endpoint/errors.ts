// The endpoint's operating error: a client message it cannot take (not JSON, an unknown type, a
// missing field, too large). It is answered with an `error` message; the session carries on.
import { ColonnadeError, registerErrors } from '../../common/errors.js';

/** A WebSocket message that breaks the shell protocol (protocol.ts); the message says how. */
export class ShellProtocolError extends ColonnadeError {
  static override readonly code = 'ShellProtocol';
}

registerErrors(ShellProtocolError);
