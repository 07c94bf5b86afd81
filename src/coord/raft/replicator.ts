// The leader's half of log replication: appends, heartbeats, snapshots for followers behind the
// compacted log, and the commit rule (a majority holds an entry of the current term, §5.4.2).
import { assert } from '../../common/assert.js';
import {
  RAFT_APPEND_BYTES_MAX,
  RAFT_APPEND_ENTRIES_MAX,
  RAFT_APPENDS_IN_FLIGHT_MAX,
} from '../../common/limits.js';
import { Progress } from './progress.js';
import type { RaftSettings } from './raft-config.js';
import type { RaftLog } from './raft-log.js';
import type { AppendRequest, AppendResponse, Message } from './types.js';

/** What the replicator needs from the node it serves. */
export interface ReplicationContext {
  readonly id: number;
  readonly log: RaftLog;
  readonly term: number;
  send(message: Message): void;
}

export class Replicator {
  readonly #context: ReplicationContext;
  readonly #settings: RaftSettings;
  readonly #progress = new Map<number, Progress>();
  /** Heartbeats without an answer before a snapshot is sent again: about an election timeout. */
  readonly #snapshotRetryHeartbeats: number;
  #heartbeatElapsed = 0;
  #quorumElapsed = 0;

  constructor(context: ReplicationContext, settings: RaftSettings) {
    this.#context = context;
    this.#settings = settings;
    this.#snapshotRetryHeartbeats = Math.ceil(settings.electionTicks / settings.heartbeatTicks);
    const next = context.log.lastIndex() + 1;
    for (const peer of settings.peers) {
      this.#progress.set(peer, new Progress(next, RAFT_APPENDS_IN_FLIGHT_MAX));
    }
  }

