// One znode as the tree stores it, and its Stat as ZooKeeper reports it. Invariant: `creates`
// counts every child ever created here (the sequence counter); deletes never lower it.
import type { CreateMode, Stat } from './types.js';

export interface Znode {
  data: Uint8Array;
  readonly czxid: number;
  mzxid: number;
  pzxid: number;
  readonly ctime: number;
  mtime: number;
  version: number;
  /** ZooKeeper's internal cversion: children ever created (signed 32-bit, wraps). */
  creates: number;
  /** The owning session for ephemerals, 0 otherwise. */
  readonly ephemeralOwner: number;
  readonly mode: CreateMode;
  /** Names of the children (not paths). */
  readonly children: Set<string>;
}

export function newZnode(
  data: Uint8Array,
  mode: CreateMode,
  ephemeralOwner: number,
  zxid: number,
  timeMs: number,
): Znode {
  return {
    data,
    czxid: zxid,
    mzxid: zxid,
    pzxid: zxid,
    ctime: timeMs,
    mtime: timeMs,
    version: 0,
    creates: 0,
    ephemeralOwner,
    mode,
    children: new Set(),
  };
}

/**
 * The Stat a client sees. As ZooKeeper's DataNode.copyStat, the reported cversion is
 * `2 × creates − numChildren`, which is creates plus deletes (32-bit arithmetic, as in Java).
 */
export function statOf(node: Znode): Stat {
  const numChildren = node.children.size;
  return {
    czxid: node.czxid,
    mzxid: node.mzxid,
    pzxid: node.pzxid,
    ctime: node.ctime,
    mtime: node.mtime,
    version: node.version,
    cversion: (Math.imul(node.creates, 2) - numChildren) | 0,
    aversion: 0,
    ephemeralOwner: node.ephemeralOwner,
    dataLength: node.data.length,
    numChildren,
  };
}
