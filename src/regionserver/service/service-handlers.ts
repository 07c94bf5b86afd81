// The RegionServerService's handlers: each checks its request's fields and hands the call to the
// running RegionServer (ServerNotRunning while it starts); no state of its own.
import { integerAt, stringAt } from '../../common/shape.js';
import type { Handlers } from '../../rpc/index.js';
import type { RegionServerService } from './protocol.js';
import type { RegionServer } from './region-server.js';
import { ServerNotRunningError } from '../errors.js';
import { checkGetSpec, checkMutations } from './request-checks.js';

function rowsAt(value: unknown): number {
  const rows = integerAt(value, 'rows');
  return Math.max(0, rows);
}

/** The service's handlers, bound to the server once it runs. */
export function regionServerHandlers(
  current: () => RegionServer | undefined,
): Handlers<(typeof RegionServerService)['methods']> {
  const server = (): RegionServer => {
    const s = current();
    if (s === undefined) throw new ServerNotRunningError('the region server is still starting');
    return s;
  };
  return {
    get: async (request) => {
      const spec = checkGetSpec(request.get);
      const cells = await server().region(stringAt(request.region, 'region')).get(spec);
      return { cells };
    },
    mutate: async (request) => {
      const mutations = checkMutations(request.mutations);
      await server().region(stringAt(request.region, 'region')).batchMutate(mutations);
      return {};
    },
    openScanner: (request) =>
      server().openScanner(stringAt(request.region, 'region'), request.scan, rowsAt(request.rows)),
    next: (request) =>
      server().next(integerAt(request.scannerId, 'scannerId'), rowsAt(request.rows)),
    closeScanner: (request) => ({
      closed: server().closeScanner(integerAt(request.scannerId, 'scannerId')),
    }),
    openRegion: (request) => server().openRegion(request.region, request.table),
    closeRegion: async (request) => ({
      closed: await server().closeRegion(stringAt(request.region, 'region')),
    }),
    status: () => server().status(),
  };
}
