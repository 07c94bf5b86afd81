// One coordinator member: the replicated znode tree (applied from the Raft log), the sessions of
// the clients connected to it, their watches and event outboxes, and — while it leads — the
// session tracker that expires silent sessions through the log. Writes from any member go to the
// leader; a member answers its client once it has applied the write itself.
import type { Clock, TimerHandle } from '../../common/clock.js';
import type { HostPort } from '../../common/host-port.js';
import type { Logger } from '../../common/log.js';
import {
  COORD_LEADER_WAIT_MS,
  COORD_PROPOSAL_TIMEOUT_MS,
  COORD_TICK_MS,
} from '../../common/limits.js';
import type { Rng } from '../../common/rng.js';
import { RpcClient, type RpcServer } from '../../rpc/index.js';
import { ColonnadeError } from '../../common/errors.js';
import { ConnectionLossError, NotLeaderError, SessionExpiredError } from '../errors.js';
import { RaftMember, type Entry, type RaftStorage } from '../raft/index.js';
import { WatchManager, ZnodeTree, restoreTree, snapshotTreeAsync } from '../tree/index.js';
import type { Txn, TxnResult, WatchEvent } from '../tree/types.js';
import { CoordPeerService } from './peer-service.js';
import { SessionOutbox } from './session-outbox.js';
import { SessionTracker } from './session-tracker.js';
import { decodeRecord, encodeRecord } from './txn-codec.js';

/** Raft settings a member passes through unchanged (defaults: the RAFT_SNAPSHOT_* limits). */
export interface RaftTuning {
  /** Take a snapshot after this many applied entries. */
  readonly snapshotIntervalEntries?: number;
  /** Entries kept behind a snapshot; small values make lagging members catch up by snapshot. */
  readonly snapshotTrailingEntries?: number;
}

export interface CoordMemberOptions {
  readonly id: number;
  /** Every member's peer address (Raft and forwarding), this one's included. */
  readonly peers: ReadonlyMap<number, HostPort>;
  readonly peerServer: RpcServer;
  readonly storage: RaftStorage;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly logger: Logger;
  /** @default COORD_TICK_MS */
  readonly tickMs?: number;
  /** Raft snapshot settings; small values exercise snapshots in tests. */
  readonly raftTuning?: RaftTuning;
}

/** A session whose client talks to this member. */
export interface LocalSession {
  readonly sessionId: number;
  readonly outbox: SessionOutbox;
  /** The request id of the session's last write here (0: none); its reads run right after it. */
  lastWriteId: number;
  /** Settles when the session's previous request has been answered (answers go out in order). */
  replyTurn: Promise<void>;
}

interface Pending {
  readonly resolve: (result: TxnResult) => void;
  readonly reject: (error: Error) => void;
}

export class CoordMember {
  readonly id: number;
  readonly watches = new WatchManager();
  readonly #options: CoordMemberOptions;
  readonly #raft: RaftMember;
  readonly #peerClient: RpcClient;
  readonly #tracker = new SessionTracker();
  readonly #locals = new Map<number, LocalSession>();
  readonly #heard = new Set<number>();
  readonly #pending = new Map<number, Pending>();
  /** Work to run the moment a write of this member is applied (or fails): the reads after it. */
  readonly #afterWrite = new Map<number, (() => void)[]>();
  #tree = new ZnodeTree();
  #nextRequestId = 1;
  /**
   * This life of the member, never 0: request ids restart at 1 with every start, so an entry of
   * an earlier life replayed from the log must not answer this life's requests.
   */
  readonly #incarnation: number;
  #tickTimer: TimerHandle | undefined;
  #stopped = false;

