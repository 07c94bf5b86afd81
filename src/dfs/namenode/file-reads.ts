// Reading the namespace: file status, directory listings and block locations. A file being
// written counts only its complete blocks in its length (as HDFS); its last block is handed out
// separately, located at its pipeline, for readers to ask a datanode its visible length.
import { InvalidArgumentError } from '../../common/errors.js';
import { FileNotFoundError } from '../errors.js';
import { LISTING_ENTRIES_MAX } from '../limits.js';
import { joinPath, validPath } from '../path.js';
import type { DatanodeInfo, FileStatus, LocatedBlock, LocatedBlocks } from '../types.js';
import { blockOf, nodePath, sortedChildren, type BlockRecord, type FileNode } from './inode.js';
import type { INode } from './inode.js';
import { recoveryLocations } from './lease-recovery.js';
import type { Namesystem } from './namesystem.js';

function isComplete(ns: Namesystem, record: BlockRecord): boolean {
  return ns.blocks.blocks.get(record.blockId)?.state === 'complete';
}

/** The blocks that count in the file's length: all but a last block that is not complete. */
export function countedBlocks(ns: Namesystem, file: FileNode): readonly BlockRecord[] {
  const last = file.blocks[file.blocks.length - 1];
  if (file.writer === null || last === undefined || isComplete(ns, last)) return file.blocks;
  return file.blocks.slice(0, -1);
}

export function fileLength(ns: Namesystem, file: FileNode): number {
  return countedBlocks(ns, file).reduce((sum, b) => sum + b.numBytes, 0);
}

export function fileStatus(ns: Namesystem, node: INode, path = nodePath(node)): FileStatus {
  if (node.kind === 'directory') {
    return {
      path,
      type: 'directory',
      length: 0,
      replication: 0,
      blockBytes: 0,
      modificationTimeMs: node.modificationTimeMs,
      underConstruction: false,
      children: node.children.size,
    };
  }
  return {
    path,
    type: 'file',
    length: fileLength(ns, node),
    replication: node.replication,
    blockBytes: node.blockBytes,
    modificationTimeMs: node.modificationTimeMs,
    underConstruction: node.writer !== null,
    children: 0,
  };
}

/** Locations best first: live good, stale good, then corrupt; dead datanodes never. */
export function locateBlock(ns: Namesystem, record: BlockRecord, offset: number): LocatedBlock {
  const block = blockOf(record);
  const info = ns.blocks.blocks.get(record.blockId);
  if (info === undefined) return { block, offset, locations: [], corrupt: false };
  if (info.state === 'underConstruction') {
    return { block, offset, locations: recoveryLocations(ns, info), corrupt: false };
  }
  const live: DatanodeInfo[] = [];
  const stale: DatanodeInfo[] = [];
  const corrupt: DatanodeInfo[] = [];
  for (const replica of info.replicas.values()) {
    const entry = ns.datanodes.entry(replica.datanodeId);
    if (entry === undefined) continue;
    const state = ns.datanodes.stateOf(entry);
    if (state === 'dead') continue;
    if (ns.blocks.isGood(info, replica)) (state === 'live' ? live : stale).push(entry.info);
    else if (replica.corrupt) corrupt.push(entry.info);
  }
  const good = live.length + stale.length;
  return {
    block,
    offset,
    locations: [...live, ...stale, ...corrupt],
    corrupt: good === 0 && corrupt.length > 0,
  };
}

export function getFileInfo(ns: Namesystem, path: string): FileStatus | null {
  const node = ns.namespace.lookup(validPath(path));
  return node === undefined ? null : fileStatus(ns, node, path);
}

export function listing(
  ns: Namesystem,
  path: string,
  startAfter: string,
): { entries: FileStatus[]; remaining: number } {
  const node = ns.namespace.lookup(validPath(path));
  if (node === undefined) throw new FileNotFoundError(`${path} does not exist`);
  if (node.kind === 'file') return { entries: [fileStatus(ns, node, path)], remaining: 0 };
  const after = sortedChildren(node).filter((child) => child.name > startAfter);
  const page = after.slice(0, LISTING_ENTRIES_MAX);
  return {
    entries: page.map((child) => fileStatus(ns, child, joinPath(path, child.name))),
    remaining: after.length - page.length,
  };
}

export function getBlockLocations(
  ns: Namesystem,
  path: string,
  offset: number,
  length: number,
): LocatedBlocks {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
    throw new InvalidArgumentError(`offset ${offset} and length ${length} must be integers ≥ 0`);
  }
  const file = ns.namespace.fileAt(validPath(path));
  const counted = countedBlocks(ns, file);
  const end = length === 0 ? Infinity : offset + length;
  const blocks: LocatedBlock[] = [];
  let position = 0;
  for (const record of counted) {
    const start = position;
    position += record.numBytes;
    if (start < end && (position > offset || (start === offset && record.numBytes === 0))) {
      blocks.push(locateBlock(ns, record, start));
    }
  }
  const last = file.blocks[file.blocks.length - 1];
  const lastOffset = file.blocks.slice(0, -1).reduce((sum, b) => sum + b.numBytes, 0);
  return {
    fileLength: position,
    blocks,
    underConstruction: file.writer !== null,
    lastBlock: last === undefined ? null : locateBlock(ns, last, lastOffset),
    lastBlockComplete: last === undefined || isComplete(ns, last),
  };
}
