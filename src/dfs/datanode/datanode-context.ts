// What the pieces of a datanode share: its replicas, its stubs to other datanodes, its clock and
// logger, who it is, and where bad replicas it finds get reported.
import type { Clock } from '../../common/clock.js';
import type { Logger } from '../../common/log.js';
import type { BadReplica } from '../protocol.js';
import type { DatanodeInfo } from '../types.js';
import type { DatanodePeers } from './peers.js';
import type { ReplicaStore } from './replica-store.js';

export interface DatanodeContext {
  readonly store: ReplicaStore;
  readonly peers: DatanodePeers;
  readonly clock: Clock;
  readonly logger: Logger;
  /** This datanode as others reach it (its address is known once it listens). */
  self(): DatanodeInfo;
  /** Queues bad replicas of this datanode for reportBadBlocks. */
  reportBad(replicas: readonly BadReplica[]): void;
}
