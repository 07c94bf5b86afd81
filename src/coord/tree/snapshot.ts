// Snapshots of the znode tree for Raft: the whole state as plain msgpack structures. Invariant:
// restoreTree(snapshotTree(t)) answers every read, and applies every later txn, exactly as t.
import { pack, unpack } from 'msgpackr';
import { assert } from '../../common/assert.js';
import type { CreateMode } from './types.js';
import { ROOT_PATH, basename, isValidPath, parentOf } from './path.js';
import type { TreeState } from './tree-state.js';
import type { Znode } from './znode.js';
import { ZnodeTree } from './znode-tree.js';

/**
 * Format 2: the header, then the nodes as msgpack chunks of up to SNAPSHOT_CHUNK_NODES rows, in
 * parent-first order. Chunks let `snapshotTreeAsync` encode a large tree in slices that yield to
 * the event loop, while the tree goes on changing: the rows are copied first, and data bytes are
 * never changed in place (a write replaces them), so the copy is cheap and consistent.
 */
const SNAPSHOT_FORMAT = 2;
const SNAPSHOT_CHUNK_NODES = 4_096;

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
  /** Each a msgpack array of NodeRows; every parent comes before its children. */
  readonly chunks: Uint8Array[];
}

/** The tree's state copied column-wise (cheap): rows are built later, one chunk at a time. */
interface Capture {
  readonly header: Omit<SnapshotBody, 'chunks'>;
  readonly paths: string[];
  readonly data: Uint8Array[];
  readonly modes: Uint8Array;
  /** czxid, mzxid, pzxid, ctime, mtime, version, creates, ephemeralOwner per node. */
  readonly numbers: Float64Array;
}

const NUMBERS_PER_NODE = 8;

/**
 * Copies the state. The node map iterates parents first: a node is inserted after its parent,
 * and a parent cannot be deleted (and re-inserted) while it has children.
 */
function capture(tree: ZnodeTree): Capture {
  const state = tree.stateForSnapshot();
  const size = state.nodes.size;
  const paths = new Array<string>(size);
  const data = new Array<Uint8Array>(size);
  const modes = new Uint8Array(size);
  const numbers = new Float64Array(size * NUMBERS_PER_NODE);
  let i = 0;
  for (const [path, n] of state.nodes) {
    paths[i] = path;
    data[i] = n.data;
    modes[i] = n.mode;
    const at = i * NUMBERS_PER_NODE;
    numbers[at] = n.czxid;
    numbers[at + 1] = n.mzxid;
    numbers[at + 2] = n.pzxid;
    numbers[at + 3] = n.ctime;
    numbers[at + 4] = n.mtime;
    numbers[at + 5] = n.version;
    numbers[at + 6] = n.creates;
    numbers[at + 7] = n.ephemeralOwner;
    i += 1;
  }
  const sessions: SessionRow[] = [...state.sessions.values()]
    .sort((a, b) => a.sessionId - b.sessionId)
    .map((s) => [s.sessionId, s.timeoutMs, s.password]);
  const header = {
    format: SNAPSHOT_FORMAT,
    lastZxid: state.lastZxid,
    nextSessionId: state.nextSessionId,
    sessions,
  };
  return { header, paths, data, modes, numbers };
}

function chunkAt(c: Capture, from: number): Uint8Array {
  const to = Math.min(c.paths.length, from + SNAPSHOT_CHUNK_NODES);
  const rows: NodeRow[] = [];
  for (let i = from; i < to; i += 1) {
    const at = i * NUMBERS_PER_NODE;
    const n = (k: number): number => c.numbers[at + k] ?? Number.NaN;
    rows.push([
      c.paths[i] ?? '',
      c.data[i] ?? new Uint8Array(0),
      n(0),
      n(1),
      n(2),
      n(3),
      n(4),
      n(5),
      n(6),
      n(7),
      (c.modes[i] ?? 0) as CreateMode,
    ]);
  }
  return pack(rows);
}

export function snapshotTree(tree: ZnodeTree): Uint8Array {
  const c = capture(tree);
  const chunks: Uint8Array[] = [];
  for (let from = 0; from < c.paths.length; from += SNAPSHOT_CHUNK_NODES) {
    chunks.push(chunkAt(c, from));
  }
  return pack({ ...c.header, chunks });
}

/** The tree as it is now, encoded a chunk per event-loop turn (the tree may change meanwhile). */
export async function snapshotTreeAsync(tree: ZnodeTree): Promise<Uint8Array> {
  const c = capture(tree);
  const chunks: Uint8Array[] = [];
  for (let from = 0; from < c.paths.length; from += SNAPSHOT_CHUNK_NODES) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    chunks.push(chunkAt(c, from));
  }
  return pack({ ...c.header, chunks });
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
  for (const chunk of body.chunks) {
    for (const row of unpack(chunk) as NodeRow[]) restoreNode(state, row);
  }
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
