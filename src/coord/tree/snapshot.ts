// Snapshots of the znode tree for Raft: the whole state as plain msgpack structures. Invariant:
// restoreTree(snapshotTree(t)) answers every read, and applies every later txn, exactly as t.
import { pack, unpack } from 'msgpackr';
import { assert } from '../../common/assert.js';
import type { CreateMode } from './types.js';
import { ROOT_PATH, basename, isValidPath, parentOf } from './path.js';
import type { TreeState } from './tree-state.js';
import type { Znode } from './znode.js';
import { ZnodeTree } from './znode-tree.js';

const SNAPSHOT_FORMAT = 1;

/** [path, data, czxid, mzxid, pzxid, ctime, mtime, version, creates, ephemeralOwner, mode] */
type NodeRow = [
  string,
  Uint8Array,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  CreateMode,
];
type SessionRow = [number, number, Uint8Array];

interface SnapshotBody {
  readonly format: number;
  readonly lastZxid: number;
  readonly nextSessionId: number;
  readonly sessions: SessionRow[];
  /** Sorted by path, so every parent comes before its children. */
  readonly nodes: NodeRow[];
}

export function snapshotTree(tree: ZnodeTree): Uint8Array {
  const state = tree.stateForSnapshot();
  const nodes: NodeRow[] = [...state.nodes.keys()].sort().map((path) => {
    const n = state.nodes.get(path);
    assert(n !== undefined, `node ${path} listed but missing`);
    const times = [n.czxid, n.mzxid, n.pzxid, n.ctime, n.mtime] as const;
    return [path, n.data, ...times, n.version, n.creates, n.ephemeralOwner, n.mode];
  });
  const sessions: SessionRow[] = [...state.sessions.values()]
    .sort((a, b) => a.sessionId - b.sessionId)
    .map((s) => [s.sessionId, s.timeoutMs, s.password]);
  const body: SnapshotBody = {
    format: SNAPSHOT_FORMAT,
    lastZxid: state.lastZxid,
    nextSessionId: state.nextSessionId,
    sessions,
    nodes,
  };
  return pack(body);
}

export function restoreTree(bytes: Uint8Array): ZnodeTree {
  const body = unpack(bytes) as SnapshotBody;
  assert(body.format === SNAPSHOT_FORMAT, `snapshot format ${String(body.format)} is not known`);
  const state: TreeState = {
    nodes: new Map(),
    sessions: new Map(),
    ephemerals: new Map(),
    nextSessionId: body.nextSessionId,
    lastZxid: body.lastZxid,
  };
  for (const [sessionId, timeoutMs, password] of body.sessions) {
    assert(sessionId < state.nextSessionId, `session ${sessionId} not below the next id`);
    state.sessions.set(sessionId, { sessionId, timeoutMs, password: copy(password) });
  }
  for (const row of body.nodes) restoreNode(state, row);
  assert(state.nodes.has(ROOT_PATH), 'snapshot has no root');
  return new ZnodeTree(state);
}

function restoreNode(state: TreeState, row: NodeRow): void {
  const [path, data, czxid, mzxid, pzxid, ctime, mtime, version, creates, owner, mode] = row;
  assert(isValidPath(path) && !state.nodes.has(path), `snapshot node ${path} is bad or repeated`);
  const node: Znode = {
    data: copy(data),
    czxid,
    mzxid,
    pzxid,
    ctime,
    mtime,
    version,
    creates,
    ephemeralOwner: owner,
    mode,
    children: new Set(),
  };
  if (path !== ROOT_PATH) {
    const parent = state.nodes.get(parentOf(path));
    assert(parent !== undefined, `snapshot node ${path} comes before its parent`);
    parent.children.add(basename(path));
  }
  state.nodes.set(path, node);
  if (owner !== 0) {
    assert(state.sessions.has(owner), `ephemeral ${path} of unknown session ${owner}`);
    const paths = state.ephemerals.get(owner) ?? new Set<string>();
    state.ephemerals.set(owner, paths.add(path));
  }
}

/** msgpackr decodes binary as Buffer views of the snapshot; keep plain, owned copies. */
function copy(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}
