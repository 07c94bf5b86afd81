// The region server's storage engine, public face: regions and what they are made of. The region
// server's RPC service (issue 6) builds on these.
export { Region, type RegionOpenOptions, type RegionStats, type ReplayEntry } from './region.js';
export { RegionScanner } from './region-scanner.js';
export type { RegionSettings, RegionWal } from './region-core.js';
export type { CheckAndMutateResult } from './region-atomic.js';
export type { FlushOutcome } from './region-flush.js';
export type { CompactionOutcome } from './compaction/compactor.js';
export { splitRegion, findSplitRow, type SplitOutcome, SPLITS_FILE } from './region-split.js';
export { RegionFs, type RegionFsOptions } from './region-fs.js';
export {
  makeRegionInfo,
  regionName,
  regionContainsRow,
  regionInfoFromJson,
  regionInfoToJson,
  type RegionInfo,
} from './region-info.js';
export * from './errors.js';
export * from './limits.js';
export { BlockCache } from './storefile/index.js';
export {
  Wal,
  type WalEntry,
  type WalOptions,
  listWalFiles,
  readWal,
  recoverWalLease,
  replayWal,
} from './wal/index.js';
export { parseFilter, formatFilter, FILTER_LANGUAGE_NAMES } from '../common/filter/index.js';
export { RegionServer, type RegionServerOptions } from './service/region-server.js';
export {
  RegionServerService,
  type RegionServerStatus,
  type ScanBatch,
} from './service/protocol.js';
export {
  MUTATIONS_PER_CALL_MAX,
  OPEN_SCANNERS_MAX,
  SCAN_BYTES_PER_CALL_MAX,
  SCAN_ROWS_PER_CALL_MAX,
  SCANNER_LEASE_MS,
} from './service/limits.js';
