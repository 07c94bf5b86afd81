// The datanode's public face: the server, its tuning, and the on-disk format pieces that tools and
// tests read (the meta file header, the replica file names).
export {
  DatanodeServer,
  DEFAULT_DATANODE_TUNING,
  DATANODE_PORT_DEFAULT,
  type DatanodeServerOptions,
  type DatanodeTuning,
} from './datanode-server.js';
export {
  CHECKSUM_TYPE_CRC32C,
  checkMetaHeader,
  checksumPosition,
  decodeMetaHeader,
  encodeMetaHeader,
  META_HEADER_BYTES,
  META_VERSION,
  metaBytesFor,
  type MetaHeader,
} from './meta-file.js';
export {
  dataFileName,
  metaFileName,
  parseReplicaFileName,
  StorageLayout,
  type ReplicaDir,
  type ReplicaFileName,
} from './storage-layout.js';
export { planRecovery, type RecoveryPlan, type ReplicaAnswer } from './recovery.js';
