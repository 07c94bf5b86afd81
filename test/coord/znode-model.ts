// A deliberately dumb model of the znode tree for property tests: a flat Map of path → node,
// children found by scanning, a multi applied to a copy that is kept only if every op succeeds.
import { ZNODE_DATA_BYTES_MAX, ZNODE_PATH_BYTES_MAX } from '../../src/common/limits.js';
import type { ChangeEvent, Stat, TreeOp, Txn } from '../../src/coord/tree/types.js';

export interface ModelNode {
  data: Uint8Array;
  version: number;
  creates: number;
  owner: number;
  mode: number;
  czxid: number;
  mzxid: number;
  pzxid: number;
  ctime: number;
  mtime: number;
}

/** A result as the property compares it: error codes instead of messages. */
export type Summary =
  | { readonly error: string }
  | { readonly create: string; readonly stat: Stat }
  | { readonly setData: Stat }
  | { readonly ok: string }
  | { readonly multi: boolean; readonly results: readonly Summary[] };

class OpFailed extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

interface State {
  nodes: Map<string, ModelNode>;
  sessions: Map<number, number>;
  nextSessionId: number;
}

const fresh = (zxid: number): ModelNode => ({
  data: new Uint8Array(0),
  version: 0,
  creates: 0,
  owner: 0,
  mode: 0,
  czxid: zxid,
  mzxid: zxid,
  pzxid: zxid,
  ctime: 0,
  mtime: 0,
});

/** Valid per ZooKeeper's rules, checked the simple way: split on '/' and look at each element. */
export function modelPathValid(path: string): boolean {
  if (path === '/') return true;
  if (!path.startsWith('/') || path.endsWith('/')) return false;
  if (Buffer.byteLength(path) > ZNODE_PATH_BYTES_MAX) return false;
  if (/[\u0000-\u001f\u007f-\u009f\ud800-\uf8ff\ufff0-\uffff]/.test(path)) return false;
  return path
    .slice(1)
    .split('/')
    .every((e) => e !== '' && e !== '.' && e !== '..');
}

const parentPath = (path: string): string => path.slice(0, path.lastIndexOf('/')) || '/';

export class ZnodeModel {
  state: State = {
    nodes: new Map([
      ['/', fresh(0)],
      ['/zookeeper', fresh(0)],
      ['/zookeeper/quota', fresh(0)],
    ]),
    sessions: new Map(),
    nextSessionId: 1,
  };
  lastZxid = 0;

  children(path: string, state = this.state): string[] {
    return [...state.nodes.keys()].filter((p) => p !== '/' && parentPath(p) === path).sort();
  }

  stat(path: string, state = this.state): Stat {
    const n = state.nodes.get(path);
    if (n === undefined) throw new Error(`model: no ${path}`);
    const numChildren = this.children(path, state).length;
    const { czxid, mzxid, pzxid, ctime, mtime, version } = n;
    return {
      ...{ czxid, mzxid, pzxid, ctime, mtime, version },
      cversion: 2 * n.creates - numChildren,
      aversion: 0,
      ephemeralOwner: n.owner,
      dataLength: n.data.length,
      numChildren,
    };
  }

  ephemerals(sessionId: number): string[] {
    return [...this.state.nodes]
      .filter(([, n]) => n.owner !== 0 && n.owner === sessionId)
      .map(([p]) => p);
  }

  apply(txn: Txn, zxid: number, timeMs: number): { summary: Summary; changes: ChangeEvent[] } {
    this.lastZxid = zxid;
    const changes: ChangeEvent[] = [];
    const emptied: string[] = [];
    const work = { nodes: new Map(this.state.nodes), sessions: this.state.sessions } as State;
    work.nextSessionId = this.state.nextSessionId;
    for (const [p, n] of work.nodes) work.nodes.set(p, { ...n });
    const env = { state: work, zxid, timeMs, changes, emptied };
    let summary: Summary;
    if (txn.kind === 'multi') {
      const results: Summary[] = [];
      let failed = false;
      for (const op of txn.ops) {
        if (failed) results.push({ error: 'RuntimeInconsistency' });
        else {
          const r = this.#tryOp(env, op, txn.sessionId);
          results.push(r);
          failed = 'error' in r;
        }
      }
      summary = { multi: !failed, results };
      if (failed) return { summary, changes: [] };
    } else if (txn.kind === 'createSession') {
      summary = this.#createSession(work, txn.timeoutMs);
    } else if (txn.kind === 'closeSession') {
      for (const p of this.ephemerals(txn.sessionId).sort()) this.#unlink(env, p);
      work.sessions.delete(txn.sessionId);
      summary = { ok: 'sessionClosed' };
    } else if (txn.kind === 'noop') {
      summary = { ok: 'noop' };
    } else {
      summary = this.#tryOp(env, txn, txn.sessionId);
      if ('error' in summary) return { summary, changes: [] };
    }
    for (const p of emptied) {
      const n = work.nodes.get(p);
      if (n?.mode === 4 && this.children(p, work).length === 0) this.#unlink(env, p);
    }
    this.state = work;
    return { summary, changes };
  }

