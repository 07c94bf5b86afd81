// The MasterService's handlers: each checks its request and hands it to the master, which
// answers MasterNotActive while it is a backup (or still starting).
import { bytesAt, listAt, stringAt } from '../common/shape.js';
import type { Handlers } from '../rpc/index.js';
import { MasterNotActiveError } from './errors.js';
import { SPLIT_KEYS_MAX } from './limits.js';
import type { Master } from './master.js';
import type { MasterService } from './protocol.js';

export function masterHandlers(
  current: () => Master | undefined,
): Handlers<(typeof MasterService)['methods']> {
  const master = (): Master => {
    const m = current();
    if (m === undefined) throw new MasterNotActiveError('the master is still starting');
    return m;
  };
  return {
    createTable: async (request) => {
      const splitKeys = listAt(request.splitKeys ?? [], 'splitKeys', SPLIT_KEYS_MAX).map((key, i) =>
        bytesAt(key, `splitKeys[${i}]`),
      );
      await master().createTable(request.table, splitKeys);
      return {};
    },
    listTables: () => ({ tables: master().listTables() }),
    describeTable: (request) => ({ table: master().describeTable(stringAt(request.name, 'name')) }),
    disableTable: async (request) => {
      await master().disableTable(stringAt(request.name, 'name'));
      return {};
    },
    enableTable: async (request) => {
      await master().enableTable(stringAt(request.name, 'name'));
      return {};
    },
    deleteTable: async (request) => {
      await master().deleteTable(stringAt(request.name, 'name'));
      return {};
    },
    clusterStatus: () => {
      const m = master();
      return { master: m.name, ...m.status() };
    },
  };
}
