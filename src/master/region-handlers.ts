// The MasterService's region handlers: move, split, merge, flush, compact, balance and a region
// server's split request, each checking its request before the master sees it.
import { booleanAt, bytesAt, listAt, stringAt } from '../common/shape.js';
import type { Master } from './master.js';
import type { MasterHandlers } from './service-handlers.js';

type RegionMethods =
  | 'splitRegion'
  | 'mergeRegions'
  | 'moveRegion'
  | 'balance'
  | 'flushTable'
  | 'compactTable'
  | 'requestSplit'
  | 'getRegions';

function optionalBytes(value: unknown, path: string): Buffer | undefined {
  return value === undefined || value === null ? undefined : bytesAt(value, path);
}

function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : stringAt(value, path);
}

export function regionHandlers(master: () => Master): Pick<MasterHandlers, RegionMethods> {
  return {
    splitRegion: async (request) => {
      const table = stringAt(request.table, 'table');
      await master().splits.splitTable(table, optionalBytes(request.splitRow, 'splitRow'));
      return {};
    },
    mergeRegions: async (request) => {
      const regions = listAt(request.regions, 'regions', 2).map((r, i) =>
        stringAt(r, `regions[${i}]`),
      );
      return { region: await master().splits.merge(regions) };
    },
    moveRegion: async (request) => {
      const region = stringAt(request.region, 'region');
      await master().regionOps.move(region, optionalString(request.server, 'server'));
      return {};
    },
    balance: async () => ({ moves: await master().balance() }),
    flushTable: async (request) => {
      await master().regionOps.flushTable(stringAt(request.name, 'name'));
      return {};
    },
    compactTable: async (request) => {
      const major = booleanAt(request.major ?? false, 'major');
      await master().regionOps.compactTable(stringAt(request.name, 'name'), major);
      return {};
    },
    getRegions: (request) => ({
      regions: master().regionOps.tableRegions(stringAt(request.name, 'name')),
    }),
    requestSplit: (request) => {
      const region = stringAt(request.region, 'region');
      const server = stringAt(request.server, 'server');
      master().splits.requested(region, server, optionalBytes(request.splitRow, 'splitRow'));
      return {};
    },
  };
}
