// The client SDK's public face (`colonnade/client`): connect, Connection, Table, ResultScanner,
// the operations (Put, Get, Scan...), Result, the client's errors and its settings' defaults.
export { connect, Connection } from './connection.js';
export type { ConnectionOptions } from './options.js';
export { Table } from './table.js';
export { Admin, type TableSpec } from './admin.js';
export type { BatchAction } from './actions.js';
export { ResultScanner } from './result-scanner.js';
export type { RegionLocation } from './region-cache.js';
export * from './errors.js';
export * from './limits.js';
export * from './ops/index.js';
