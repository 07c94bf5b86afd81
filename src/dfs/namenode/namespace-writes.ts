// The namespace's edits of files being written: blocks added, committed, abandoned, re-stamped;
// files closed, appended to, taken over by lease recovery. Each checks before it changes anything.
import { assert } from '../../common/assert.js';
import { InvalidArgumentError, LimitExceededError } from '../../common/errors.js';
import { FencedError, LeaseConflictError } from '../errors.js';
import { FILE_BLOCKS_MAX } from '../limits.js';
import type { CommittedBlock, Edit } from './edits.js';
import {
  blockOf,
  type BlockRecord,
  type FileNode,
  type Writer,
  NOTHING_REMOVED,
  type ApplyResult,
} from './inode.js';
import type { Namespace } from './namespace.js';

type EditOf<K extends Edit['kind']> = Extract<Edit, { kind: K }>;

/** A file open for writing by `clientName`; Fenced for anyone else or a closed file. */
export function writableFile(
  ns: Namespace,
  path: string,
  clientName: string,
): FileNode & { writer: Writer } {
  const file = ns.fileAt(path);
  if (file.writer === null) throw new FencedError(`${path} is not open for writing`);
  if (file.writer.clientName !== clientName) {
    throw new FencedError(
      `${clientName} does not hold the lease on ${path} (${file.writer.clientName} does)`,
    );
  }
  return file as FileNode & { writer: Writer };
}

function lastBlockOf(file: FileNode, path: string, blockId: number): BlockRecord {
  const last = file.blocks[file.blocks.length - 1];
  if (last === undefined || last.blockId !== blockId) {
    throw new InvalidArgumentError(`block ${blockId} is not the last block of ${path}`);
  }
  return last;
}

function checkLength(file: FileNode, numBytes: number): void {
  if (!Number.isInteger(numBytes) || numBytes < 0 || numBytes > file.blockBytes) {
    throw new InvalidArgumentError(
      `block length ${numBytes} is outside 0..${file.blockBytes} (the file's block size)`,
    );
  }
}

/** Checks a commit of the last block; returns the record it will change. */
function checkCommit(
  file: FileNode & { writer: Writer },
  path: string,
  block: CommittedBlock,
): BlockRecord {
  const last = lastBlockOf(file, path, block.blockId);
  if (block.genStamp !== last.genStamp) {
    throw new FencedError(
      `block ${block.blockId} has stamp ${last.genStamp}; the writer sent ${block.genStamp}`,
    );
  }
  checkLength(file, block.numBytes);
  if (file.writer.lastCommitted && block.numBytes !== last.numBytes) {
    throw new InvalidArgumentError(
      `block ${block.blockId} is committed at ${last.numBytes} bytes, not ${block.numBytes}`,
    );
  }
  return last;
}

function checkNothingUncommitted(file: FileNode & { writer: Writer }, path: string): void {
  if (file.blocks.length > 0 && !file.writer.lastCommitted) {
    const last = file.blocks[file.blocks.length - 1] as BlockRecord;
    throw new InvalidArgumentError(`the last block of ${path} (${last.blockId}) is not committed`);
  }
}

/** The checks of closing a file (complete): the caller holds it and `last` may be committed. */
export function checkClose(
  ns: Namespace,
  path: string,
  clientName: string,
  last: CommittedBlock | null,
): FileNode & { writer: Writer } {
  const file = writableFile(ns, path, clientName);
  if (last === null) checkNothingUncommitted(file, path);
  else checkCommit(file, path, last);
  return file;
}

export function applyAddBlock(ns: Namespace, edit: EditOf<'addBlock'>): ApplyResult {
  const file = writableFile(ns, edit.path, edit.clientName);
  const previous = edit.previous === null ? undefined : checkCommit(file, edit.path, edit.previous);
  if (edit.previous === null) checkNothingUncommitted(file, edit.path);
  if (file.blocks.length >= FILE_BLOCKS_MAX) {
    throw new LimitExceededError(`${edit.path} has ${FILE_BLOCKS_MAX} blocks (FILE_BLOCKS_MAX)`);
  }
  assert(edit.blockId > ns.lastBlockId, `block id ${edit.blockId} is not new`);
  assert(edit.genStamp <= ns.genStamp, `stamp ${edit.genStamp} was never handed out`);
  if (previous !== undefined && edit.previous !== null) previous.numBytes = edit.previous.numBytes;
  file.blocks.push({ blockId: edit.blockId, genStamp: edit.genStamp, numBytes: 0 });
  file.writer.lastCommitted = false;
  ns.lastBlockId = edit.blockId;
  ns.blockOwners.set(edit.blockId, file);
  return NOTHING_REMOVED;
}

