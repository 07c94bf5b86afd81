// The master's RPC service (HBase's MasterService, reduced): DDL, region operations and status.
// Only the active master answers; a backup answers MasterNotActive (retriable), and clients find
// the active one through the coordinator's election node. Bodies are checked in the handlers.
import type { TableDescriptor } from '../common/operations.js';
import { defineService, objectBody, unary } from '../rpc/index.js';

export interface CreateTableRequest {
  /** A TableDescriptor, checked field by field. */
  readonly table: unknown;
  /** Where regions are cut (none: one region). */
  readonly splitKeys: unknown;
}

/** One region server's load, from its last status report. */
export interface ServerLoad {
  readonly server: string;
  readonly regions: number;
  /** Data requests per second over the last report interval. */
  readonly requestsPerSecond: number;
  readonly memstoreBytes: number;
  readonly storeFileBytes: number;
}

export interface ClusterStatus {
  readonly master: string;
  /** The other masters in the election, waiting. */
  readonly backupMasters: readonly string[];
  readonly servers: readonly string[];
  readonly regions: readonly { region: string; state: string; server: string }[];
  readonly loads: readonly ServerLoad[];
  /** The sum over live servers. */
  readonly requestsPerSecond: number;
}

/** A region of a table as Admin.getRegions shows it (HBase's RegionInfo plus its location). */
export interface TableRegion {
  readonly region: string;
  readonly table: string;
  readonly startKey: Buffer;
  readonly endKey: Buffer;
  readonly regionId: number;
  readonly state: string;
  /** The server it is open on ('' when none). */
  readonly server: string;
}

type Empty = Record<string, never>;
type Named = { readonly name: unknown };

export const MasterService = defineService('master', {
  createTable: unary<CreateTableRequest, Empty>(objectBody()),
  listTables: unary<Empty, { readonly tables: readonly TableDescriptor[] }>(objectBody()),
  describeTable: unary<Named, { readonly table: TableDescriptor }>(objectBody()),
  disableTable: unary<Named, Empty>(objectBody()),
  enableTable: unary<Named, Empty>(objectBody()),
  deleteTable: unary<Named, Empty>(objectBody()),
  /** Deletes the table's rows and files and recreates it, empty (its split keys kept or not). */
  truncateTable: unary<{ readonly name: unknown; readonly preserveSplits: unknown }, Empty>(
    objectBody(),
  ),
  /** Replaces the table's descriptor (families added, removed or altered); regions reopen. */
  modifyTable: unary<{ readonly table: unknown }, Empty>(objectBody()),
  createNamespace: unary<Named, Empty>(objectBody()),
  deleteNamespace: unary<Named, Empty>(objectBody()),
  listNamespaces: unary<Empty, { readonly namespaces: readonly string[] }>(objectBody()),
  /**
   * Splits the table's regions (each at its middle row), or the one region holding `splitRow`
   * at that row; returns once the daughters serve.
   */
  splitRegion: unary<{ readonly table: unknown; readonly splitRow: unknown }, Empty>(objectBody()),
  /** Merges two adjacent regions of one table (encoded names) into one. */
  mergeRegions: unary<{ readonly regions: unknown }, { readonly region: string }>(objectBody()),
  /** Moves a region to `server` (a server name), or to a server the master picks. */
  moveRegion: unary<{ readonly region: unknown; readonly server: unknown }, Empty>(objectBody()),
  /** Runs the balancer now; how many moves it started. */
  balance: unary<Empty, { readonly moves: number }>(objectBody()),
  flushTable: unary<Named, Empty>(objectBody()),
  compactTable: unary<{ readonly name: unknown; readonly major: unknown }, Empty>(objectBody()),
  /** A region server asks for a split of a region grown past its table's size threshold. */
  requestSplit: unary<
    { readonly region: unknown; readonly server: unknown; readonly splitRow: unknown },
    Empty
  >(objectBody()),
  /** The table's regions in row order, with their states and servers. */
  getRegions: unary<Named, { readonly regions: readonly TableRegion[] }>(objectBody()),
  clusterStatus: unary<Empty, ClusterStatus>(objectBody()),
});
