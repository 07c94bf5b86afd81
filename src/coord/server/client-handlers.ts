// The member's answers to clients (CoordService). Writes go through the log; reads come from this
// member's tree once the session's earlier writes are applied here; every answer carries the
// session's queued watch events. Input is checked before anything is replicated.
import { randomBytes } from 'node:crypto';
import { fromWire } from '../../common/errors.js';
import { LimitExceededError } from '../../common/errors.js';
import {
  MULTI_OPS_MAX,
  SESSION_PASSWORD_BYTES,
  SESSION_TIMEOUT_MAX_MS,
  SESSION_TIMEOUT_MIN_MS,
  ZNODE_DATA_BYTES_MAX,
} from '../../common/limits.js';
import type { Handlers } from '../../rpc/index.js';
import {
  BadArgumentsError,
  ConnectionLossError,
  NoNodeError,
  SessionExpiredError,
} from '../errors.js';
import type { CoordService, Answer } from '../protocol.js';
import { validatePath } from '../tree/index.js';
import type { OpResult, TreeOp, Txn, TxnResult } from '../tree/types.js';
import type { CoordMember, LocalSession } from './member.js';

export interface SessionBounds {
  readonly minMs: number;
  readonly maxMs: number;
}

export const DEFAULT_SESSION_BOUNDS: SessionBounds = {
  minMs: SESSION_TIMEOUT_MIN_MS,
  maxMs: SESSION_TIMEOUT_MAX_MS,
};

export function clampTimeout(requestedMs: number, bounds: SessionBounds): number {
  return Math.min(bounds.maxMs, Math.max(bounds.minMs, Math.round(requestedMs)));
}

function checkData(data: unknown): Uint8Array {
  if (!(data instanceof Uint8Array)) throw new BadArgumentsError('data must be bytes');
  if (data.length > ZNODE_DATA_BYTES_MAX) {
    throw new LimitExceededError(
      `znode data is ${data.length} bytes; ZNODE_DATA_BYTES_MAX is ${ZNODE_DATA_BYTES_MAX}`,
    );
  }
  return data;
}

function checkVersion(version: unknown): number {
  if (typeof version !== 'number' || !Number.isInteger(version) || version < -1) {
    throw new BadArgumentsError(`version must be an integer ≥ -1, got ${String(version)}`);
  }
  return version;
}

function checkOp(op: TreeOp): TreeOp {
  if (typeof op !== 'object' || op === null) throw new BadArgumentsError('multi op must be a map');
  if (typeof op.path !== 'string') throw new BadArgumentsError('op path must be a string');
  switch (op.kind) {
    case 'create':
      checkData(op.data);
      return op;
    case 'setData':
      checkData(op.data);
      checkVersion(op.version);
      return op;
    case 'delete':
    case 'check':
      checkVersion(op.version);
      return op;
    default:
      throw new BadArgumentsError(
        `unknown multi op kind ${String((op as { kind: unknown }).kind)}`,
      );
  }
}

/** The result of a write, or its error rebuilt as its class. */
function expect<K extends TxnResult['kind']>(
  result: TxnResult,
  kind: K,
): Extract<TxnResult, { kind: K }> {
  if (result.kind === 'error') throw fromWire(result.error);
  if (result.kind !== kind) throw new ConnectionLossError(`unexpected result ${result.kind}`);
  return result as Extract<TxnResult, { kind: K }>;
}