export function applyAbandonBlock(ns: Namespace, edit: EditOf<'abandonBlock'>): ApplyResult {
  const file = writableFile(ns, edit.path, edit.clientName);
  const last = lastBlockOf(file, edit.path, edit.blockId);
  if (file.writer.lastCommitted) {
    throw new InvalidArgumentError(`block ${edit.blockId} is committed; it cannot be abandoned`);
  }
  file.blocks.pop();
  file.writer.lastCommitted = true;
  ns.blockOwners.delete(last.blockId);
  return { removedBlocks: [blockOf(last)], removedFileIds: [] };
}

export function applyCommitLast(ns: Namespace, edit: EditOf<'commitLast'>): ApplyResult {
  const file = writableFile(ns, edit.path, edit.clientName);
  const last = checkCommit(file, edit.path, edit.last);
  last.numBytes = edit.last.numBytes;
  file.writer.lastCommitted = true;
  return NOTHING_REMOVED;
}

export function applyClose(ns: Namespace, edit: EditOf<'close'>): ApplyResult {
  const file = writableFile(ns, edit.path, edit.clientName);
  const last = edit.last === null ? undefined : checkCommit(file, edit.path, edit.last);
  if (edit.last === null) checkNothingUncommitted(file, edit.path);
  if (last !== undefined && edit.last !== null) last.numBytes = edit.last.numBytes;
  (file as FileNode).writer = null;
  file.modificationTimeMs = edit.timeMs;
  return NOTHING_REMOVED;
}

export function applySetGenStamp(ns: Namespace, edit: EditOf<'setGenStamp'>): ApplyResult {
  assert(edit.genStamp > ns.genStamp, `stamp ${edit.genStamp} is not above ${ns.genStamp}`);
  ns.genStamp = edit.genStamp;
  return NOTHING_REMOVED;
}

export function applyUpdatePipeline(ns: Namespace, edit: EditOf<'updatePipeline'>): ApplyResult {
  const file = writableFile(ns, edit.path, edit.clientName);
  const last = lastBlockOf(file, edit.path, edit.blockId);
  if (file.writer.lastCommitted) {
    throw new InvalidArgumentError(`block ${edit.blockId} is committed; its pipeline is closed`);
  }
  if (edit.genStamp <= last.genStamp || edit.genStamp > ns.genStamp) {
    throw new InvalidArgumentError(
      `stamp ${edit.genStamp} for block ${edit.blockId} must be in ${last.genStamp + 1}..${ns.genStamp}`,
    );
  }
  checkLength(file, edit.numBytes);
  last.genStamp = edit.genStamp;
  last.numBytes = edit.numBytes;
  return NOTHING_REMOVED;
}

export function applyAppend(ns: Namespace, edit: EditOf<'append'>): ApplyResult {
  const file = ns.fileAt(edit.path);
  if (file.writer !== null) {
    throw new LeaseConflictError(`${edit.path} is being written by ${file.writer.clientName}`);
  }
  const last = file.blocks[file.blocks.length - 1];
  if (edit.newGenStamp === null) {
    file.writer = { clientName: edit.clientName, lastCommitted: true };
    return NOTHING_REMOVED;
  }
  if (last === undefined) throw new InvalidArgumentError(`${edit.path} has no block to reopen`);
  assert(edit.newGenStamp > ns.genStamp, `stamp ${edit.newGenStamp} is not new`);
  ns.genStamp = edit.newGenStamp;
  last.genStamp = edit.newGenStamp;
  file.writer = { clientName: edit.clientName, lastCommitted: false };
  return NOTHING_REMOVED;
}

export function applyReassignLease(ns: Namespace, edit: EditOf<'reassignLease'>): ApplyResult {
  const file = ns.fileAt(edit.path);
  if (file.writer === null) throw new InvalidArgumentError(`${edit.path} is not being written`);
  file.writer.clientName = edit.clientName;
  return NOTHING_REMOVED;
}

export function applySyncBlock(ns: Namespace, edit: EditOf<'syncBlock'>): ApplyResult {
  const file = ns.fileAt(edit.path);
  if (file.writer === null) throw new InvalidArgumentError(`${edit.path} is not being written`);
  const last = lastBlockOf(file, edit.path, edit.blockId);
  if (edit.genStamp < last.genStamp || edit.genStamp > ns.genStamp) {
    throw new InvalidArgumentError(
      `stamp ${edit.genStamp} for block ${edit.blockId} must be in ${last.genStamp}..${ns.genStamp}`,
    );
  }
  checkLength(file, edit.numBytes);
  last.genStamp = edit.genStamp;
  last.numBytes = edit.numBytes;
  file.writer.lastCommitted = true;
  if (edit.close) {
    file.writer = null;
    file.modificationTimeMs = edit.timeMs;
  }
  return NOTHING_REMOVED;
}