  /** One tick: a heartbeat round when due; false if no majority answered for an election
   * timeout (check quorum), and the leader must step down. */
  tick(): boolean {
    if (++this.#quorumElapsed >= this.#settings.electionTicks) {
      this.#quorumElapsed = 0;
      if (this.#settings.checkQuorum && !this.#quorumActive()) return false;
      for (const progress of this.#progress.values()) progress.recentActive = false;
    }
    if (++this.#heartbeatElapsed >= this.#settings.heartbeatTicks) {
      this.#heartbeatElapsed = 0;
      this.#heartbeat();
    }
    return true;
  }

  progress(peer: number): Progress | undefined {
    return this.#progress.get(peer);
  }

  /** Sends new entries to every follower that can take them; with `commitChanged`, tells the
   * others the new commit index by a heartbeat. */
  broadcastAppend(commitChanged: boolean): void {
    for (const [peer, progress] of this.#progress) {
      if (!this.#sendEntries(peer, progress) && commitChanged) this.#sendHeartbeat(peer, progress);
    }
  }

  /** One heartbeat round; it also probes again and retransmits what went unanswered. */
  #heartbeat(): void {
    for (const [peer, progress] of this.#progress) {
      this.#heartbeatOne(peer, progress);
      progress.matchAtHeartbeat = progress.match;
    }
  }

  #heartbeatOne(peer: number, progress: Progress): void {
    switch (progress.state) {
      case 'probe':
        progress.probeSent = false;
        this.#sendEntries(peer, progress);
        return;
      case 'replicate': {
        const stalled =
          progress.match < progress.next - 1 && progress.match === progress.matchAtHeartbeat;
        if (stalled) {
          progress.becomeProbe();
          this.#sendEntries(peer, progress);
        } else {
          this.#sendHeartbeat(peer, progress);
        }
        return;
      }
      case 'snapshot':
        progress.snapshotHeartbeats++;
        if (progress.snapshotHeartbeats > this.#snapshotRetryHeartbeats) {
          progress.becomeProbe();
          this.#sendEntries(peer, progress);
        } else {
          this.#sendHeartbeat(peer, progress);
        }
        return;
    }
  }

  handleAppendResponse(message: AppendResponse): void {
    const progress = this.#progress.get(message.from);
    if (progress === undefined) return;
    progress.recentActive = true;
    if (!message.success) {
      const log = this.#context.log;
      const hint =
        message.hintTerm > 0
          ? log.findConflictByTerm(message.hintIndex, message.hintTerm)
          : message.hintIndex;
      if (progress.maybeDecrTo(message.index, hint)) {
        if (progress.state === 'replicate') progress.becomeProbe();
        this.#sendEntries(message.from, progress);
      }
      return;
    }
    if (!progress.maybeUpdate(message.index)) return;
    if (progress.state === 'probe') {
      progress.becomeReplicate();
    } else if (progress.state === 'snapshot' && progress.match >= progress.pendingSnapshot) {
      progress.becomeProbe();
      progress.becomeReplicate();
    }
    if (this.maybeCommit()) {
      this.broadcastAppend(true);
      return;
    }
    let sent = false;
    while (this.#sendEntries(message.from, progress)) sent = true;
    // A follower that caught up learns the commit index now rather than at the next heartbeat.
    const log = this.#context.log;
    if (!sent && progress.commitSent < Math.min(log.committed, progress.match)) {
      this.#sendHeartbeat(message.from, progress);
    }
  }

  /** Advances the commit index to the highest entry of this term a majority holds durably. */
  maybeCommit(): boolean {
    const log = this.#context.log;
    const matches = [log.stabled, ...[...this.#progress.values()].map((p) => p.match)];
    matches.sort((a, b) => b - a);
    const index = matches[this.#settings.quorum - 1] ?? 0;
    if (index <= log.committed || log.term(index) !== this.#context.term) return false;
    log.commitTo(index);
    return true;
  }

  /** Whether a majority (this leader included) was heard from since the last check. */
  #quorumActive(): boolean {
    let active = 1;
    for (const progress of this.#progress.values()) if (progress.recentActive) active++;
    return active >= this.#settings.quorum;
  }

  /** Sends what `peer` needs next, if it is not paused; returns whether something went. */
  #sendEntries(peer: number, progress: Progress): boolean {
    if (progress.isPaused()) return false;
    const log = this.#context.log;
    const prevLogIndex = progress.next - 1;
    const prevLogTerm = log.term(prevLogIndex);
    const entries = log.slice(progress.next, RAFT_APPEND_ENTRIES_MAX, RAFT_APPEND_BYTES_MAX);
    if (prevLogTerm === undefined || entries === undefined) {
      this.#sendSnapshot(peer, progress);
      return true;
    }
    if (progress.state === 'replicate' && entries.length === 0) return false;
    this.#send(progress, { kind: 'append', to: peer, prevLogIndex, prevLogTerm, entries });
    progress.sent(entries.at(-1)?.index);
    return true;
  }

  /** An empty append after what the follower is known to hold: it always matches. */
  #sendHeartbeat(peer: number, progress: Progress): void {
    const log = this.#context.log;
    const prevLogIndex = Math.max(progress.match, log.firstIndex() - 1);
    const prevLogTerm = log.term(prevLogIndex);
    assert(prevLogTerm !== undefined, `no term at ${prevLogIndex} for a heartbeat`);
    this.#send(progress, { kind: 'append', to: peer, prevLogIndex, prevLogTerm, entries: [] });
  }

  #sendSnapshot(peer: number, progress: Progress): void {
    const snapshot = this.#context.log.snapshot;
    assert(snapshot !== undefined, `follower ${peer} is behind the log but there is no snapshot`);
    this.#context.send({
      kind: 'snapshot',
      from: this.#context.id,
      to: peer,
      term: this.#context.term,
      snapshot,
    });
    progress.becomeSnapshot(snapshot.index);
  }

  #send(progress: Progress, append: Omit<AppendRequest, 'from' | 'term' | 'commit'>): void {
    const commit = this.#context.log.committed;
    // The follower commits no further than what this append proves it holds.
    const provable = Math.min(commit, append.prevLogIndex + append.entries.length);
    progress.commitSent = Math.max(progress.commitSent, provable);
    this.#context.send({ ...append, from: this.#context.id, term: this.#context.term, commit });
  }
}
