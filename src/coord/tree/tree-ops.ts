// The four tree operations with ZooKeeper's checks, in PrepRequestProcessor's order. Each either
// throws an operating error before touching the tree, or applies itself through the TreeEdit.
import { LimitExceededError } from '../../common/errors.js';
import { ZNODE_DATA_BYTES_MAX } from '../../common/limits.js';
import { assertNever } from '../../common/assert.js';
import {
  BadArgumentsError,
  BadVersionError,
  NoChildrenForEphemeralsError,
  NoNodeError,
  NodeExistsError,
  NotEmptyError,
  SessionExpiredError,
  UnimplementedError,
} from '../errors.js';
import { CreateMode } from './types.js';
import type { OpResult, TreeOp } from './types.js';
import { ROOT_PATH, isReservedPath, parentOf, sequentialPath, validatePath } from './path.js';
import type { TreeEdit } from './tree-edit.js';
import { newZnode, statOf } from './znode.js';
import type { Znode } from './znode.js';

/** Applies one op on behalf of `sessionId`, or throws the op's operating error. */
export function applyTreeOp(edit: TreeEdit, op: TreeOp, sessionId: number): OpResult {
  switch (op.kind) {
    case 'create':
      return create(edit, op.path, op.data, op.mode, sessionId);
    case 'delete':
      remove(edit, op.path, op.version);
      return { kind: 'delete' };
    case 'setData':
      return setData(edit, op.path, op.data, op.version);
    case 'check':
      checkVersion(existing(edit, op.path), op.version, op.path);
      return { kind: 'check' };
    default:
      return assertNever(op, 'tree op');
  }
}

const MODES: ReadonlySet<number> = new Set(Object.values(CreateMode));
/** ZooKeeper's PERSISTENT_WITH_TTL and PERSISTENT_SEQUENTIAL_WITH_TTL. */
const TTL_MODES = [5, 6] as const;

function isEphemeralMode(mode: CreateMode): boolean {
  return mode === CreateMode.Ephemeral || mode === CreateMode.EphemeralSequential;
}

function isSequentialMode(mode: CreateMode): boolean {
  return mode === CreateMode.PersistentSequential || mode === CreateMode.EphemeralSequential;
}

/**
 * Check order (ZooKeeper: client-side validation, then pRequest2TxnCreate): mode, live session
 * for an ephemeral, data size, path syntax, parent exists (NoNode), suffix appended, full path
 * valid, reserved subtree, NodeExists, ephemeral parent (NoChildrenForEphemerals).
 */
function create(
  edit: TreeEdit,
  path: string,
  data: Uint8Array,
  mode: CreateMode,
  sessionId: number,
): OpResult {
  // The mode comes off the wire: any number may arrive.
  if ((TTL_MODES as readonly number[]).includes(mode)) {
    // ZooKeeper answers UNIMPLEMENTED for TTL nodes unless extended types are enabled.
    throw new UnimplementedError(`create mode ${String(mode)} (TTL nodes) is not supported`);
  }
  if (!MODES.has(mode)) throw new BadArgumentsError(`create mode ${String(mode)} is not known`);
  const ephemeral = isEphemeralMode(mode);
  if (ephemeral && !edit.state.sessions.has(sessionId)) {
    throw new SessionExpiredError(`session ${sessionId} does not exist; it cannot own ${path}`);
  }
  checkDataSize(data, path);
  const sequential = isSequentialMode(mode);
  validatePath(path, sequential);
  // Cut at the last '/', as ZooKeeper does: "/q/" (sequential) has parent "/q"; "/" has the root.
  const parentPath = path.lastIndexOf('/') === 0 ? ROOT_PATH : path.slice(0, path.lastIndexOf('/'));
  const parent = edit.node(parentPath);
  if (parent === undefined) throw new NoNodeError(`parent node ${parentPath} does not exist`);
  const fullPath = sequential ? sequentialPath(path, parent.creates) : path;
  if (sequential) validatePath(fullPath);
  if (isReservedPath(fullPath)) throw new BadArgumentsError(`path ${fullPath} is reserved`);
  if (edit.node(fullPath) !== undefined) throw new NodeExistsError(`node ${fullPath} exists`);
  if (parent.ephemeralOwner !== 0) {
    throw new NoChildrenForEphemeralsError(
      `node ${parentPath} is ephemeral; it cannot have child ${fullPath}`,
    );
  }
  const { zxid, timeMs } = edit.ctx;
  const node = newZnode(data.slice(), mode, ephemeral ? sessionId : 0, zxid, timeMs);
  edit.addNode(fullPath, node);
  return { kind: 'create', path: fullPath, stat: statOf(node) };
}

/** Check order (ZooKeeper's delete): path, reserved, parent, node, version, children. */
function remove(edit: TreeEdit, path: string, version: number): void {
  validatePath(path);
  if (isReservedPath(path)) throw new BadArgumentsError(`path ${path} is reserved`);
  if (path !== ROOT_PATH && edit.node(parentOf(path)) === undefined) {
    throw new NoNodeError(`node ${path} does not exist`);
  }
  const node = existing(edit, path);
  checkVersion(node, version, path);
  // The root always has /zookeeper, so it always ends here.
  if (node.children.size > 0) {
    throw new NotEmptyError(`node ${path} has ${node.children.size} children`);
  }
  edit.removeNode(path);
}

function setData(edit: TreeEdit, path: string, data: Uint8Array, version: number): OpResult {
  checkDataSize(data, path);
  validatePath(path);
  checkVersion(existing(edit, path), version, path);
  return { kind: 'setData', stat: statOf(edit.setData(path, data.slice())) };
}

function existing(edit: TreeEdit, path: string): Znode {
  validatePath(path);
  const node = edit.node(path);
  if (node === undefined) throw new NoNodeError(`node ${path} does not exist`);
  return node;
}

/** ZooKeeper's checkAndIncVersion: -1 matches any version. */
function checkVersion(node: Znode, expected: number, path: string): void {
  if (expected !== -1 && expected !== node.version) {
    throw new BadVersionError(`node ${path} has version ${node.version}, not ${expected}`);
  }
}

function checkDataSize(data: Uint8Array, path: string): void {
  if (data.length > ZNODE_DATA_BYTES_MAX) {
    throw new LimitExceededError(
      `data for ${path} is ${data.length} bytes; the limit is ${ZNODE_DATA_BYTES_MAX}`,
    );
  }
}
