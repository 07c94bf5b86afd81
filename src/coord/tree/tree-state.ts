// The whole replicated state of the coordinator: znodes by path, sessions, the ephemerals index.
// Invariant: every node but the root has its parent in `nodes` and its name in the parent's
// children; `ephemerals` lists exactly the nodes whose ephemeralOwner is that session.
import { CreateMode } from './types.js';
import type { SessionInfo } from './types.js';
import { QUOTA_PATH, ROOT_PATH, ZOOKEEPER_PATH, basename } from './path.js';
import { newZnode } from './znode.js';
import type { Znode } from './znode.js';

export interface TreeState {
  readonly nodes: Map<string, Znode>;
  readonly sessions: Map<number, SessionInfo>;
  /** Session id → paths of its ephemerals (no entry when it has none). */
  readonly ephemerals: Map<number, Set<string>>;
  /** The id the next createSession gets; ids start at 1 and are never reused. */
  nextSessionId: number;
  /** The zxid of the last applied transaction (0 before any). */
  lastZxid: number;
}

/**
 * A fresh tree as ZooKeeper's DataTree starts: the root, /zookeeper and /zookeeper/quota, all
 * with zero zxids and times. As in ZooKeeper they are linked without counting as creates, so the
 * root reports cversion -1 and the first user child of the root gets suffix 0000000000.
 */
export function initialTreeState(): TreeState {
  const nodes = new Map<string, Znode>();
  const empty = new Uint8Array(0);
  for (const path of [ROOT_PATH, ZOOKEEPER_PATH, QUOTA_PATH]) {
    nodes.set(path, newZnode(empty, CreateMode.Persistent, 0, 0, 0));
  }
  nodes.get(ROOT_PATH)?.children.add(basename(ZOOKEEPER_PATH));
  nodes.get(ZOOKEEPER_PATH)?.children.add(basename(QUOTA_PATH));
  return { nodes, sessions: new Map(), ephemerals: new Map(), nextSessionId: 1, lastZxid: 0 };
}
