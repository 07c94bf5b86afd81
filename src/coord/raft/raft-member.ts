// The I/O shell around RaftNode: ticks on the clock, carries messages over the 'raft' RPC service,
// and runs the Ready loop in the order that keeps Raft safe: persist, then send, then apply.
import { assert } from '../../common/assert.js';
import type { Clock, TimerHandle } from '../../common/clock.js';
import type { HostPort } from '../../common/host-port.js';
import { COORD_TICK_MS, RAFT_SNAPSHOT_INTERVAL_ENTRIES } from '../../common/limits.js';
import type { Logger } from '../../common/log.js';
import type { Rng } from '../../common/rng.js';
import type { RpcClient, RpcServer } from '../../rpc/index.js';
import { ConnectionLossError } from '../errors.js';
import { ApplyWaiters } from './apply-waiters.js';
import { notLeaderError } from './not-leader.js';
import { PeerOutbox } from './peer-outbox.js';
import { Proposals } from './proposals.js';
import { RaftNode, type Ready } from './raft-node.js';
import { RaftService, type DeliverRequest } from './raft-service.js';
import type { RaftStorage } from './storage.js';
import type { Entry, Message, Role } from './types.js';

/** A tick of half the coordinator's: a leader's failure is noticed in 1 to 2 seconds. */
export const RAFT_TICK_MS_DEFAULT = COORD_TICK_MS / 2;
export const RAFT_ELECTION_TICKS_DEFAULT = 10;
export const RAFT_HEARTBEAT_TICKS_DEFAULT = 1;

/** The replicated application. Entries arrive in log order, each exactly once per incarnation. */
export interface RaftStateMachine {
  apply(entry: Entry): void;
  /**
   * The state as of the last applied entry. A promise lets the application encode it while the
   * log goes on; the state it resolves to must be the one at the moment of the call.
   */
  snapshot(): Uint8Array | Promise<Uint8Array>;
  /** Replaces the state with a snapshot's, as of `index`. */
  restore(data: Uint8Array, index: number): void;
}

export interface RaftMemberOptions {
  readonly id: number;
  /** Every member's peer address, this one's included. */
  readonly peers: ReadonlyMap<number, HostPort>;
  readonly storage: RaftStorage;
  /** The peer-port server; the member registers the 'raft' service on it (once per server). */
  readonly server: RpcServer;
  readonly client: RpcClient;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly logger: Logger;
  readonly stateMachine: RaftStateMachine;
  /** @default RAFT_TICK_MS_DEFAULT */
  readonly tickMs?: number;
  /** @default RAFT_ELECTION_TICKS_DEFAULT */
  readonly electionTicks?: number;
  /** @default RAFT_HEARTBEAT_TICKS_DEFAULT */
  readonly heartbeatTicks?: number;
  /** @default RAFT_SNAPSHOT_INTERVAL_ENTRIES */
  readonly snapshotIntervalEntries?: number;
  /** @default RAFT_SNAPSHOT_TRAILING_ENTRIES */
  readonly snapshotTrailingEntries?: number;
}

export type LeaderChangeListener = (leaderId: number | undefined, term: number) => void;

export class RaftMember {
  readonly id: number;
  readonly #options: RaftMemberOptions;
  readonly #logger: Logger;
  readonly #tickMs: number;
  readonly #electionTicks: number;
  readonly #outboxes = new Map<number, PeerOutbox>();
  readonly #proposals = new Proposals();
  readonly #waiters: ApplyWaiters;
  readonly #listeners = new Set<LeaderChangeListener>();
  #node: RaftNode | undefined;
  #tickTimer: TimerHandle | undefined;
  #applied = 0;
  #snapshotIndex = 0;
  /** The last log index known to be on this member's disk. */
  #stableIndex = 0;
  /** A snapshot is being encoded by the application. */
  #encoding = false;
  /** An encoded snapshot waiting for the Ready loop to compact it into the log. */
  #encodedSnapshot: { readonly index: number; readonly data: Uint8Array } | undefined;
  #leaderSeen: number | undefined;
  /** Stopped or failed: no more ticks, deliveries or Readies. */
  #stopped = false;
  #stopping: Promise<void> | undefined;
  #dirty = false;
  #drain: Promise<void> | undefined;

