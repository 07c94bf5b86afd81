// The block filesystem's error kinds, after HDFS's exceptions. Each crosses the wire by its `code`
// and is rebuilt as its class (registered below).
import { ColonnadeError, registerErrors } from '../common/errors.js';

/** A malformed path: not absolute, `.` or `..` segments, empty segments, too long. */
export class InvalidPathError extends ColonnadeError {
  static override readonly code = 'InvalidPath';
}

export class FileNotFoundError extends ColonnadeError {
  static override readonly code = 'FileNotFound';
}

export class FileAlreadyExistsError extends ColonnadeError {
  static override readonly code = 'FileAlreadyExists';
}

/** A path's parent is a file, or an operation that needs a file met a directory (or back). */
export class NotDirectoryError extends ColonnadeError {
  static override readonly code = 'NotDirectory';
}

export class IsDirectoryError extends ColonnadeError {
  static override readonly code = 'IsDirectory';
}

export class DirectoryNotEmptyError extends ColonnadeError {
  static override readonly code = 'DirectoryNotEmpty';
}

/** Another client holds the file's lease (HDFS AlreadyBeingCreatedException). */
export class LeaseConflictError extends ColonnadeError {
  static override readonly code = 'LeaseConflict';
}

/**
 * The writer no longer holds the file: its lease was recovered, or its block's generation stamp
 * moved on. The writer is fenced and must stop (HDFS LeaseExpiredException and stale-GS errors).
 */
export class FencedError extends ColonnadeError {
  static override readonly code = 'Fenced';
}

/** The namenode is in safe mode: the namespace is read-only (HDFS SafeModeException). */
export class SafeModeError extends ColonnadeError {
  static override readonly code = 'SafeMode';
  static override readonly retriableByDefault = true;
}

/** Bytes did not match their CRC32C (HDFS ChecksumException). */
export class ChecksumError extends ColonnadeError {
  static override readonly code = 'Checksum';
}

/** No live, uncorrupted replica of a block could be read (HDFS BlockMissingException). */
export class BlockMissingError extends ColonnadeError {
  static override readonly code = 'BlockMissing';
}

/** Too few live datanodes to build a pipeline (HDFS "could only be written to 0 nodes"). */
export class NotEnoughReplicasError extends ColonnadeError {
  static override readonly code = 'NotEnoughReplicas';
  static override readonly retriableByDefault = true;
}

/** The previous block is not yet at its minimum replication; the caller retries. */
export class NotReplicatedYetError extends ColonnadeError {
  static override readonly code = 'NotReplicatedYet';
  static override readonly retriableByDefault = true;
}

/** A read starting past the end of a file, or a seek to a negative position. */
export class ReadPastEndError extends ColonnadeError {
  static override readonly code = 'ReadPastEnd';
}

/** A write, flush or read on a stream already closed. */
export class StreamClosedError extends ColonnadeError {
  static override readonly code = 'StreamClosed';
}

/** A datanode has no replica of the block (or not at this generation stamp). */
export class ReplicaNotFoundError extends ColonnadeError {
  static override readonly code = 'ReplicaNotFound';
}

/** A replica exists but is in the wrong state for the request (e.g. a write to a finalized one). */
export class ReplicaStateError extends ColonnadeError {
  static override readonly code = 'ReplicaState';
}

/** A datanode the namenode does not know (it must register again). */
export class UnregisteredDatanodeError extends ColonnadeError {
  static override readonly code = 'UnregisteredDatanode';
  static override readonly retriableByDefault = true;
}

/** The write pipeline failed and could not be recovered within PIPELINE_RECOVERIES_MAX. */
export class PipelineError extends ColonnadeError {
  static override readonly code = 'Pipeline';
}

registerErrors(
  InvalidPathError,
  FileNotFoundError,
  FileAlreadyExistsError,
  NotDirectoryError,
  IsDirectoryError,
  DirectoryNotEmptyError,
  LeaseConflictError,
  FencedError,
  SafeModeError,
  ChecksumError,
  BlockMissingError,
  NotEnoughReplicasError,
  NotReplicatedYetError,
  ReadPastEndError,
  StreamClosedError,
  ReplicaNotFoundError,
  ReplicaStateError,
  UnregisteredDatanodeError,
  PipelineError,
);
