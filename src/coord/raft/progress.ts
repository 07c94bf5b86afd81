// The leader's view of one follower: what it is known to hold (match), what to send next, and how:
// one probe at a time, a bounded pipeline of appends, or a snapshot. Invariant: match < next.
import { assert } from '../../common/assert.js';

export type ProgressState = 'probe' | 'replicate' | 'snapshot';

export class Progress {
  match = 0;
  next: number;
  state: ProgressState = 'probe';
  /** Probe: an append is out and unanswered; no more until an answer or the next heartbeat. */
  probeSent = false;
  /** Snapshot: the index of the snapshot sent, and heartbeats since it went. */
  pendingSnapshot = 0;
  snapshotHeartbeats = 0;
  /** The highest commit index an append has let this follower reach. */
  commitSent = 0;
  /** Heard from since the last check-quorum round. */
  recentActive = false;
  /** `match` at the previous heartbeat: a pipeline that did not move since is retransmitted. */
  matchAtHeartbeat = 0;
  /** Replicate: the last index of each append in flight, oldest first. */
  readonly #inflight: number[] = [];
  readonly #inflightMax: number;

  constructor(next: number, inflightMax: number) {
    assert(inflightMax >= 1, `inflightMax is ${inflightMax}`);
    this.next = next;
    this.#inflightMax = inflightMax;
  }

  get inflightCount(): number {
    return this.#inflight.length;
  }

  isPaused(): boolean {
    switch (this.state) {
      case 'probe':
        return this.probeSent;
      case 'replicate':
        return this.#inflight.length >= this.#inflightMax;
      case 'snapshot':
        return true;
    }
  }

  becomeProbe(): void {
    // After a snapshot, the follower holds at least the snapshot.
    this.next =
      this.state === 'snapshot'
        ? Math.max(this.match + 1, this.pendingSnapshot + 1)
        : this.match + 1;
    this.#reset('probe');
  }

  becomeReplicate(): void {
    this.next = this.match + 1;
    this.#reset('replicate');
  }

  becomeSnapshot(index: number): void {
    this.#reset('snapshot');
    this.pendingSnapshot = index;
    this.snapshotHeartbeats = 0;
  }

  #reset(state: ProgressState): void {
    this.state = state;
    this.probeSent = false;
    this.pendingSnapshot = 0;
    this.#inflight.length = 0;
  }

  /** An append carrying entries up to `lastIndex` (or, if none, a probe) went out. */
  sent(lastIndex: number | undefined): void {
    if (this.state === 'replicate' && lastIndex !== undefined) {
      this.next = lastIndex + 1;
      this.#inflight.push(lastIndex);
    } else if (this.state === 'probe') {
      this.probeSent = true;
    }
  }

  /** The follower holds the leader's log up to `index`; false if that is old news. */
  maybeUpdate(index: number): boolean {
    if (index <= this.match) return false;
    this.match = index;
    this.next = Math.max(this.next, index + 1);
    this.probeSent = false;
    while (this.#inflight.length > 0 && (this.#inflight[0] ?? 0) <= index) this.#inflight.shift();
    return true;
  }

  /**
   * The follower rejected an append after `rejected`; `matchHint` is the highest index that may
   * match. Returns false for a stale rejection (one that answers an earlier append).
   */
  maybeDecrTo(rejected: number, matchHint: number): boolean {
    if (this.state === 'snapshot') return false;
    if (this.state === 'replicate') {
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      return true;
    }
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, matchHint + 1), this.match + 1);
    this.probeSent = false;
    return true;
  }
}