export function clientHandlers(
  member: CoordMember,
  bounds: SessionBounds,
): Handlers<typeof CoordService.methods> {
  const answer = (local: LocalSession): Answer => ({
    zxid: member.tree.lastZxid,
    events: local.outbox.drain(),
  });

  /**
   * A session's writes are proposed in the order they arrive and the log applies them in that
   * order (FIFO per session, pipelined).
   */
  const write = (local: LocalSession, txn: Txn): Promise<TxnResult> => member.propose(txn, local);

  /**
   * A read sees the state right after the session's last write — not before it, and not after a
   * later one: it runs inside the apply of that write (or at once when none is pending).
   */
  const read = <T>(sessionId: number, path: string, body: (local: LocalSession) => T): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const local = member.localSession(sessionId);
      const run = (): void => {
        try {
          validatePath(path);
          resolve(body(member.localSession(sessionId)));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
      if (!member.runAfterWrite(local.lastWriteId, run)) run();
    });

  /** Answers a session's requests in the order they arrived (ZooKeeper's FIFO replies). */
  const inOrder = async <T>(sessionId: number, work: () => Promise<T>): Promise<T> => {
    const local = member.localSession(sessionId);
    const previous = local.replyTurn;
    let release: () => void = () => undefined;
    local.replyTurn = new Promise<void>((resolve) => (release = resolve));
    try {
      const result = await work();
      await previous;
      return result;
    } catch (error) {
      await previous;
      throw error;
    } finally {
      release();
    }
  };

  const treeOp = async (
    sessionId: number,
    op: TreeOp,
  ): Promise<{ local: LocalSession; result: OpResult }> => {
    const local = member.localSession(sessionId);
    const result = await write(local, { ...checkOp(op), sessionId });
    return { local, result: expect(result, op.kind) };
  };

  return {
    connect: async (request) => {
      if (request.sessionId === 0) {
        const timeoutMs = clampTimeout(request.timeoutMs, bounds);
        const password = randomBytes(SESSION_PASSWORD_BYTES);
        const created = expect(
          await member.propose({ kind: 'createSession', timeoutMs, password }),
          'session',
        );
        member.localSession(created.sessionId);
        return { sessionId: created.sessionId, password, timeoutMs, zxid: member.tree.lastZxid };
      }
      const session = member.tree.session(request.sessionId);
      if (
        session === undefined ||
        !Buffer.from(session.password).equals(Buffer.from(request.password))
      ) {
        throw new SessionExpiredError(`session 0x${request.sessionId.toString(16)} has expired`);
      }
      if (request.lastZxidSeen > member.tree.lastZxid) {
        throw new ConnectionLossError(
          `member ${member.id} has applied zxid ${member.tree.lastZxid}, ` +
            `behind the client's ${request.lastZxidSeen}; try another`,
        );
      }
      member.attachSession(request.sessionId);
      return {
        sessionId: session.sessionId,
        password: session.password,
        timeoutMs: session.timeoutMs,
        zxid: member.tree.lastZxid,
      };
    },
    ping: ({ sessionId }) => inOrder(sessionId, () => read(sessionId, '/', answer)),
    close: ({ sessionId }) =>
      inOrder(sessionId, async () => {
        const local = member.localSession(sessionId);
        await write(local, { kind: 'closeSession', sessionId, reason: 'closed' });
        return { zxid: member.tree.lastZxid, events: local.outbox.drain() };
      }),
    create: ({ sessionId, path, data, mode }) =>
      inOrder(sessionId, async () => {
        const { local, result } = await treeOp(sessionId, { kind: 'create', path, data, mode });
        const created = result as Extract<OpResult, { kind: 'create' }>;
        return { ...answer(local), path: created.path, stat: created.stat };
      }),
    delete: ({ sessionId, path, version }) =>
      inOrder(sessionId, async () => {
        const { local } = await treeOp(sessionId, { kind: 'delete', path, version });
        return answer(local);
      }),
    setData: ({ sessionId, path, data, version }) =>
      inOrder(sessionId, async () => {
        const op = { kind: 'setData', path, data, version } as const;
        const { local, result } = await treeOp(sessionId, op);
        return { ...answer(local), stat: (result as Extract<OpResult, { kind: 'setData' }>).stat };
      }),
    getData: ({ sessionId, path, watch }) =>
      inOrder(sessionId, () =>
        read(sessionId, path, (local) => {
          const node = member.tree.getData(path);
          if (node === undefined) throw new NoNodeError(`no node ${path}`);
          if (watch) member.watches.add(sessionId, path, 'data');
          return { ...answer(local), data: node.data, stat: node.stat };
        }),
      ),
    exists: ({ sessionId, path, watch }) =>
      inOrder(sessionId, () =>
        read(sessionId, path, (local) => {
          const stat = member.tree.exists(path);
          if (watch) member.watches.add(sessionId, path, 'exists');
          return { ...answer(local), stat: stat ?? null };
        }),
      ),
    getChildren: ({ sessionId, path, watch }) =>
      inOrder(sessionId, () =>
        read(sessionId, path, (local) => {
          const node = member.tree.getChildren(path);
          if (node === undefined) throw new NoNodeError(`no node ${path}`);
          if (watch) member.watches.add(sessionId, path, 'child');
          return { ...answer(local), children: node.children, stat: node.stat };
        }),
      ),
    multi: ({ sessionId, ops }) =>
      inOrder(sessionId, async () => {
        if (!Array.isArray(ops) || ops.length > MULTI_OPS_MAX) {
          throw new BadArgumentsError(`multi needs 0..${MULTI_OPS_MAX} ops`);
        }
        const local = member.localSession(sessionId);
        const txn: Txn = { kind: 'multi', sessionId, ops: ops.map(checkOp) };
        const result = expect(await write(local, txn), 'multi');
        return { ...answer(local), ok: result.ok, results: result.results };
      }),
    sync: ({ sessionId, path }) =>
      inOrder(sessionId, async () => {
        const local = member.localSession(sessionId);
        expect(await write(local, { kind: 'noop' }), 'noop');
        return { ...answer(local), path };
      }),
    setWatches: ({ sessionId, relativeZxid, watches }) =>
      inOrder(sessionId, () =>
        read(sessionId, '/', (local) => {
          const due = member.watches.setWatches(sessionId, member.tree, relativeZxid, watches);
          for (const event of due) local.outbox.push(event);
          return answer(local);
        }),
      ),
    status: () => ({
      memberId: member.id,
      role: member.isLeader ? 'leader' : member.leaderId === undefined ? 'candidate' : 'follower',
      leaderId: member.leaderId ?? null,
      zxid: member.tree.lastZxid,
      znodes: member.tree.nodeCount,
      sessions: member.tree.sessions().length,
    }),
    events: ({ sessionId }, context) => member.sessionEvents(sessionId, context.signal),
  };
}
