// The namespace's tree edits (mkdirs, create, delete, rename) under HDFS's rules. Each checks
// everything before it changes anything, so a thrown error leaves the namespace as it was.
import { assert } from '../../common/assert.js';
import { InvalidArgumentError, LimitExceededError } from '../../common/errors.js';
import {
  DirectoryNotEmptyError,
  FileAlreadyExistsError,
  FileNotFoundError,
  LeaseConflictError,
  NotDirectoryError,
} from '../errors.js';
import {
  BLOCK_BYTES_MAX,
  BLOCK_BYTES_MIN,
  CHUNK_BYTES,
  DELETE_ENTRIES_MAX,
  DIRECTORY_ENTRIES_MAX,
  REPLICATION_MAX,
} from '../limits.js';
import { isWithin, pathComponents, pathOf } from '../path.js';
import type { Edit } from './edits.js';
import {
  newDirectory,
  subtree,
  type DirectoryNode,
  type FileNode,
  type INode,
  NOTHING_REMOVED,
  type ApplyResult,
} from './inode.js';
import type { Namespace } from './namespace.js';

type EditOf<K extends Edit['kind']> = Extract<Edit, { kind: K }>;

/** How far a path resolves: the deepest existing directory and the components after it. */
interface Walk {
  readonly dir: DirectoryNode;
  /** Index of the first component not found under `dir` (components.length when all exist). */
  readonly missingFrom: number;
  /** The node the whole path names, when it exists. */
  readonly node: INode | undefined;
}

/** Resolves `components`; a file met before the last component is NotDirectory. */
function walk(ns: Namespace, path: string, components: readonly string[]): Walk {
  let dir = ns.root;
  for (let i = 0; i < components.length; i++) {
    const child = dir.children.get(components[i] as string);
    if (child === undefined) return { dir, missingFrom: i, node: undefined };
    if (i === components.length - 1) return { dir, missingFrom: components.length, node: child };
    if (child.kind === 'file') {
      throw new NotDirectoryError(`${pathOf(components.slice(0, i + 1))} in ${path} is a file`);
    }
    dir = child;
  }
  return { dir, missingFrom: components.length, node: dir };
}

function checkRoom(dir: DirectoryNode, adding: number): void {
  if (dir.children.size + adding > DIRECTORY_ENTRIES_MAX) {
    throw new LimitExceededError(
      `a directory holds ${dir.children.size} entries; DIRECTORY_ENTRIES_MAX is ${DIRECTORY_ENTRIES_MAX}`,
    );
  }
}

/** Makes directories for `components[from..]` under `dir`; returns the deepest. */
function makeDirectories(
  dir: DirectoryNode,
  components: readonly string[],
  from: number,
  timeMs: number,
): DirectoryNode {
  let current = dir;
  for (let i = from; i < components.length; i++) {
    const child = newDirectory(components[i] as string, current, timeMs);
    current.children.set(child.name, child);
    current.modificationTimeMs = timeMs;
    current = child;
  }
  return current;
}

export function applyMkdirs(ns: Namespace, edit: EditOf<'mkdirs'>): ApplyResult {
  const components = pathComponents(edit.path);
  const found = walk(ns, edit.path, components);
  if (found.node !== undefined) {
    if (found.node.kind === 'file') throw new FileAlreadyExistsError(`${edit.path} is a file`);
    return NOTHING_REMOVED;
  }
  checkRoom(found.dir, 1);
  makeDirectories(found.dir, components, found.missingFrom, edit.timeMs);
  return NOTHING_REMOVED;
}

export function checkFileShape(replication: number, blockBytes: number): void {
  if (!Number.isInteger(replication) || replication < 1 || replication > REPLICATION_MAX) {
    throw new InvalidArgumentError(
      `replication is ${replication}; it must be an integer in 1..${REPLICATION_MAX}`,
    );
  }
  if (
    !Number.isInteger(blockBytes) ||
    blockBytes < BLOCK_BYTES_MIN ||
    blockBytes > BLOCK_BYTES_MAX ||
    blockBytes % CHUNK_BYTES !== 0
  ) {
    throw new InvalidArgumentError(
      `block size is ${blockBytes} bytes; it must be a multiple of ${CHUNK_BYTES} in ` +
        `${BLOCK_BYTES_MIN}..${BLOCK_BYTES_MAX}`,
    );
  }
}

