// How a RaftNode is set up, with its defaults filled in and checked once: members are fixed for
// the log's life, and an election timeout is longer than a heartbeat.
import { assert } from '../../common/assert.js';
import {
  ENSEMBLE_MEMBERS_MAX,
  RAFT_PROPOSALS_QUEUED_MAX,
  RAFT_SNAPSHOT_TRAILING_ENTRIES,
} from '../../common/limits.js';
import type { Rng } from '../../common/rng.js';
import type { PersistedState } from './types.js';

export interface RaftNodeConfig {
  readonly id: number;
  /** Every member, this one included: 1 to ENSEMBLE_MEMBERS_MAX ids, fixed for the log's life. */
  readonly members: readonly number[];
  /** Followers wait a random [electionTicks, 2 * electionTicks) before campaigning. */
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  readonly rng: Rng;
  /** What this member persisted before it stopped; absent for a new member. */
  readonly persisted?: PersistedState;
  /** Campaign only after a majority says it would vote (§9.6). @default true */
  readonly preVote?: boolean;
  /** A leader that hears from no majority for an election timeout steps down. @default true */
  readonly checkQuorum?: boolean;
  /** @default RAFT_SNAPSHOT_TRAILING_ENTRIES */
  readonly snapshotTrailingEntries?: number;
  /** Uncommitted entries a leader holds before refusing proposals. @default RAFT_PROPOSALS_QUEUED_MAX */
  readonly proposalsQueuedMax?: number;
}

export interface RaftSettings {
  readonly id: number;
  readonly members: readonly number[];
  readonly peers: readonly number[];
  readonly quorum: number;
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  readonly rng: Rng;
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
  readonly snapshotTrailingEntries: number;
  readonly proposalsQueuedMax: number;
}

export function resolveConfig(config: RaftNodeConfig): RaftSettings {
  const { id, members, electionTicks, heartbeatTicks } = config;
  assert(Number.isSafeInteger(id) && id > 0, `member id ${id} must be a positive integer`);
  assert(members.includes(id), `member ${id} is not among the members ${members.join(',')}`);
  assert(new Set(members).size === members.length, `members ${members.join(',')} repeat`);
  assert(
    members.every((m) => Number.isSafeInteger(m) && m > 0),
    'member ids are positive',
  );
  assert(members.length <= ENSEMBLE_MEMBERS_MAX, `${members.length} members is over the limit`);
  assert(heartbeatTicks >= 1 && electionTicks > heartbeatTicks, 'electionTicks > heartbeatTicks');
  const settings: RaftSettings = {
    id,
    members: Object.freeze([...members]),
    peers: Object.freeze(members.filter((m) => m !== id)),
    quorum: Math.floor(members.length / 2) + 1,
    electionTicks,
    heartbeatTicks,
    rng: config.rng,
    preVote: config.preVote ?? true,
    checkQuorum: config.checkQuorum ?? true,
    snapshotTrailingEntries: config.snapshotTrailingEntries ?? RAFT_SNAPSHOT_TRAILING_ENTRIES,
    proposalsQueuedMax: config.proposalsQueuedMax ?? RAFT_PROPOSALS_QUEUED_MAX,
  };
  assert(settings.snapshotTrailingEntries >= 0, 'snapshotTrailingEntries >= 0');
  assert(settings.proposalsQueuedMax >= 1, 'proposalsQueuedMax >= 1');
  return settings;
}
