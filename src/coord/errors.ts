// The coordinator's error kinds, after ZooKeeper's KeeperException codes (`zkCode` names the
// ZooKeeper number). Each crosses the wire by its `code` and is rebuilt as its class.
import { ColonnadeError, registerErrors } from '../common/errors.js';

export class NoNodeError extends ColonnadeError {
  static override readonly code = 'NoNode';
  static readonly zkCode = -101;
}

export class NodeExistsError extends ColonnadeError {
  static override readonly code = 'NodeExists';
  static readonly zkCode = -110;
}

export class BadVersionError extends ColonnadeError {
  static override readonly code = 'BadVersion';
  static readonly zkCode = -103;
}

export class NotEmptyError extends ColonnadeError {
  static override readonly code = 'NotEmpty';
  static readonly zkCode = -111;
}

export class NoChildrenForEphemeralsError extends ColonnadeError {
  static override readonly code = 'NoChildrenForEphemerals';
  static readonly zkCode = -108;
}

/** A malformed path or argument (ZooKeeper's BADARGUMENTS). */
export class BadArgumentsError extends ColonnadeError {
  static override readonly code = 'BadArguments';
  static readonly zkCode = -8;
}

/** The session is gone (expired or closed); the client must start a new one. */
export class SessionExpiredError extends ColonnadeError {
  static override readonly code = 'SessionExpired';
  static readonly zkCode = -112;
}

/** A multi op after the one that failed: nothing was applied. */
export class RuntimeInconsistencyError extends ColonnadeError {
  static override readonly code = 'RuntimeInconsistency';
  static readonly zkCode = -2;
}

/** The member lost its connection to the leader or the outcome is unknown; retry elsewhere. */
export class ConnectionLossError extends ColonnadeError {
  static override readonly code = 'ConnectionLoss';
  static override readonly retriableByDefault = true;
  static readonly zkCode = -4;
}

/** This member is not the Raft leader (peer-internal; clients never see it). */
export class NotLeaderError extends ColonnadeError {
  static override readonly code = 'NotLeader';
  static override readonly retriableByDefault = true;
}

export class UnimplementedError extends ColonnadeError {
  static override readonly code = 'Unimplemented';
  static readonly zkCode = -6;
}

registerErrors(
  NoNodeError,
  NodeExistsError,
  BadVersionError,
  NotEmptyError,
  NoChildrenForEphemeralsError,
  BadArgumentsError,
  SessionExpiredError,
  RuntimeInconsistencyError,
  ConnectionLossError,
  NotLeaderError,
  UnimplementedError,
);
