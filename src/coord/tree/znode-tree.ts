// The coordinator's replicated state machine: applies committed transactions to the znode tree
// and answers local reads. Pure and deterministic (no I/O, clock or randomness): every Raft member
// that applies the same log holds the same tree. Operating errors come back as results.
import { assert, assertNever } from '../../common/assert.js';
import { ColonnadeError, InvalidArgumentError, LimitExceededError } from '../../common/errors.js';
import { toWire } from '../../common/errors.js';
import { MULTI_OPS_MAX, SESSIONS_MAX } from '../../common/limits.js';
import { RuntimeInconsistencyError } from '../errors.js';
import type {
  ApplyContext,
  ChangeEvent,
  MultiOpResult,
  SessionInfo,
  Stat,
  TreeOp,
  Txn,
  TxnResult,
} from './types.js';
import { join, validatePath } from './path.js';
import { applyTreeOp } from './tree-ops.js';
import { TreeEdit } from './tree-edit.js';
import { initialTreeState } from './tree-state.js';
import type { TreeState } from './tree-state.js';
import { statOf } from './znode.js';
import type { Znode } from './znode.js';

export interface ApplyOutcome {
  readonly result: TxnResult;
  readonly changes: ChangeEvent[];
}

export class ZnodeTree {
  readonly #state: TreeState;

  /** A fresh tree (root, /zookeeper, /zookeeper/quota); `restoreTree` passes a decoded state. */
  constructor(state: TreeState = initialTreeState()) {
    this.#state = state;
  }

  /** The zxid of the last applied transaction (0 before any). */
  get lastZxid(): number {
    return this.#state.lastZxid;
  }

  /** Znodes in the tree, the root and /zookeeper's included. */
  get nodeCount(): number {
    return this.#state.nodes.size;
  }

  /**
   * Applies one committed transaction. zxids must increase from one apply to the next. Never
   * throws for operating errors: a failed transaction changes nothing but `lastZxid`.
   */
  apply(txn: Txn, ctx: ApplyContext): ApplyOutcome {
    assert(Number.isSafeInteger(ctx.zxid), `zxid ${ctx.zxid} is not an integer`);
    assert(ctx.zxid > this.#state.lastZxid, `zxid ${ctx.zxid} after ${this.#state.lastZxid}`);
    this.#state.lastZxid = ctx.zxid;
    const edit = new TreeEdit(this.#state, ctx);
    const result = this.#dispatch(txn, edit);
    return { result, changes: edit.changes };
  }

  #dispatch(txn: Txn, edit: TreeEdit): TxnResult {
    try {
      switch (txn.kind) {
        case 'create':
        case 'delete':
        case 'setData':
        case 'check': {
          const result = applyTreeOp(edit, txn, txn.sessionId);
          edit.reapContainers();
          return result;
        }
        case 'multi':
          return this.#multi(edit, txn.ops, txn.sessionId);
        case 'createSession':
          return this.#createSession(txn.timeoutMs, txn.password);
        case 'closeSession':
          return this.#closeSession(edit, txn.sessionId);
        case 'noop':
          return { kind: 'noop' };
        default:
          return assertNever(txn, 'txn');
      }
    } catch (error: unknown) {
      if (!(error instanceof ColonnadeError)) throw error;
      return { kind: 'error', error: toWire(error) };
    }
  }

  /** All or nothing: on the first failure every op is undone; later ops are not even checked. */
  #multi(edit: TreeEdit, ops: readonly TreeOp[], sessionId: number): TxnResult {
    if (ops.length > MULTI_OPS_MAX) {
      throw new LimitExceededError(`multi has ${ops.length} ops; the limit is ${MULTI_OPS_MAX}`);
    }
    const results: MultiOpResult[] = [];
    for (const op of ops) {
      try {
        results.push(applyTreeOp(edit, op, sessionId));
      } catch (error: unknown) {
        if (!(error instanceof ColonnadeError)) throw error;
        edit.rollback();
        results.push({ kind: 'error', error: toWire(error) });
        const skipped = toWire(
          new RuntimeInconsistencyError(`op ${results.length} of the multi failed; none applied`),
        );
        while (results.length < ops.length) results.push({ kind: 'error', error: skipped });
        return { kind: 'multi', ok: false, results };
      }
    }
    edit.reapContainers();
    return { kind: 'multi', ok: true, results };
  }

  #createSession(timeoutMs: number, password: Uint8Array): TxnResult {
    if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0) {
      throw new InvalidArgumentError(`session timeout ${timeoutMs} ms is not a positive integer`);
    }
    const { sessions } = this.#state;
    if (sessions.size >= SESSIONS_MAX) {
      throw new LimitExceededError(
        `${sessions.size} sessions are open; the limit is ${SESSIONS_MAX}`,
      );
    }
    const sessionId = this.#state.nextSessionId++;
    sessions.set(sessionId, { sessionId, timeoutMs, password: password.slice() });
    return { kind: 'session', sessionId, timeoutMs };
  }

  /** Deletes the session's ephemerals (in path order) in this same apply; idempotent. */
  #closeSession(edit: TreeEdit, sessionId: number): TxnResult {
    for (const path of this.ephemerals(sessionId)) edit.removeNode(path);
    edit.reapContainers();
    this.#state.sessions.delete(sessionId);
    return { kind: 'sessionClosed', sessionId };
  }

  // ---- Reads: local, not through the log. An invalid path throws BadArgumentsError. ----

  /** The data is the tree's own (never changed in place, as writes replace it): don't mutate. */
  getData(path: string): { data: Uint8Array; stat: Stat } | undefined {
    const node = this.#read(path);
    return node === undefined ? undefined : { data: node.data, stat: statOf(node) };
  }

  exists(path: string): Stat | undefined {
    const node = this.#read(path);
    return node === undefined ? undefined : statOf(node);
  }

  getChildren(path: string): { children: string[]; stat: Stat } | undefined {
    const node = this.#read(path);
    if (node === undefined) return undefined;
    return { children: [...node.children].sort(compareNames), stat: statOf(node) };
  }

  session(sessionId: number): SessionInfo | undefined {
    return this.#state.sessions.get(sessionId);
  }

  /** Open sessions by increasing id. */
  sessions(): SessionInfo[] {
    return [...this.#state.sessions.values()].sort((a, b) => a.sessionId - b.sessionId);
  }

  /** Paths of the session's ephemerals, sorted. */
  ephemerals(sessionId: number): string[] {
    return [...(this.#state.ephemerals.get(sessionId) ?? [])].sort(compareNames);
  }

  /** Every path in the tree, parents before children (depth first, children sorted). */
  paths(): string[] {
    const out: string[] = [];
    const visit = (path: string): void => {
      out.push(path);
      const node = this.#state.nodes.get(path);
      assert(node !== undefined, `child ${path} is missing`);
      for (const name of [...node.children].sort(compareNames)) visit(join(path, name));
    };
    visit('/');
    return out;
  }

  /** The live state, for snapshots only: callers must not mutate it. */
  stateForSnapshot(): TreeState {
    return this.#state;
  }

  #read(path: string): Znode | undefined {
    validatePath(path);
    return this.#state.nodes.get(path);
  }
}

/** Node names compare as JavaScript strings (UTF-16 code units), as Java's String.compareTo. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
