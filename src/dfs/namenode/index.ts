// The namenode's public face: the server, its tuning, and (for tests and tools) the namesystem,
// the pure namespace and its dump.
export {
  NamenodeServer,
  NAMENODE_PORT_DEFAULT,
  type NamenodeServerOptions,
} from './namenode-server.js';
export { DEFAULT_NAMENODE_TUNING, RECOVERY_HOLDER, type NamenodeTuning } from './tuning.js';
export { Namesystem } from './namesystem.js';
export { Namespace, type ApplyResult } from './namespace.js';
export type { Edit } from './edits.js';
export { dumpNamespace } from './namespace-image.js';