  #createSession(work: State, timeoutMs: number): Summary {
    if (timeoutMs <= 0) return { error: 'InvalidArgument' };
    work.sessions.set(work.nextSessionId, timeoutMs);
    work.nextSessionId++;
    return { ok: `session ${work.nextSessionId - 1}` };
  }

  #tryOp(env: Env, op: TreeOp, sessionId: number): Summary {
    try {
      return this.#op(env, op, sessionId);
    } catch (e: unknown) {
      if (e instanceof OpFailed) return { error: e.code };
      throw e;
    }
  }

  #op(env: Env, op: TreeOp, sessionId: number): Summary {
    const { nodes } = env.state;
    const need = (ok: boolean, code: string): void => {
      if (!ok) throw new OpFailed(code);
    };
    const versionOk = (n: ModelNode, v: number): boolean => v === -1 || v === n.version;
    if (op.kind === 'create') return this.#create(env, op, sessionId, need);
    if (op.kind === 'setData') need(op.data.length <= ZNODE_DATA_BYTES_MAX, 'LimitExceeded');
    need(modelPathValid(op.path), 'BadArguments');
    if (op.kind === 'delete') {
      need(op.path !== '/zookeeper' && !op.path.startsWith('/zookeeper/'), 'BadArguments');
    }
    const n = nodes.get(op.path);
    need(n !== undefined, 'NoNode');
    if (n === undefined) throw new Error('unreachable');
    need(versionOk(n, op.version), 'BadVersion');
    if (op.kind === 'check') return { ok: 'check' };
    if (op.kind === 'setData') {
      Object.assign(n, {
        data: op.data,
        version: n.version + 1,
        mzxid: env.zxid,
        mtime: env.timeMs,
      });
      env.changes.push({ type: 'NodeDataChanged', path: op.path });
      return { setData: this.stat(op.path, env.state) };
    }
    need(this.children(op.path, env.state).length === 0, 'NotEmpty');
    this.#unlink(env, op.path);
    return { ok: 'delete' };
  }

  #create(
    env: Env,
    op: Extract<TreeOp, { kind: 'create' }>,
    sessionId: number,
    need: (ok: boolean, code: string) => void,
  ): Summary {
    const { nodes, sessions } = env.state;
    need([0, 1, 2, 3, 4].includes(op.mode), 'BadArguments');
    const ephemeral = op.mode === 1 || op.mode === 3;
    const sequential = op.mode === 2 || op.mode === 3;
    need(!ephemeral || sessions.has(sessionId), 'SessionExpired');
    need(op.data.length <= ZNODE_DATA_BYTES_MAX, 'LimitExceeded');
    need(modelPathValid(sequential ? `${op.path}1` : op.path), 'BadArguments');
    const parent = nodes.get(parentPath(op.path));
    need(parent !== undefined, 'NoNode');
    if (parent === undefined) throw new Error('unreachable');
    const path = sequential ? op.path + String(parent.creates).padStart(10, '0') : op.path;
    need(modelPathValid(path), 'BadArguments');
    need(path !== '/zookeeper' && !path.startsWith('/zookeeper/'), 'BadArguments');
    need(!nodes.has(path), 'NodeExists');
    need(parent.owner === 0, 'NoChildrenForEphemerals');
    parent.creates++;
    parent.pzxid = env.zxid;
    const node = { ...fresh(env.zxid), data: op.data, mode: op.mode, ctime: env.timeMs };
    nodes.set(path, { ...node, mtime: env.timeMs, owner: ephemeral ? sessionId : 0 });
    env.changes.push({ type: 'NodeCreated', path });
    return { create: path, stat: this.stat(path, env.state) };
  }

  #unlink(env: Env, path: string): void {
    const parent = env.state.nodes.get(parentPath(path));
    if (parent === undefined) throw new Error(`model: no parent of ${path}`);
    env.state.nodes.delete(path);
    parent.pzxid = env.zxid;
    if (parent.mode === 4) env.emptied.push(parentPath(path));
    env.changes.push({ type: 'NodeDeleted', path });
  }
}

interface Env {
  readonly state: State;
  readonly zxid: number;
  readonly timeMs: number;
  readonly changes: ChangeEvent[];
  readonly emptied: string[];
}
