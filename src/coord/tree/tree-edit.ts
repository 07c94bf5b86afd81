// The mutations of one apply, each journaled with its inverse so that a failed multi leaves the
// tree exactly as it was. Invariant: after `rollback()` the state equals the state at construction.
import { assert } from '../../common/assert.js';
import { CreateMode } from './types.js';
import type { ApplyContext, ChangeEvent } from './types.js';
import { basename, parentOf } from './path.js';
import type { TreeState } from './tree-state.js';
import type { Znode } from './znode.js';

export class TreeEdit {
  readonly changes: ChangeEvent[] = [];
  readonly #undo: Array<() => void> = [];
  /** Containers that lost a child in this apply, in order: candidates for reaping. */
  readonly #containersLosingChildren: string[] = [];

  constructor(
    readonly state: TreeState,
    readonly ctx: ApplyContext,
  ) {}

  node(path: string): Znode | undefined {
    return this.state.nodes.get(path);
  }

  /** Links a new node under its parent, counting the create in the parent's sequence counter. */
  addNode(path: string, node: Znode): void {
    const parentPath = parentOf(path);
    const parent = this.state.nodes.get(parentPath);
    assert(parent !== undefined, `parent of ${path} is missing`);
    assert(!this.state.nodes.has(path), `${path} exists`);
    const name = basename(path);
    const { creates, pzxid } = parent;
    this.state.nodes.set(path, node);
    parent.children.add(name);
    parent.creates = (creates + 1) | 0;
    parent.pzxid = this.ctx.zxid;
    if (node.ephemeralOwner !== 0) this.#indexEphemeral(node.ephemeralOwner, path, true);
    this.changes.push({ type: 'NodeCreated', path });
    this.#undo.push(() => {
      this.state.nodes.delete(path);
      parent.children.delete(name);
      parent.creates = creates;
      parent.pzxid = pzxid;
      if (node.ephemeralOwner !== 0) this.#indexEphemeral(node.ephemeralOwner, path, false);
    });
  }

  /** Unlinks a childless node; a container parent becomes a candidate for reaping. */
  removeNode(path: string): void {
    const node = this.state.nodes.get(path);
    const parentPath = parentOf(path);
    const parent = this.state.nodes.get(parentPath);
    assert(node !== undefined && parent !== undefined, `${path} or its parent is missing`);
    assert(node.children.size === 0, `${path} has children`);
    const name = basename(path);
    const { pzxid } = parent;
    this.state.nodes.delete(path);
    parent.children.delete(name);
    parent.pzxid = this.ctx.zxid;
    if (node.ephemeralOwner !== 0) this.#indexEphemeral(node.ephemeralOwner, path, false);
    if (parent.mode === CreateMode.Container) this.#containersLosingChildren.push(parentPath);
    this.changes.push({ type: 'NodeDeleted', path });
    this.#undo.push(() => {
      this.state.nodes.set(path, node);
      parent.children.add(name);
      parent.pzxid = pzxid;
      if (node.ephemeralOwner !== 0) this.#indexEphemeral(node.ephemeralOwner, path, true);
    });
  }

  /** Replaces a node's data and counts the change in its version (signed 32-bit, as in Java). */
  setData(path: string, data: Uint8Array): Znode {
    const node = this.state.nodes.get(path);
    assert(node !== undefined, `${path} is missing`);
    const { data: oldData, version, mzxid, mtime } = node;
    node.data = data;
    node.version = (version + 1) | 0;
    node.mzxid = this.ctx.zxid;
    node.mtime = this.ctx.timeMs;
    this.changes.push({ type: 'NodeDataChanged', path });
    this.#undo.push(() => {
      node.data = oldData;
      node.version = version;
      node.mzxid = mzxid;
      node.mtime = mtime;
    });
    return node;
  }

  /** Undoes every mutation of this edit and forgets its changes. */
  rollback(): void {
    for (let undo = this.#undo.pop(); undo !== undefined; undo = this.#undo.pop()) undo();
    this.changes.length = 0;
    this.#containersLosingChildren.length = 0;
  }

  /**
   * Deletes each container that lost its last child in this apply, then any container parent that
   * this empties in turn. ZooKeeper's container manager does this later, on a timer; doing it in
   * the same apply keeps the tree a pure function of the log.
   */
  reapContainers(): void {
    for (let i = 0; i < this.#containersLosingChildren.length; i++) {
      const path = this.#containersLosingChildren[i];
      assert(path !== undefined, 'reap index in bounds');
      const node = this.state.nodes.get(path);
      if (node?.mode === CreateMode.Container && node.children.size === 0) this.removeNode(path);
    }
  }

  #indexEphemeral(sessionId: number, path: string, present: boolean): void {
    let paths = this.state.ephemerals.get(sessionId);
    if (present) {
      if (paths === undefined) {
        paths = new Set();
        this.state.ephemerals.set(sessionId, paths);
      }
      paths.add(path);
    } else if (paths !== undefined) {
      paths.delete(path);
      if (paths.size === 0) this.state.ephemerals.delete(sessionId);
    }
  }
}
