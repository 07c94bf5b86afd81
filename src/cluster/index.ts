// The cluster runners' public face: MiniCluster (every role in this process, for tests and the
// standalone mode) and `cluster up/down` (one OS process per daemon, recorded in cluster.json).
export { MiniCluster, type MiniConnectionOptions } from './mini-cluster.js';
export type { MiniClusterOptions, MiniClusterPorts } from './mini-cluster-options.js';
export { clusterUp, type ClusterUpOptions } from './cluster-up.js';
export {
  clusterDown,
  STOP_ORDER,
  type ClusterDownOptions,
  type ClusterDownResult,
} from './cluster-down.js';
export {
  allDaemons,
  CLUSTER_FILE_NAME,
  CLUSTER_FILE_VERSION,
  ROLES,
  clusterFilePath,
  parseClusterFile,
  readClusterFile,
  type ClusterFile,
  type ClusterState,
  type DaemonRecord,
  type Role,
} from './cluster-file.js';
export { replicationFor, type ClusterCounts } from './cluster-plan.js';
export { freePorts } from './free-ports.js';
export { isOurDaemon, isRunning } from './processes.js';
export * from './errors.js';
export * from './limits.js';
export { Standalone, type StandaloneOptions, type StandalonePorts } from './standalone.js';
export {
  ENDPOINTS_FILE_NAME,
  endpointsPath,
  parseEndpoints,
  readEndpoints,
  type Endpoints,
} from './standalone-endpoints.js';
export * from './standalone-errors.js';
export * from './standalone-limits.js';
