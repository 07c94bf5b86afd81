// The master's operating errors, with HBase's names where HBase has one.
import { ColonnadeError, registerErrors } from '../common/errors.js';

/** HBase's NotAllMetaRegionsOnlineException: meta is not served yet. Retriable. */
export class MetaNotOnlineError extends ColonnadeError {
  static override readonly code = 'MetaNotOnline';
  static override readonly retriableByDefault = true;
}

/** HBase's PleaseHoldException / not the active master: ask the active one. Retriable. */
export class MasterNotActiveError extends ColonnadeError {
  static override readonly code = 'MasterNotActive';
  static override readonly retriableByDefault = true;
}

/** HBase's TableExistsException. */
export class TableExistsError extends ColonnadeError {
  static override readonly code = 'TableExists';
}

/** HBase's TableNotDisabledException: the operation needs the table disabled first. */
export class TableNotDisabledError extends ColonnadeError {
  static override readonly code = 'TableNotDisabled';
}

/** HBase's UnknownRegionException: no region of that name in the catalog. */
export class UnknownRegionError extends ColonnadeError {
  static override readonly code = 'UnknownRegion';
}

/**
 * HBase's region-in-transition refusals: the region is opening, closing, splitting or merging, so
 * a move, split or merge of it must wait. Retriable.
 */
export class RegionInTransitionError extends ColonnadeError {
  static override readonly code = 'RegionInTransition';
  static override readonly retriableByDefault = true;
}

/** A merge of regions that are not adjacent regions of one table (HBase's MergeRegionException). */
export class MergeRegionError extends ColonnadeError {
  static override readonly code = 'MergeRegion';
}

/** HBase's NamespaceExistException: a namespace of that name exists (or is built in). */
export class NamespaceExistError extends ColonnadeError {
  static override readonly code = 'NamespaceExist';
}

/** HBase's NamespaceNotFoundException: no namespace of that name. */
export class NamespaceNotFoundError extends ColonnadeError {
  static override readonly code = 'NamespaceNotFound';
}

/**
 * HBase's ConstraintException: the operation would break a rule of the catalog (deleting a
 * namespace that still holds tables, or a built-in one).
 */
export class ConstraintError extends ColonnadeError {
  static override readonly code = 'Constraint';
}

/** HBase's InvalidFamilyOperationException: adding a family that exists, altering a missing one. */
export class InvalidFamilyOperationError extends ColonnadeError {
  static override readonly code = 'InvalidFamilyOperation';
}

registerErrors(
  MetaNotOnlineError,
  MasterNotActiveError,
  TableExistsError,
  TableNotDisabledError,
  UnknownRegionError,
  RegionInTransitionError,
  MergeRegionError,
  NamespaceExistError,
  NamespaceNotFoundError,
  ConstraintError,
  InvalidFamilyOperationError,
);
