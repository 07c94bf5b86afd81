// The query core's public face: the merged heap, the matchers and the two scanners the store uses
// (StoreScanner for reads, CompactionScanner for flushes and compactions).
export * from './column-tracker.js';
export * from './compaction-query-matcher.js';
export * from './compaction-scanner.js';
export * from './delete-tracker.js';
export * from './errors.js';
export * from './key-value-heap.js';
export * from './limits.js';
export * from './match-code.js';
export * from './query-matcher.js';
export * from './store-scanner.js';
export * from './user-query-matcher.js';