  constructor(options: RaftMemberOptions) {
    assert(options.peers.has(options.id), `member ${options.id} is not among its peers`);
    this.id = options.id;
    this.#options = options;
    this.#logger = options.logger.child({ raftMember: options.id });
    this.#tickMs = options.tickMs ?? RAFT_TICK_MS_DEFAULT;
    this.#electionTicks = options.electionTicks ?? RAFT_ELECTION_TICKS_DEFAULT;
    this.#waiters = new ApplyWaiters(options.clock);
    for (const [peer, address] of options.peers) {
      if (peer === options.id) continue;
      const stub = options.client.stub(RaftService, address);
      const timeoutMs = this.#tickMs * this.#electionTicks;
      const deliver = (messages: readonly Message[]): Promise<unknown> =>
        stub.deliver({ messages }, { timeoutMs });
      this.#outboxes.set(peer, new PeerOutbox(peer, deliver, this.#logger));
    }
    options.server.register(RaftService, { deliver: (request) => this.#receive(request) });
  }

  /** The leader this member knows of; undefined if none, or once stopped. */
  get leaderId(): number | undefined {
    return this.#stopped ? undefined : this.#node?.leaderId;
  }

  /** Whether this member leads now. Not a lease: a cut-off leader keeps the role for up to an
   * election timeout (check quorum), so a read served from local state may be stale. */
  get isLeader(): boolean {
    return !this.#stopped && this.#node?.role === 'leader';
  }

  get role(): Role | undefined {
    return this.#node?.role;
  }

  get term(): number {
    return this.#node?.term ?? 0;
  }

  get commitIndex(): number {
    return this.#node?.commitIndex ?? 0;
  }

  /** The highest index the local state machine has applied. */
  get appliedIndex(): number {
    return this.#applied;
  }

  /** Loads storage, restores the state machine from the snapshot, and starts ticking. */
  async start(): Promise<void> {
    assert(this.#node === undefined && !this.#stopped, 'start() is called once');
    const persisted = await this.#options.storage.load();
    const snapshot = persisted.snapshot;
    this.#stableIndex = persisted.entries.at(-1)?.index ?? snapshot?.index ?? 0;
    if (snapshot !== undefined) {
      this.#options.stateMachine.restore(snapshot.data, snapshot.index);
      this.#applied = snapshot.index;
      this.#snapshotIndex = snapshot.index;
    }
    this.#node = new RaftNode({
      id: this.id,
      members: [...this.#options.peers.keys()],
      electionTicks: this.#electionTicks,
      heartbeatTicks: this.#options.heartbeatTicks ?? RAFT_HEARTBEAT_TICKS_DEFAULT,
      rng: this.#options.rng,
      persisted,
      ...(this.#options.snapshotTrailingEntries === undefined
        ? {}
        : { snapshotTrailingEntries: this.#options.snapshotTrailingEntries }),
    });
    this.#logger.info(
      {
        term: persisted.hardState.term,
        snapshot: this.#applied,
        entries: persisted.entries.length,
      },
      'raft member started',
    );
    this.#scheduleTick();
    this.#kick();
  }

  /**
   * Leader only: replicates `data` and resolves with its index once it is committed and applied
   * here. Rejects with NotLeaderError (naming the leader) on a follower, and with
   * ConnectionLossError if leadership is lost first (the entry may or may not commit).
   */
  propose(data: Uint8Array): Promise<number> {
    const node = this.#node;
    if (node === undefined || this.#stopped) {
      return Promise.reject(new ConnectionLossError(`raft member ${this.id} is not running`));
    }
    if (node.role !== 'leader') return Promise.reject(notLeaderError(this.id, node.leaderId));
    let index: number;
    try {
      index = node.propose(data);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const applied = this.#proposals.track(index, node.term);
    this.#kick();
    return applied;
  }

  /** Resolves once the local state machine has applied `index`; TimeoutError after timeoutMs. */
  waitApplied(index: number, timeoutMs: number): Promise<void> {
    if (index <= this.#applied) return Promise.resolve();
    if (this.#stopped) {
      return Promise.reject(new ConnectionLossError(`raft member ${this.id} is stopped`));
    }
    return this.#waiters.wait(index, timeoutMs);
  }

  /** Calls `listener` whenever the known leader changes; returns the unsubscribe function. */
  onLeaderChange(listener: LeaderChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops ticking and answering, fails what waits, and closes the storage. */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    this.#halt(`raft member ${this.id} stopped`);
    await this.#drain;
    await this.#options.storage.close();
    this.#logger.info('raft member stopped');
  }

  #halt(reason: string): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#tickTimer !== undefined) this.#options.clock.clearTimeout(this.#tickTimer);
    this.#failWaiting(reason);
  }

  #failWaiting(reason: string): void {
    for (const outbox of this.#outboxes.values()) outbox.close();
    this.#proposals.reject(() => true, reason);
    this.#waiters.rejectAll(new ConnectionLossError(reason));
  }

  #scheduleTick(): void {
    this.#tickTimer = this.#options.clock.setTimeout(() => {
      if (this.#stopped || this.#node === undefined) return;
      this.#node.tick();
      this.#afterStep();
      this.#scheduleTick();
    }, this.#tickMs);
  }

  #receive(request: DeliverRequest): Record<string, never> {
    const node = this.#node;
    if (node === undefined || this.#stopped) return {};
    for (const message of request.messages) node.step(message);
    this.#afterStep();
    return {};
  }

  #afterStep(): void {
    const node = this.#node;
    if (node === undefined) return;
    if (node.role !== 'leader' && this.#proposals.size > 0) {
      const commit = node.commitIndex;
      this.#proposals.reject((index) => index > commit, `member ${this.id} lost leadership`);
    }
    if (node.leaderId !== this.#leaderSeen) {
      this.#leaderSeen = node.leaderId;
      this.#logger.info({ leaderId: node.leaderId, term: node.term }, 'raft leader changed');
      for (const listener of this.#listeners) listener(node.leaderId, node.term);
    }
    this.#kick();
  }

  /** Runs the Ready loop unless it runs already; it then picks up what changed meanwhile. */
  #kick(): void {
    this.#dirty = true;
    if (this.#drain !== undefined || this.#stopped) return;
    this.#drain = this.#runReadyLoop().finally(() => {
      this.#drain = undefined;
    });
  }

  async #runReadyLoop(): Promise<void> {
    const node = this.#node;
    assert(node !== undefined, 'the Ready loop runs after start()');
    try {
      while (this.#dirty && !this.#stopped) {
        this.#dirty = false;
        for (let ready = node.ready(); ready !== undefined; ready = node.ready()) {
          if (!(await this.#handleReady(node, ready))) return;
        }
      }
    } catch (error) {
      this.#crash(error);
    }
  }

  /**
   * Apply what is already durable, persist, send, apply the rest, advance; returns false if the
   * member stopped meanwhile. Committed entries already on this member's disk are applied while
   * the new entries are written (as etcd's raft allows), so that an answer does not wait for the
   * next batch's fsync as well as its own.
   */
  async #handleReady(node: RaftNode, ready: Ready): Promise<boolean> {
    const { hardState, entries, snapshot } = ready;
    let next = 0;
    if (snapshot === undefined) {
      const stable = Math.min(this.#stableIndex, (entries[0]?.index ?? Infinity) - 1);
      while (
        next < ready.committed.length &&
        (ready.committed[next]?.index ?? Infinity) <= stable
      ) {
        this.#applyEntry(ready.committed[next] as Entry);
        next++;
      }
      if (next > 0) this.#waiters.resolveUpTo(this.#applied);
    }
    if (hardState !== undefined || entries.length > 0 || snapshot !== undefined) {
      await this.#options.storage.save(hardState, entries, snapshot);
      const last = entries.at(-1)?.index ?? snapshot?.index;
      if (last !== undefined) this.#stableIndex = last;
    }
    if (this.#stopped) return false;
    for (const message of ready.messages) this.#outboxes.get(message.to)?.push(message);
    if (snapshot !== undefined) {
      this.#options.stateMachine.restore(snapshot.data, snapshot.index);
      this.#applied = snapshot.index;
      this.#snapshotIndex = snapshot.index;
      this.#proposals.reject((index) => index <= snapshot.index, 'a snapshot was installed');
    }
    for (; next < ready.committed.length; next++) this.#applyEntry(ready.committed[next] as Entry);
    node.advance(ready);
    this.#waiters.resolveUpTo(this.#applied);
    await this.#maybeSnapshot(node);
    this.#afterStep();
    return !this.#stopped;
  }

  #applyEntry(entry: Entry): void {
    if (entry.data.length > 0) this.#options.stateMachine.apply(entry);
    this.#applied = entry.index;
    this.#proposals.applied(entry);
  }

  /**
   * Every RAFT_SNAPSHOT_INTERVAL_ENTRIES applied entries the application's state becomes a
   * snapshot. An application that encodes it asynchronously does so beside the Ready loop; the
   * result is compacted into the log here, inside the loop, at the loop's next pass.
   */
  async #maybeSnapshot(node: RaftNode): Promise<void> {
    const ready = this.#encodedSnapshot;
    if (ready !== undefined) {
      this.#encodedSnapshot = undefined;
      await this.#compactAt(node, ready.index, ready.data);
      return;
    }
    const interval = this.#options.snapshotIntervalEntries ?? RAFT_SNAPSHOT_INTERVAL_ENTRIES;
    if (this.#encoding || this.#applied - this.#snapshotIndex < interval) return;
    const index = this.#applied;
    const data = this.#options.stateMachine.snapshot();
    if (data instanceof Uint8Array) {
      await this.#compactAt(node, index, data);
      return;
    }
    this.#encoding = true;
    data.then(
      (bytes) => {
        this.#encoding = false;
        this.#encodedSnapshot = { index, data: bytes };
        this.#afterStep();
      },
      (error: unknown) => {
        this.#encoding = false;
        this.#logger.error({ err: error, index }, 'raft snapshot encoding failed');
      },
    );
  }

  async #compactAt(node: RaftNode, index: number, data: Uint8Array): Promise<void> {
    // A snapshot from the leader, installed or only stepped in while this loop awaited, may have
    // passed this one: then the log no longer holds `index`, and the leader's snapshot wins.
    if (this.#stopped || index <= this.#snapshotIndex || !node.canCompact(index)) return;
    const snapshot = node.compact(index, data);
    this.#snapshotIndex = snapshot.index;
    await this.#options.storage.save(undefined, [], snapshot);
    await this.#options.storage.compact(snapshot.index);
    this.#logger.debug({ index: snapshot.index }, 'raft snapshot taken');
  }

  /** Storage or the state machine failed: this member can no longer be trusted to go on. */
  #crash(error: unknown): void {
    this.#logger.fatal({ err: error }, 'raft member failed; it stops');
    this.#halt(`raft member ${this.id} failed`);
  }
}
