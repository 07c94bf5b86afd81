// Raft as a pure state machine (after etcd raft): tick() and step(message) change state; ready()
// says what to persist, send and apply; advance() confirms it was done. No I/O, no clock: the
// caller must make a Ready's entries, hard state and snapshot durable before sending its messages.
import { assert, assertNever } from '../../common/assert.js';
import { InvalidArgumentError } from '../../common/errors.js';
import { RAFT_APPEND_BYTES_MAX, RAFT_APPLY_BATCH_ENTRIES_MAX } from '../../common/limits.js';
import { ServerBusyError } from '../../rpc/index.js';
import { grantsVote, higherTermAction, VoteTally } from './election.js';
import { acceptAppend, acceptSnapshot, STALE_ANSWER } from './follower.js';
import { MessageQueue } from './message-queue.js';
import { notLeaderError } from './not-leader.js';
import { resolveConfig, type RaftNodeConfig, type RaftSettings } from './raft-config.js';
import { RaftLog, type RaftLogView } from './raft-log.js';
import { Replicator } from './replicator.js';
import {
  NO_MEMBER,
  type AppendRequest,
  type HardState,
  type Message,
  type Ready,
  type Role,
  type Snapshot,
  type SnapshotRequest,
  type VoteRequest,
  type VoteResponse,
} from './types.js';

export type { RaftNodeConfig } from './raft-config.js';
export type { Ready } from './types.js';

const NOOP = new Uint8Array(0);

/** A message as the node writes it; `from` is filled in. */
type Outgoing<M = Message> = M extends Message ? Omit<M, 'from'> : never;

export class RaftNode {
  readonly id: number;
  readonly members: readonly number[];
  readonly #config: RaftSettings;
  readonly #log: RaftLog;
  #role: Role = 'follower';
  #term = 0;
  #vote = NO_MEMBER;
  #leaderId = NO_MEMBER;
  #electionElapsed = 0;
  #electionTimeout = 0;
  #tally: VoteTally | undefined;
  #replicator: Replicator | undefined;
  readonly #messages = new MessageQueue();
  #prevHardState: HardState;
  #readyOutstanding = false;

