// The coordinator's Raft: a pure core (RaftNode), storage for its durable state, and the member
// that runs it over RPC. Other folders import Raft only from here.
export { RaftNode, type Ready, type RaftNodeConfig } from './raft-node.js';
export { RaftLog, type RaftLogView } from './raft-log.js';
export {
  RaftMember,
  RAFT_ELECTION_TICKS_DEFAULT,
  RAFT_HEARTBEAT_TICKS_DEFAULT,
  RAFT_TICK_MS_DEFAULT,
  type LeaderChangeListener,
  type RaftMemberOptions,
  type RaftStateMachine,
} from './raft-member.js';
export { MemoryStorage, StoredLog, type RaftStorage } from './storage.js';
export { LevelStorage } from './level-storage.js';
export { RaftService, parseMessage, type DeliverRequest } from './raft-service.js';
export { leaderHintOf, notLeaderError } from './not-leader.js';
export {
  EMPTY_HARD_STATE,
  NO_MEMBER,
  type AppendRequest,
  type AppendResponse,
  type Entry,
  type HardState,
  type Message,
  type MessageKind,
  type PersistedState,
  type Role,
  type Snapshot,
  type SnapshotRequest,
  type VoteRequest,
  type VoteResponse,
} from './types.js';
