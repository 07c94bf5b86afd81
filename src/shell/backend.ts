// What the shell's commands need of a cluster, as two small interfaces (ShellAdmin, ShellTable)
// that the SDK's Admin and Table satisfy as they are; `connectionBackend` wraps one Connection.
// Sessions share a backend (one connection per shell server) and keep no state in it.
import type { ModifyTableSpec } from '../client/admin.js';
import type { Connection, ResultScanner, TableSpec } from '../client/index.js';
import type { Append, Delete, Get, Increment, Put, Result, Scan } from '../client/ops/index.js';
import type { TableDescriptor } from '../common/operations.js';
import type { ClusterStatus, TableRegion } from '../master/protocol.js';

/** The Admin calls the shell makes (src/client/admin.ts). */
export interface ShellAdmin {
  createTable(spec: TableSpec): Promise<void>;
  listTables(): Promise<TableDescriptor[]>;
  describeTable(name: string): Promise<TableDescriptor>;
  disableTable(name: string): Promise<void>;
  enableTable(name: string): Promise<void>;
  deleteTable(name: string): Promise<void>;
  truncateTable(name: string, preserveSplits?: boolean): Promise<void>;
  modifyTable(spec: ModifyTableSpec): Promise<void>;
  createNamespace(name: string): Promise<void>;
  deleteNamespace(name: string): Promise<void>;
  listNamespaces(): Promise<string[]>;
  split(table: string, splitPoint?: Uint8Array | string): Promise<void>;
  mergeRegions(a: string, b: string): Promise<string>;
  move(region: string, server?: string): Promise<void>;
  flush(table: string): Promise<void>;
  compact(table: string, major?: boolean): Promise<void>;
  getRegions(table: string): Promise<TableRegion[]>;
  balance(): Promise<number>;
  clusterStatus(): Promise<ClusterStatus>;
}

/** A scanner as the shell reads it: results in order, closed early on LIMIT or interrupt. */
export type ShellScanner = AsyncIterable<Result> & { close(): Promise<void> };

/** The Table calls the shell makes (src/client/table.ts). */
export interface ShellTable {
  get(get: Get): Promise<Result>;
  put(put: Put): Promise<void>;
  delete(del: Delete): Promise<void>;
  increment(increment: Increment): Promise<Result>;
  append(append: Append): Promise<Result>;
  getScanner(scan: Scan): ShellScanner | ResultScanner;
}

export interface ShellBackend {
  admin(): ShellAdmin;
  table(name: string): ShellTable;
  /** Forgets cached region locations of a table whose regions a command just replaced. */
  clearRegionCache(name: string): void;
}

/** A backend over one SDK connection (which the caller opens and closes). */
export function connectionBackend(connection: Connection): ShellBackend {
  return {
    admin: () => connection.getAdmin(),
    table: (name) => connection.getTable(name),
    clearRegionCache: (name) => connection.clearRegionCache(name),
  };
}
