// The store-file package's public face: the writer, the reader, the shared block cache, the I/O
// adapters (block filesystem and local disk) and the corruption error. The format: docs/formats.md.
export { BlockCache, type BlockCacheStats } from './block-cache.js';
export { dfsFileSink, openDfsSource } from './dfs-io.js';
export { CorruptStoreFileError } from './errors.js';
export * from './limits.js';
export { localFileSink, openLocalSource } from './local-io.js';
export { openStoreFile } from './reader.js';
export { STORE_FILE_MAGIC, STORE_FILE_VERSION, TRAILER_BYTES } from './trailer.js';
export type * from './types.js';
export { StoreFileWriter } from './writer.js';
