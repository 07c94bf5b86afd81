// The MasterService's DDL handlers: each checks its request field by field (an InvalidArgument
// names the bad field) and hands it to the master's TableDdl (namespaces: its `namespaces`).
import { bytesAt, listAt, optionalBooleanAt, stringAt } from '../common/shape.js';
import { SPLIT_KEYS_MAX } from './limits.js';
import type { Master } from './master.js';
import type { MasterHandlers } from './service-handlers.js';

type DdlMethods =
  | 'createTable'
  | 'listTables'
  | 'describeTable'
  | 'disableTable'
  | 'enableTable'
  | 'deleteTable'
  | 'truncateTable'
  | 'modifyTable'
  | 'createNamespace'
  | 'deleteNamespace'
  | 'listNamespaces';

export function ddlHandlers(master: () => Master): Pick<MasterHandlers, DdlMethods> {
  const ddl = () => master().ddl;
  return {
    createTable: async (request) => {
      const splitKeys = listAt(request.splitKeys ?? [], 'splitKeys', SPLIT_KEYS_MAX).map((key, i) =>
        bytesAt(key, `splitKeys[${i}]`),
      );
      await ddl().createTable(request.table, splitKeys);
      return {};
    },
    listTables: () => ({ tables: ddl().listTables() }),
    describeTable: (request) => ({ table: ddl().describeTable(stringAt(request.name, 'name')) }),
    disableTable: async (request) => {
      await ddl().disableTable(stringAt(request.name, 'name'));
      return {};
    },
    enableTable: async (request) => {
      await ddl().enableTable(stringAt(request.name, 'name'));
      return {};
    },
    deleteTable: async (request) => {
      await ddl().deleteTable(stringAt(request.name, 'name'));
      return {};
    },
    truncateTable: async (request) => {
      const preserveSplits = optionalBooleanAt(
        request.preserveSplits ?? undefined,
        'preserveSplits',
      );
      await ddl().truncateTable(stringAt(request.name, 'name'), preserveSplits ?? true);
      return {};
    },
    modifyTable: async (request) => {
      await ddl().modifyTable(request.table);
      return {};
    },
    createNamespace: async (request) => {
      await ddl().namespaces.create(stringAt(request.name, 'name'));
      return {};
    },
    deleteNamespace: async (request) => {
      await ddl().namespaces.delete(stringAt(request.name, 'name'));
      return {};
    },
    listNamespaces: async () => ({ namespaces: await ddl().namespaces.list() }),
  };
}