  constructor(config: RaftNodeConfig) {
    this.#config = resolveConfig(config);
    this.id = config.id;
    this.members = this.#config.members;
    const persisted = config.persisted;
    this.#log = RaftLog.restore(
      persisted?.snapshot,
      persisted?.entries ?? [],
      persisted?.hardState.commit ?? 0,
    );
    this.#term = persisted?.hardState.term ?? 0;
    this.#vote = persisted?.hardState.vote ?? NO_MEMBER;
    this.#prevHardState = this.hardState;
    this.#becomeFollower(this.#term, NO_MEMBER);
  }

  get role(): Role {
    return this.#role;
  }

  get term(): number {
    return this.#term;
  }

  get leaderId(): number | undefined {
    return this.#leaderId === NO_MEMBER ? undefined : this.#leaderId;
  }

  get hardState(): HardState {
    return { term: this.#term, vote: this.#vote, commit: this.#log.committed };
  }

  get commitIndex(): number {
    return this.#log.committed;
  }

  get lastIndex(): number {
    return this.#log.lastIndex();
  }

  /** The log, read-only: for checkers and tests. */
  get log(): RaftLogView {
    return this.#log;
  }

  /** One logical tick: election timeouts for followers, heartbeats and quorum checks for a leader. */
  tick(): void {
    if (this.#replicator !== undefined) {
      if (!this.#replicator.tick()) this.#becomeFollower(this.#term, NO_MEMBER);
    } else if (++this.#electionElapsed >= this.#electionTimeout) {
      this.#campaign(this.#config.preVote);
    }
  }

  /** Leader only: appends `data` to the log and returns its index (not yet committed). */
  propose(data: Uint8Array): number {
    if (this.#role !== 'leader') throw notLeaderError(this.id, this.leaderId);
    if (data.length === 0 || data.length > RAFT_APPEND_BYTES_MAX) {
      throw new InvalidArgumentError(
        `a proposal is ${data.length} bytes; it must be 1..${RAFT_APPEND_BYTES_MAX}`,
      );
    }
    const queuedMax = this.#config.proposalsQueuedMax;
    const uncommitted = this.#log.lastIndex() - this.#log.committed;
    if (uncommitted >= queuedMax) {
      throw new ServerBusyError(
        `the leader has ${uncommitted} uncommitted entries; the limit is ${queuedMax}`,
      );
    }
    const index = this.#log.lastIndex() + 1;
    this.#log.append({ term: this.#term, index, data });
    this.#replicator?.broadcastAppend(false);
    return index;
  }

  step(message: Message): void {
    if (message.to !== this.id || message.from === this.id) return;
    if (!this.#config.peers.includes(message.from)) return;
    if (message.term > this.#term) {
      if (!this.#acceptHigherTerm(message)) return;
    } else if (message.term < this.#term) {
      this.#answerStale(message);
      return;
    }
    switch (message.kind) {
      case 'vote':
        this.#handleVote(message);
        return;
      case 'voteResponse':
        this.#handleVoteResponse(message);
        return;
      case 'append':
      case 'snapshot':
        this.#handleFromLeader(message);
        return;
      case 'appendResponse':
        if (this.#role === 'leader') this.#replicator?.handleAppendResponse(message);
        return;
      default:
        assertNever(message, 'raft message');
    }
  }

  /** Returns false to ignore a message of a higher term. */
  #acceptHigherTerm(message: Message): boolean {
    const inLease =
      this.#config.checkQuorum &&
      (this.#role === 'leader' ||
        (this.#leaderId !== NO_MEMBER && this.#electionElapsed < this.#config.electionTicks));
    const action = higherTermAction(message, inLease);
    if (action === 'adopt') {
      const leader = message.kind === 'append' || message.kind === 'snapshot' ? message.from : 0;
      this.#becomeFollower(message.term, leader);
    }
    return action !== 'ignore';
  }

  #answerStale(message: Message): void {
    if (message.kind === 'append' || message.kind === 'snapshot') {
      // Tells a deposed leader the newer term, so that it steps down.
      this.#send({ kind: 'appendResponse', to: message.from, term: this.#term, ...STALE_ANSWER });
    } else if (message.kind === 'vote' && message.preVote) {
      this.#send({ ...this.#voteAnswer(message, false), term: this.#term });
    }
  }

  #handleVote(request: VoteRequest): void {
    const voter = { term: this.#term, vote: this.#vote, leaderId: this.#leaderId, log: this.#log };
    if (grantsVote(voter, request)) {
      this.#send(this.#voteAnswer(request, true));
      if (!request.preVote) {
        this.#electionElapsed = 0;
        this.#vote = request.from;
      }
    } else {
      this.#send({ ...this.#voteAnswer(request, false), term: this.#term });
    }
  }

  #voteAnswer(request: VoteRequest, granted: boolean): Outgoing<VoteResponse> {
    const { from, term, preVote } = request;
    return { kind: 'voteResponse', to: from, term, preVote, granted };
  }

  #handleVoteResponse(response: VoteResponse): void {
    const tally = this.#tally;
    if (tally === undefined) return;
    tally.record(response);
    if (tally.won()) {
      if (tally.preVote) this.#campaign(false);
      else this.#becomeLeader();
    } else if (tally.lost()) {
      this.#becomeFollower(this.#term, NO_MEMBER);
    }
  }

  #handleFromLeader(request: AppendRequest | SnapshotRequest): void {
    if (this.#role === 'leader') return; // Never happens: one leader per term.
    if (this.#role !== 'follower' || this.#leaderId !== request.from) {
      this.#becomeFollower(this.#term, request.from);
    }
    this.#electionElapsed = 0;
    const answer =
      request.kind === 'append'
        ? acceptAppend(this.#log, request)
        : acceptSnapshot(this.#log, request);
    this.#send({ kind: 'appendResponse', to: request.from, term: this.#term, ...answer });
  }

  #campaign(preVote: boolean): void {
    if (preVote) {
      this.#becomeElector('preCandidate');
    } else {
      this.#term++;
      this.#vote = this.id;
      this.#becomeElector('candidate');
    }
    const term = preVote ? this.#term + 1 : this.#term;
    const tally = new VoteTally(preVote, term, this.members.length, this.#config.quorum);
    this.#tally = tally;
    tally.record({ from: this.id, term, preVote, granted: true });
    if (tally.won()) {
      if (preVote) this.#campaign(false);
      else this.#becomeLeader();
      return;
    }
    for (const peer of this.#config.peers) {
      this.#send({
        kind: 'vote',
        to: peer,
        term,
        preVote,
        lastLogIndex: this.#log.lastIndex(),
        lastLogTerm: this.#log.lastTerm(),
      });
    }
  }

  #becomeFollower(term: number, leaderId: number): void {
    if (term !== this.#term) {
      assert(term > this.#term, `term ${term} goes back from ${this.#term}`);
      this.#term = term;
      this.#vote = NO_MEMBER;
    }
    this.#role = 'follower';
    this.#leaderId = leaderId;
    this.#resetRoleState();
  }

  #becomeElector(role: 'preCandidate' | 'candidate'): void {
    this.#role = role;
    this.#leaderId = NO_MEMBER;
    this.#resetRoleState();
  }

  #becomeLeader(): void {
    this.#resetRoleState();
    this.#role = 'leader';
    this.#leaderId = this.id;
    const replicator = new Replicator(
      {
        id: this.id,
        log: this.#log,
        send: (message) => this.#messages.push(message),
        // The replicator lives only as long as this term's leadership.
        term: this.#term,
      },
      this.#config,
    );
    this.#replicator = replicator;
    // A no-op of this term lets the entries of earlier terms commit (§5.4.2).
    this.#log.append({ term: this.#term, index: this.#log.lastIndex() + 1, data: NOOP });
    replicator.broadcastAppend(false);
  }

  #resetRoleState(): void {
    this.#electionElapsed = 0;
    this.#electionTimeout =
      this.#config.electionTicks + this.#config.rng.nextInt(this.#config.electionTicks);
    this.#tally = undefined;
    this.#replicator = undefined;
  }

  #send(message: Outgoing): void {
    this.#messages.push({ ...message, from: this.id });
  }

  /** What to persist, send and apply now; undefined if nothing. Call advance() after each. */
  ready(): Ready | undefined {
    assert(!this.#readyOutstanding, 'ready() called again before advance()');
    const hardState = this.hardState;
    const hardStateChanged = !sameHardState(hardState, this.#prevHardState);
    const entries = this.#log.unstableEntries();
    const snapshot = this.#log.pendingSnapshot;
    const committed = this.#log.nextCommitted(RAFT_APPLY_BATCH_ENTRIES_MAX);
    const idle = entries.length === 0 && committed.length === 0 && this.#messages.length === 0;
    if (idle && !hardStateChanged && snapshot === undefined) return undefined;
    const messages = this.#messages.take();
    this.#readyOutstanding = true;
    return {
      ...(hardStateChanged ? { hardState } : {}),
      entries,
      ...(snapshot === undefined ? {} : { snapshot }),
      messages,
      committed,
    };
  }

  /** The Ready was persisted, its messages sent and its entries applied. */
  advance(ready: Ready): void {
    assert(this.#readyOutstanding, 'advance() without a ready()');
    this.#readyOutstanding = false;
    if (ready.hardState !== undefined) this.#prevHardState = ready.hardState;
    const lastEntry = ready.entries.at(-1);
    if (lastEntry !== undefined) this.#log.stableTo(lastEntry.index, lastEntry.term);
    if (ready.snapshot !== undefined) this.#log.snapshotStableTo(ready.snapshot.index);
    const lastApplied = ready.committed.at(-1);
    if (lastApplied !== undefined) this.#log.appliedTo(lastApplied.index);
    // The leader counts itself only for what it has on disk.
    if (this.#replicator?.maybeCommit() === true) this.#replicator.broadcastAppend(true);
  }

  /**
   * Whether the application may snapshot at `index` now: applied, still in the log, newer than
   * the log's snapshot, and no leader's snapshot stepped in and waiting for its Ready (that one
   * replaces the log and the application's state, so a local snapshot from before it is moot).
   */
  canCompact(index: number): boolean {
    const log = this.#log;
    return (
      log.pendingSnapshot === undefined &&
      index <= log.applied &&
      index > (log.snapshot?.index ?? 0) &&
      log.term(index) !== undefined
    );
  }

  /**
   * The application snapshotted its state as of the applied `index`. Entries up to
   * `index - snapshotTrailingEntries` are dropped; the snapshot goes to followers behind that.
   */
  compact(index: number, data: Uint8Array): Snapshot {
    const term = this.#log.term(index);
    assert(index <= this.#log.applied && term !== undefined, `cannot snapshot at ${index}`);
    assert(index > (this.#log.snapshot?.index ?? 0), `a snapshot at ${index} is not newer`);
    const snapshot: Snapshot = { index, term, members: this.members, data };
    this.#log.compact(snapshot, index - this.#config.snapshotTrailingEntries);
    return snapshot;
  }
}

function sameHardState(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}
