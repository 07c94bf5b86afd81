// The znode tree's public face: the pure state machine, its snapshots, paths and watches.
// The member server, the client and Raft import the tree only through this file.
export * from './types.js';
export {
  QUOTA_PATH,
  ROOT_PATH,
  ZOOKEEPER_PATH,
  basename,
  invalidPathReason,
  isReservedPath,
  isValidPath,
  join,
  parentOf,
  sequentialPath,
  validatePath,
} from './path.js';
export { ZnodeTree } from './znode-tree.js';
export type { ApplyOutcome } from './znode-tree.js';
export { restoreTree, snapshotTree, snapshotTreeAsync } from './snapshot.js';
export { WATCH_KINDS, WatchManager } from './watch-manager.js';
export type { SessionEvent, StatReader } from './watch-manager.js';
