// The coordinator client's public face: the client, its watch and state types, multi helpers,
// and the recipes (leader election, group membership, lock).
export { CoordClient, type CoordClientOptions, type WatchArgument } from './coord-client.js';
export { isConnectionFailure, type ClientState } from './member-link.js';
export type { Watcher } from './watch-registry.js';
export { op, multiFailure, multiResultsOf, type MultiFailure } from './multi.js';
export { joinPath, nodeName, parentPath } from './paths.js';
export {
  elect,
  currentLeader,
  LeaderElection,
  CandidacyEndedError,
  CANDIDATE_PREFIX,
} from './recipes/leader-election.js';
export { join, members, type Membership, type MembersOptions } from './recipes/group-membership.js';
export { lock, LOCK_PREFIX, type Lock, type LockOptions } from './recipes/lock.js';
export { CreateMode } from '../tree/types.js';
export type { Stat, WatchEvent, TreeOp, MultiOpResult } from '../tree/types.js';
export {
  BadArgumentsError,
  BadVersionError,
  ConnectionLossError,
  NoChildrenForEphemeralsError,
  NodeExistsError,
  NoNodeError,
  NotEmptyError,
  RuntimeInconsistencyError,
  SessionExpiredError,
} from '../errors.js';
