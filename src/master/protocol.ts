// The master's RPC service (HBase's MasterService, reduced): DDL and status. Only the active
// master answers; a backup answers MasterNotActive (retriable), and clients find the active one
// through the coordinator's election node.
import type { TableDescriptor } from '../common/operations.js';
import { defineService, objectBody, unary } from '../rpc/index.js';

export interface CreateTableRequest {
  /** A TableDescriptor, checked field by field. */
  readonly table: unknown;
  /** Where regions are cut (none: one region). */
  readonly splitKeys: unknown;
}

export interface ClusterStatus {
  readonly master: string;
  readonly servers: readonly string[];
  readonly regions: readonly { region: string; state: string; server: string }[];
}

export const MasterService = defineService('master', {
  createTable: unary<CreateTableRequest, Record<string, never>>(objectBody()),
  listTables: unary<Record<string, never>, { readonly tables: readonly TableDescriptor[] }>(
    objectBody(),
  ),
  describeTable: unary<{ readonly name: unknown }, { readonly table: TableDescriptor }>(
    objectBody(),
  ),
  disableTable: unary<{ readonly name: unknown }, Record<string, never>>(objectBody()),
  enableTable: unary<{ readonly name: unknown }, Record<string, never>>(objectBody()),
  deleteTable: unary<{ readonly name: unknown }, Record<string, never>>(objectBody()),
  clusterStatus: unary<Record<string, never>, ClusterStatus>(objectBody()),
});
