// The block filesystem's public face: its protocol, types, errors, paths and checksums. The
// namenode, datanode and client each have their own index below this one.
export * from './errors.js';
export * from './types.js';
export * from './protocol.js';
export * from './path.js';
export * from './checksum.js';
