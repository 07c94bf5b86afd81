// The namespace as a pure state machine: directories, files with block lists, the id and stamp
// counters. `apply(edit)` throws a typed error with nothing changed, or applies the whole edit;
// replaying the same edits gives the same namespace.
import { assert, assertNever } from '../../common/assert.js';
import { FileNotFoundError, IsDirectoryError } from '../errors.js';
import { BLOCK_ID_FIRST, GENERATION_STAMP_FIRST } from '../limits.js';
import { pathComponents } from '../path.js';
import type { Block } from '../types.js';
import type { Edit } from './edits.js';
import {
  newDirectory,
  subtree,
  type ApplyResult,
  type DirectoryNode,
  type FileNode,
  type INode,
} from './inode.js';

export { NOTHING_REMOVED, type ApplyResult } from './inode.js';
import { applyCreate, applyDelete, applyMkdirs, applyRename } from './namespace-tree.js';
import {
  applyAbandonBlock,
  applyAddBlock,
  applyAppend,
  applyClose,
  applyCommitLast,
  applyReassignLease,
  applySetGenStamp,
  applySyncBlock,
  applyUpdatePipeline,
} from './namespace-writes.js';

export class Namespace {
  readonly root: DirectoryNode = newDirectory('', null, 0);
  /** Files by id. */
  readonly files = new Map<number, FileNode>();
  /** The file each block belongs to. */
  readonly blockOwners = new Map<number, FileNode>();
  lastFileId = 0;
  lastBlockId = BLOCK_ID_FIRST - 1;
  /** The latest generation stamp handed out; new blocks take it, recoveries take the next. */
  genStamp = GENERATION_STAMP_FIRST;

  apply(edit: Edit): ApplyResult {
    switch (edit.kind) {
      case 'mkdirs':
        return applyMkdirs(this, edit);
      case 'create':
        return applyCreate(this, edit);
      case 'delete':
        return applyDelete(this, edit);
      case 'rename':
        return applyRename(this, edit);
      case 'addBlock':
        return applyAddBlock(this, edit);
      case 'abandonBlock':
        return applyAbandonBlock(this, edit);
      case 'commitLast':
        return applyCommitLast(this, edit);
      case 'close':
        return applyClose(this, edit);
      case 'setGenStamp':
        return applySetGenStamp(this, edit);
      case 'updatePipeline':
        return applyUpdatePipeline(this, edit);
      case 'append':
        return applyAppend(this, edit);
      case 'reassignLease':
        return applyReassignLease(this, edit);
      case 'syncBlock':
        return applySyncBlock(this, edit);
      default:
        return assertNever(edit, 'edit');
    }
  }

  /** The node at a valid path, or undefined (also when a component on the way is a file). */
  lookup(path: string): INode | undefined {
    let node: INode = this.root;
    for (const name of pathComponents(path)) {
      if (node.kind !== 'directory') return undefined;
      const child: INode | undefined = node.children.get(name);
      if (child === undefined) return undefined;
      node = child;
    }
    return node;
  }

  /** The file at `path`; FileNotFound when there is none, IsDirectory for a directory. */
  fileAt(path: string): FileNode {
    const node = this.lookup(path);
    if (node === undefined) throw new FileNotFoundError(`${path} does not exist`);
    if (node.kind !== 'file') throw new IsDirectoryError(`${path} is a directory`);
    return node;
  }

  /** Links a new file into `parent` and the indexes. */
  addFile(parent: DirectoryNode, file: FileNode): void {
    assert(!parent.children.has(file.name), `${file.name} exists`);
    assert(!this.files.has(file.fileId), `file id ${file.fileId} is taken`);
    file.parent = parent;
    parent.children.set(file.name, file);
    this.files.set(file.fileId, file);
    this.lastFileId = Math.max(this.lastFileId, file.fileId);
    for (const block of file.blocks) this.blockOwners.set(block.blockId, file);
  }

  /** Unlinks a node and its subtree from its parent and the indexes. */
  removeNode(node: INode): ApplyResult {
    const parent = node.parent;
    assert(parent !== null, 'the root is never removed');
    parent.children.delete(node.name);
    const removedBlocks: Block[] = [];
    const removedFileIds: number[] = [];
    for (const n of subtree(node)) {
      if (n.kind !== 'file') continue;
      this.files.delete(n.fileId);
      removedFileIds.push(n.fileId);
      for (const b of n.blocks) {
        this.blockOwners.delete(b.blockId);
        removedBlocks.push({ blockId: b.blockId, genStamp: b.genStamp, numBytes: b.numBytes });
      }
    }
    return { removedBlocks, removedFileIds };
  }
}
