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
   * order (FIFO per session, pipelined); its reads wait for its last write to be applied here.
   */
  const write = (local: LocalSession, txn: Txn): Promise<TxnResult> => {
    const result = member.propose(txn);
    local.lastWrite = result.catch(() => undefined);
    return result;
  };

  /** A read: waits for the session's writes, then checks the path. */
  const read = async (sessionId: number, path: string): Promise<LocalSession> => {
    const local = member.localSession(sessionId);
    await local.lastWrite;
    validatePath(path);
    return member.localSession(sessionId);
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
    ping: ({ sessionId }) => answer(member.localSession(sessionId)),
    close: async ({ sessionId }) => {
      const local = member.localSession(sessionId);
      await write(local, { kind: 'closeSession', sessionId, reason: 'closed' });
      return { zxid: member.tree.lastZxid, events: local.outbox.drain() };
    },
    create: async ({ sessionId, path, data, mode }) => {
      const { local, result } = await treeOp(sessionId, { kind: 'create', path, data, mode });
      const created = result as Extract<OpResult, { kind: 'create' }>;
      return { ...answer(local), path: created.path, stat: created.stat };
    },
    delete: async ({ sessionId, path, version }) => {
      const { local } = await treeOp(sessionId, { kind: 'delete', path, version });
      return answer(local);
    },
    setData: async ({ sessionId, path, data, version }) => {
      const { local, result } = await treeOp(sessionId, { kind: 'setData', path, data, version });
      return { ...answer(local), stat: (result as Extract<OpResult, { kind: 'setData' }>).stat };
    },
    getData: async ({ sessionId, path, watch }) => {
      const local = await read(sessionId, path);
      const node = member.tree.getData(path);
      if (node === undefined) throw new NoNodeError(`no node ${path}`);
      if (watch) member.watches.add(sessionId, path, 'data');
      return { ...answer(local), data: node.data, stat: node.stat };
    },
    exists: async ({ sessionId, path, watch }) => {
      const local = await read(sessionId, path);
      const stat = member.tree.exists(path);
      if (watch) member.watches.add(sessionId, path, 'exists');
      return { ...answer(local), stat: stat ?? null };
    },
    getChildren: async ({ sessionId, path, watch }) => {
      const local = await read(sessionId, path);
      const node = member.tree.getChildren(path);
      if (node === undefined) throw new NoNodeError(`no node ${path}`);
      if (watch) member.watches.add(sessionId, path, 'child');
      return { ...answer(local), children: node.children, stat: node.stat };
    },
    multi: async ({ sessionId, ops }) => {
      if (!Array.isArray(ops) || ops.length > MULTI_OPS_MAX) {
        throw new BadArgumentsError(`multi needs 0..${MULTI_OPS_MAX} ops`);
      }
      const local = member.localSession(sessionId);
      const result = expect(
        await write(local, { kind: 'multi', sessionId, ops: ops.map(checkOp) }),
        'multi',
      );
      return { ...answer(local), ok: result.ok, results: result.results };
    },
    sync: async ({ sessionId, path }) => {
      const local = member.localSession(sessionId);
      expect(await write(local, { kind: 'noop' }), 'noop');
      return { ...answer(local), path };
    },
    setWatches: ({ sessionId, relativeZxid, watches }) => {
      const local = member.localSession(sessionId);
      const due = member.watches.setWatches(sessionId, member.tree, relativeZxid, watches);
      for (const event of due) {
        local.outbox.push(event);
      }
      return answer(local);
    },
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