  constructor(options: CoordMemberOptions) {
    this.id = options.id;
    this.#options = options;
    this.#peerClient = new RpcClient({ clock: options.clock, rng: options.rng });
    // The wall clock as well as the random source: a seeded source restarts the same.
    this.#incarnation = (options.rng.nextInt(0x7fffffff) ^ options.clock.nowMs()) >>> 0 || 1;
    this.#raft = new RaftMember({
      id: options.id,
      peers: options.peers,
      storage: options.storage,
      server: options.peerServer,
      client: this.#peerClient,
      clock: options.clock,
      rng: options.rng,
      logger: options.logger,
      ...options.raftTuning,
      stateMachine: {
        apply: (entry) => this.#apply(entry),
        snapshot: () => snapshotTreeAsync(this.#tree),
        restore: (data) => {
          this.#tree = restoreTree(data);
        },
      },
    });
    this.#raft.onLeaderChange(() => this.#onLeaderChange());
    options.peerServer.register(CoordPeerService, {
      propose: async ({ data }) => ({ index: await this.#raft.propose(data) }),
      touch: ({ sessionIds }) => {
        const now = this.#options.clock.monotonicMs();
        for (const sessionId of sessionIds) this.#tracker.touch(sessionId, now);
        return {};
      },
    });
  }

  get tree(): ZnodeTree {
    return this.#tree;
  }

  get isLeader(): boolean {
    return this.#raft.isLeader;
  }

  get leaderId(): number | undefined {
    return this.#raft.leaderId;
  }

  async start(): Promise<void> {
    await this.#raft.start();
    this.#scheduleTick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#tickTimer !== undefined) this.#options.clock.clearTimeout(this.#tickTimer);
    for (const pending of this.#pending.values()) {
      pending.reject(new ConnectionLossError(`member ${this.id} is stopping`));
    }
    this.#pending.clear();
    for (const local of this.#locals.values()) {
      local.outbox.close(new ConnectionLossError(`member ${this.id} is stopping`));
    }
    await this.#raft.stop();
    this.#peerClient.destroy();
  }

  /** The session as seen by this member; opens its local state on first contact. */
  localSession(sessionId: number): LocalSession {
    if (this.#tree.session(sessionId) === undefined) {
      throw new SessionExpiredError(`session 0x${sessionId.toString(16)} has expired or closed`);
    }
    let local = this.#locals.get(sessionId);
    if (local === undefined) {
      local = {
        sessionId,
        outbox: new SessionOutbox(),
        lastWriteId: 0,
        replyTurn: Promise.resolve(),
      };
      this.#locals.set(sessionId, local);
    }
    this.#heard.add(sessionId);
    return local;
  }

  /**
   * A client (re)attaches its session here: whatever this member held for it before (watches, an
   * outbox an old connection may still be reading) is dropped; the client re-sends its watches.
   */
  attachSession(sessionId: number): LocalSession {
    if (this.#locals.has(sessionId)) {
      this.#locals.delete(sessionId);
      this.watches.removeSession(sessionId);
    }
    return this.localSession(sessionId);
  }

  /** The session's events, until it ends or the client goes away (then its watches go too). */
  async *sessionEvents(sessionId: number, signal: AbortSignal): AsyncGenerator<WatchEvent> {
    const local = this.localSession(sessionId);
    try {
      yield* local.outbox.stream(signal);
    } finally {
      if (signal.aborted && this.#locals.get(sessionId) === local) {
        this.#locals.delete(sessionId);
        this.watches.removeSession(sessionId);
      }
    }
  }

  /**
   * Runs `work` right after the write `requestId` of this member is applied — before the entry
   * after it — or fails. Returns false (and runs nothing) when that write is no longer pending.
   */
  runAfterWrite(requestId: number, work: () => void): boolean {
    if (!this.#pending.has(requestId)) return false;
    const list = this.#afterWrite.get(requestId);
    if (list === undefined) this.#afterWrite.set(requestId, [work]);
    else list.push(work);
    return true;
  }

  /** Replicates `txn` and resolves with its result once this member has applied it. */
  propose(txn: Txn, local?: LocalSession): Promise<TxnResult> {
    const requestId = this.#nextRequestId++;
    if (local !== undefined) local.lastWriteId = requestId;
    const data = encodeRecord({
      origin: this.id,
      incarnation: this.#incarnation,
      requestId,
      timeMs: this.#options.clock.nowMs(),
      txn,
    });
    return new Promise<TxnResult>((resolve, reject) => {
      const timer = this.#options.clock.setTimeout(() => {
        this.#pending.delete(requestId);
        reject(new ConnectionLossError(`write not applied within ${COORD_PROPOSAL_TIMEOUT_MS} ms`));
      }, COORD_PROPOSAL_TIMEOUT_MS);
      const settle = (): void => {
        this.#options.clock.clearTimeout(timer);
        this.#pending.delete(requestId);
        const after = this.#afterWrite.get(requestId);
        this.#afterWrite.delete(requestId);
        for (const work of after ?? []) work();
      };
      this.#pending.set(requestId, {
        resolve: (result) => {
          settle();
          resolve(result);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      });
      this.#submit(data).catch((error: unknown) => {
        this.#pending.get(requestId)?.reject(asConnectionLoss(error));
      });
    });
  }

  /** Hands a record to the leader, waiting (bounded) for one during an election. */
  async #submit(data: Uint8Array): Promise<void> {
    const giveUpMs = this.#options.clock.monotonicMs() + COORD_LEADER_WAIT_MS;
    for (;;) {
      const leaderId = this.#raft.leaderId;
      try {
        if (this.#raft.isLeader) {
          await this.#raft.propose(data);
          return;
        }
        const leader = leaderId === undefined ? undefined : this.#options.peers.get(leaderId);
        if (leader !== undefined) {
          await this.#peerClient.stub(CoordPeerService, leader).propose({ data });
          return;
        }
      } catch (error) {
        // Only a refusal proves the write was not taken; anything else is an unknown outcome.
        if (!(error instanceof NotLeaderError)) throw error;
      }
      if (this.#stopped || this.#options.clock.monotonicMs() > giveUpMs) {
        throw new ConnectionLossError(`no leader within ${COORD_LEADER_WAIT_MS} ms`);
      }
      await new Promise<void>((resolve) =>
        this.#options.clock.setTimeout(resolve, this.#options.tickMs ?? COORD_TICK_MS),
      );
    }
  }

  #apply(entry: Entry): void {
    if (entry.data.length === 0) return;
    const record = decodeRecord(entry.data);
    const { result, changes } = this.#tree.apply(record.txn, {
      zxid: entry.index,
      timeMs: record.timeMs,
    });
    for (const { sessionId, event } of this.watches.trigger(changes)) {
      this.#locals.get(sessionId)?.outbox.push(event);
    }
    if (result.kind === 'session' && this.#raft.isLeader) {
      this.#tracker.add(result.sessionId, result.timeoutMs, this.#options.clock.monotonicMs());
    } else if (result.kind === 'sessionClosed') {
      this.#endSession(result.sessionId, record.txn);
    }
    if (record.origin === this.id && record.incarnation === this.#incarnation) {
      this.#pending.get(record.requestId)?.resolve(result);
    }
  }

  #endSession(sessionId: number, txn: Txn): void {
    this.#tracker.remove(sessionId);
    this.watches.removeSession(sessionId);
    const local = this.#locals.get(sessionId);
    this.#locals.delete(sessionId);
    const how = txn.kind === 'closeSession' && txn.reason === 'closed' ? 'closed' : 'expired';
    local?.outbox.close(new SessionExpiredError(`session 0x${sessionId.toString(16)} ${how}`));
  }

  #onLeaderChange(): void {
    if (!this.#raft.isLeader) return;
    // ZooKeeper: a new leader gives every session a fresh timeout from now.
    this.#tracker.reset(this.#tree.sessions(), this.#options.clock.monotonicMs());
  }

  #scheduleTick(): void {
    if (this.#stopped) return;
    this.#tickTimer = this.#options.clock.setTimeout(() => {
      this.#tick();
      this.#scheduleTick();
    }, this.#options.tickMs ?? COORD_TICK_MS);
    this.#tickTimer.unref();
  }

  #tick(): void {
    const heard = [...this.#heard];
    this.#heard.clear();
    const now = this.#options.clock.monotonicMs();
    if (this.#raft.isLeader) {
      for (const sessionId of heard) this.#tracker.touch(sessionId, now);
      for (const sessionId of this.#tracker.takeExpired(now)) this.#expire(sessionId);
      return;
    }
    const leaderId = this.#raft.leaderId;
    const leader = leaderId === undefined ? undefined : this.#options.peers.get(leaderId);
    if (leader !== undefined && heard.length > 0) {
      this.#peerClient
        .stub(CoordPeerService, leader)
        .touch({ sessionIds: heard }, { timeoutMs: this.#options.tickMs ?? COORD_TICK_MS })
        .catch(() => undefined);
    }
  }

  #expire(sessionId: number): void {
    this.#options.logger.info({ sessionId }, 'session expired');
    this.propose({ kind: 'closeSession', sessionId, reason: 'expired' }).catch((error: unknown) => {
      // Still the leader: try again at a later tick.
      this.#options.logger.warn({ sessionId, err: error }, 'could not expire session');
      const session = this.#tree.session(sessionId);
      if (session !== undefined && this.#raft.isLeader) {
        this.#tracker.add(sessionId, 0, this.#options.clock.monotonicMs());
      }
    });
  }
}

function asConnectionLoss(error: unknown): Error {
  if (error instanceof ColonnadeError && !error.retriable) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ConnectionLossError(`write outcome unknown: ${message}`, { cause: error });
}
