// The transport's operating errors. Each crosses the wire by its code and is rebuilt as
// the same class on the other side (see common/errors.ts).
import { ColonnadeError, registerErrors } from '../common/errors.js';

/** The connection carrying a call closed before its answer came. The call may be retried. */
export class ConnectionClosedError extends ColonnadeError {
  static override readonly code = 'ConnectionClosed';
  static override readonly retriableByDefault = true;
}

/** No connection could be made to the remote address. */
export class ConnectFailedError extends ColonnadeError {
  static override readonly code = 'ConnectFailed';
  static override readonly retriableByDefault = true;
}

/** A frame over FRAME_BYTES_MAX, sent or received. */
export class FrameTooLargeError extends ColonnadeError {
  static override readonly code = 'FrameTooLarge';
}

/** Bytes that are not a valid frame or message: the connection is closed. */
export class ProtocolError extends ColonnadeError {
  static override readonly code = 'ProtocolError';
}

/** A request whose body does not have the method's shape. */
export class MalformedMessageError extends ColonnadeError {
  static override readonly code = 'MalformedMessage';
}

export class UnknownMethodError extends ColonnadeError {
  static override readonly code = 'UnknownMethod';
}

/** Too many calls queued on the caller's side; back off and retry. */
export class ServerBusyError extends ColonnadeError {
  static override readonly code = 'ServerBusy';
  static override readonly retriableByDefault = true;
}

/** The server is shutting down; retry elsewhere or later. */
export class ShuttingDownError extends ColonnadeError {
  static override readonly code = 'ShuttingDown';
  static override readonly retriableByDefault = true;
}

/** The caller gave up on the call (an aborted signal or an abandoned stream). */
export class CancelledError extends ColonnadeError {
  static override readonly code = 'Cancelled';
}

/** The client was closed while the call was pending. */
export class ClientClosedError extends ColonnadeError {
  static override readonly code = 'ClientClosed';
}

registerErrors(
  ConnectionClosedError,
  ConnectFailedError,
  FrameTooLargeError,
  ProtocolError,
  MalformedMessageError,
  UnknownMethodError,
  ServerBusyError,
  ShuttingDownError,
  CancelledError,
  ClientClosedError,
);
