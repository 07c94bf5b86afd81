// Raft's vocabulary: log entries, the durable hard state, snapshots and the messages members send.
// Member ids are positive integers (0 means "none"); every message carries its sender's term.

/** The id that names no member: no vote cast, no leader known. */
export const NO_MEMBER = 0;

export interface Entry {
  readonly term: number;
  readonly index: number;
  /** The command; an empty array is the leader's no-op, never handed to the state machine. */
  readonly data: Uint8Array;
}

/** What a member must have on disk before it answers anyone (§5.1, Figure 2). */
export interface HardState {
  readonly term: number;
  /** Whom this member voted for in `term`, or NO_MEMBER. */
  readonly vote: number;
  readonly commit: number;
}

export const EMPTY_HARD_STATE: HardState = Object.freeze({ term: 0, vote: NO_MEMBER, commit: 0 });

/** The state machine as of `index` (whose entry had `term`), replacing the log up to there. */
export interface Snapshot {
  readonly index: number;
  readonly term: number;
  readonly members: readonly number[];
  readonly data: Uint8Array;
}

/** What a member persisted: enough to restart it. Entries follow the snapshot without a gap. */
export interface PersistedState {
  readonly hardState: HardState;
  readonly snapshot?: Snapshot;
  readonly entries: readonly Entry[];
}

interface Envelope {
  readonly from: number;
  readonly to: number;
  readonly term: number;
}

/** RequestVote; a pre-vote asks "would you vote for me at `term`?" without anyone changing term. */
export interface VoteRequest extends Envelope {
  readonly kind: 'vote';
  readonly preVote: boolean;
  readonly lastLogIndex: number;
  readonly lastLogTerm: number;
}

export interface VoteResponse extends Envelope {
  readonly kind: 'voteResponse';
  readonly preVote: boolean;
  readonly granted: boolean;
}

/** AppendEntries; with no entries it is the heartbeat. */
export interface AppendRequest extends Envelope {
  readonly kind: 'append';
  readonly prevLogIndex: number;
  readonly prevLogTerm: number;
  readonly entries: readonly Entry[];
  readonly commit: number;
}

/**
 * The answer to an append or a snapshot. On success `index` is the highest index known to match
 * the leader's log; on failure it is the rejected `prevLogIndex`, and (`hintIndex`, `hintTerm`)
 * name the follower's last entry that may match, so the leader skips a whole term at a time.
 */
export interface AppendResponse extends Envelope {
  readonly kind: 'appendResponse';
  readonly success: boolean;
  readonly index: number;
  readonly hintIndex: number;
  readonly hintTerm: number;
}

/** InstallSnapshot, for a follower behind the leader's compacted log; answered by appendResponse. */
export interface SnapshotRequest extends Envelope {
  readonly kind: 'snapshot';
  readonly snapshot: Snapshot;
}

export type Message = VoteRequest | VoteResponse | AppendRequest | AppendResponse | SnapshotRequest;
export type MessageKind = Message['kind'];

export type Role = 'follower' | 'preCandidate' | 'candidate' | 'leader';

/** What to do next, in this order: persist, then send, then apply; then call advance(). */
export interface Ready {
  /** The hard state, when it changed. */
  readonly hardState?: HardState;
  /** Entries to persist; they replace any stored at the same or a higher index. */
  readonly entries: readonly Entry[];
  /** A leader's snapshot to persist and to restore into the state machine (before `committed`). */
  readonly snapshot?: Snapshot;
  /** To send only once everything above is durable. */
  readonly messages: readonly Message[];
  /** Committed entries to apply, in order. */
  readonly committed: readonly Entry[];
}
