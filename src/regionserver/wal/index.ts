// The write-ahead log's public face: the Wal writer (group commit, roll, archive), its entries and
// durability levels, the readers used by recovery, the errors and the named limits.
export { Wal } from './wal.js';
export type { WalOptions, WalStats } from './wal-options.js';
export type { WalDurability, WalEntry } from './entry.js';
export {
  listWalFiles,
  readWal,
  readWalSource,
  recoverWalLease,
  replayWal,
  type ReadWalOptions,
  type ReplayOptions,
  type WalSource,
  type WalReadSummary,
} from './reader.js';
export { encodeEntry } from './frame.js';
export { decodeEntryBody, type WalHeader, type WalTrailer } from './codec.js';
export {
  compareWalFileNames,
  parseWalFileName,
  walFileName,
  type WalFileName,
} from './wal-file.js';
export {
  WalClosedError,
  WalCorruptError,
  WalLeaseRecoveryTimeoutError,
  WalQueueFullError,
  WalSyncFailedError,
} from './errors.js';
export {
  listRecoveredEdits,
  recoveredEditsDir,
  splitWals,
  SPLITTING_SUFFIX,
  type SplitOptions,
  type SplitResult,
} from './split.js';
export * from './limits.js';
