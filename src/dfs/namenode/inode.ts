// The namespace's nodes: directories and files with their block lists. A node knows its parent and
// name, so its path can be rebuilt after renames. Invariant: `parent.children.get(name) === node`.
import type { Block } from '../types.js';

/** A block of a file as the namespace records it (durable: id, stamp, length). */
export interface BlockRecord {
  readonly blockId: number;
  genStamp: number;
  numBytes: number;
}

/** The writer of a file under construction. */
export interface Writer {
  /** The lease holder (a client name, or RECOVERY_HOLDER during lease recovery). */
  clientName: string;
  /**
   * True when the last block's length is committed (by addBlock's `previous`, complete(), or
   * because append found it full): only then may the writer add a block or close without it.
   */
  lastCommitted: boolean;
}

export interface DirectoryNode {
  readonly kind: 'directory';
  name: string;
  parent: DirectoryNode | null;
  modificationTimeMs: number;
  readonly children: Map<string, INode>;
}

export interface FileNode {
  readonly kind: 'file';
  /** Stable across renames (HDFS inode id); leases and block owners refer to files by it. */
  readonly fileId: number;
  name: string;
  parent: DirectoryNode | null;
  modificationTimeMs: number;
  readonly replication: number;
  readonly blockBytes: number;
  readonly blocks: BlockRecord[];
  /** Null for a closed file. */
  writer: Writer | null;
}

export type INode = DirectoryNode | FileNode;

export function newDirectory(
  name: string,
  parent: DirectoryNode | null,
  timeMs: number,
): DirectoryNode {
  return { kind: 'directory', name, parent, modificationTimeMs: timeMs, children: new Map() };
}

/** The node's absolute path, walking up to the root. */
export function nodePath(node: INode): string {
  const names: string[] = [];
  for (let n: INode | null = node; n !== null && n.parent !== null; n = n.parent) {
    names.push(n.name);
  }
  return `/${names.reverse().join('/')}`;
}

export function blockOf(record: BlockRecord): Block {
  return { blockId: record.blockId, genStamp: record.genStamp, numBytes: record.numBytes };
}

/** Every node of the subtree under (and including) `node`, parents before children. */
export function* subtree(node: INode): Generator<INode> {
  yield node;
  if (node.kind === 'directory') {
    for (const child of node.children.values()) yield* subtree(child);
  }
}

/** Name order of a directory's children (listing, dumps). */
export function sortedChildren(dir: DirectoryNode): INode[] {
  return [...dir.children.values()].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
}

/** What an edit removed: the blocks to invalidate and the files (whose leases go). */
export interface ApplyResult {
  readonly removedBlocks: readonly Block[];
  readonly removedFileIds: readonly number[];
}

export const NOTHING_REMOVED: ApplyResult = Object.freeze({
  removedBlocks: [],
  removedFileIds: [],
});