export function applyCreate(ns: Namespace, edit: EditOf<'create'>): ApplyResult {
  checkFileShape(edit.replication, edit.blockBytes);
  assert(edit.fileId > ns.lastFileId, `file id ${edit.fileId} is not new`);
  const components = pathComponents(edit.path);
  if (components.length === 0) throw new FileAlreadyExistsError('/ is a directory');
  const parentComponents = components.slice(0, -1);
  const name = components[components.length - 1] as string;
  const parentWalk = walk(ns, edit.path, parentComponents);
  let existing: INode | undefined;
  if (parentWalk.node === undefined) {
    if (!edit.createParent) {
      throw new FileNotFoundError(`the parent of ${edit.path} does not exist`);
    }
    checkRoom(parentWalk.dir, 1);
  } else {
    if (parentWalk.node.kind === 'file') {
      throw new NotDirectoryError(`the parent of ${edit.path} is a file`);
    }
    existing = parentWalk.node.children.get(name);
    if (existing?.kind === 'directory') {
      throw new FileAlreadyExistsError(`${edit.path} exists as a directory`);
    }
    if (existing !== undefined && existing.writer !== null) {
      throw new LeaseConflictError(
        `${edit.path} is being written by ${existing.writer.clientName}`,
      );
    }
    if (existing !== undefined && !edit.overwrite) {
      throw new FileAlreadyExistsError(`${edit.path} exists`);
    }
    if (existing === undefined) checkRoom(parentWalk.node, 1);
  }
  const removed = existing === undefined ? NOTHING_REMOVED : ns.removeNode(existing);
  const parent =
    parentWalk.node === undefined
      ? makeDirectories(parentWalk.dir, parentComponents, parentWalk.missingFrom, edit.timeMs)
      : (parentWalk.node as DirectoryNode);
  const file: FileNode = {
    kind: 'file',
    fileId: edit.fileId,
    name,
    parent,
    modificationTimeMs: edit.timeMs,
    replication: edit.replication,
    blockBytes: edit.blockBytes,
    blocks: [],
    writer: { clientName: edit.clientName, lastCommitted: true },
  };
  ns.addFile(parent, file);
  parent.modificationTimeMs = edit.timeMs;
  return removed;
}

export function applyDelete(ns: Namespace, edit: EditOf<'delete'>): ApplyResult {
  const components = pathComponents(edit.path);
  if (components.length === 0) throw new InvalidArgumentError('the root cannot be deleted');
  const node = ns.lookup(edit.path);
  if (node === undefined) throw new FileNotFoundError(`${edit.path} does not exist`);
  if (node.kind === 'directory' && node.children.size > 0 && !edit.recursive) {
    throw new DirectoryNotEmptyError(`${edit.path} is a non-empty directory`);
  }
  let entries = 0;
  for (const _ of subtree(node)) {
    if (++entries > DELETE_ENTRIES_MAX) {
      throw new LimitExceededError(
        `deleting ${edit.path} removes over ${DELETE_ENTRIES_MAX} entries (DELETE_ENTRIES_MAX)`,
      );
    }
  }
  const parent = node.parent as DirectoryNode;
  const removed = ns.removeNode(node);
  parent.modificationTimeMs = edit.timeMs;
  return removed;
}

export function applyRename(ns: Namespace, edit: EditOf<'rename'>): ApplyResult {
  const srcComponents = pathComponents(edit.src);
  const dstComponents = pathComponents(edit.dst);
  if (srcComponents.length === 0) throw new InvalidArgumentError('the root cannot be renamed');
  const source = ns.lookup(edit.src);
  if (source === undefined) throw new FileNotFoundError(`${edit.src} does not exist`);
  const dstWalk = walk(ns, edit.dst, dstComponents);
  let targetDir: DirectoryNode;
  let name: string;
  let finalComponents: string[];
  if (dstWalk.node?.kind === 'directory') {
    targetDir = dstWalk.node;
    name = source.name;
    finalComponents = [...dstComponents, name];
  } else if (dstWalk.node === source) {
    return NOTHING_REMOVED; // a file renamed onto itself (HDFS answers true)
  } else if (dstWalk.node !== undefined) {
    throw new FileAlreadyExistsError(`${edit.dst} exists as a file`);
  } else if (dstWalk.missingFrom < dstComponents.length - 1) {
    throw new FileNotFoundError(`the parent of ${edit.dst} does not exist`);
  } else {
    targetDir = dstWalk.dir;
    name = dstComponents[dstComponents.length - 1] as string;
    finalComponents = dstComponents;
  }
  const finalPath = pathOf(finalComponents);
  if (finalPath === edit.src) return NOTHING_REMOVED;
  if (source.kind === 'directory' && isWithin(finalPath, edit.src)) {
    throw new InvalidArgumentError(`cannot move ${edit.src} into its own subtree (${finalPath})`);
  }
  if (targetDir.children.has(name)) throw new FileAlreadyExistsError(`${finalPath} exists`);
  checkRoom(targetDir, 1);
  const oldParent = source.parent as DirectoryNode;
  oldParent.children.delete(source.name);
  oldParent.modificationTimeMs = edit.timeMs;
  source.name = name;
  source.parent = targetDir;
  targetDir.children.set(name, source);
  targetDir.modificationTimeMs = edit.timeMs;
  return NOTHING_REMOVED;
}
