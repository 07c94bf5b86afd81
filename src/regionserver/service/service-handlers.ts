// The RegionServerService's handlers: each checks its request's fields and hands the call to the
// running RegionServer (ServerNotRunning while it starts); no state of its own. A call that may
// answer with memstore cells runs under the chunk pool's read guard until its answer is encoded.
import { booleanAt, bytesAt, integerAt, stringAt } from '../../common/shape.js';
import { compactRegion, flushRegion, splitOpenRegion, splitPoint } from './region-commands.js';
import type { Handlers } from '../../rpc/index.js';
import type { RegionServerService } from './protocol.js';
import type { RegionServer } from './region-server.js';
import { ServerNotRunningError } from '../errors.js';
import { toWire } from '../../common/errors.js';
import { CellBlock } from '../../common/cell-block.js';
import type { Cell } from '../../common/cell.js';
import { listAt, objectAt, oneOfAt } from '../../common/shape.js';
import { MULTI_ACTIONS_MAX } from './limits.js';
import type { MultiResult } from './protocol.js';
import {
  checkCheckAndMutate,
  checkGetSpec,
  checkMutations,
  checkRowOperation,
} from './request-checks.js';

function cellsAnswer(cells: readonly Cell[]): { cells: CellBlock } {
  return { cells: new CellBlock(cells) };
}

/**
 * Runs a call under the server's chunk guard (memstore/chunk-pool.ts): the cells it answers with
 * may view memstore chunks that a flush hands back for reuse. The guard is left after this turn's
 * microtasks, where the RPC server encodes the answer of a settled handler.
 */
function guarded<T>(server: RegionServer, run: (server: RegionServer) => T): T {
  const pool = server.chunks;
  const token = pool.enter();
  const leave = (): void => pool.exitSoon(token);
  let result: T;
  try {
    result = run(server);
  } catch (error) {
    leave();
    throw error;
  }
  if (result instanceof Promise) result.then(leave, leave);
  else leave();
  return result;
}

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
    // Not async: a row served from memory is answered without a promise (region.readRow).
    get: (request) => {
      const spec = checkGetSpec(request.get);
      return guarded(server(), (s) => {
        const cells = s.region(stringAt(request.region, 'region')).readRow(spec);
        return cells instanceof Promise ? cells.then(cellsAnswer) : cellsAnswer(cells);
      });
    },
    mutate: async (request) => {
      const mutations = checkMutations(request.mutations);
      await server().region(stringAt(request.region, 'region')).batchMutate(mutations);
      return {};
    },
    mutateRow: (request) => {
      const operation = checkRowOperation(request.operation);
      return guarded(server(), async (s) => {
        const cells = await s.region(stringAt(request.region, 'region')).mutateRow(operation);
        return { cells: new CellBlock(cells) };
      });
    },
    checkAndMutate: (request) => {
      const check = checkCheckAndMutate(request.checkAndMutate);
      return guarded(server(), async (s) => {
        const outcome = await s.region(stringAt(request.region, 'region')).checkAndMutate(check);
        return { success: outcome.success, cells: new CellBlock(outcome.cells) };
      });
    },
    multi: (request) => {
      const actions = listAt(request.actions, 'actions', MULTI_ACTIONS_MAX);
      return guarded(server(), async (s) => {
        const results = await Promise.all(
          actions.map((action, i) => runAction(s, action, `actions[${i}]`)),
        );
        return { results };
      });
    },
    openScanner: (request) =>
      guarded(server(), (s) =>
        s.openScanner(stringAt(request.region, 'region'), request.scan, rowsAt(request.rows)),
      ),
    next: (request) =>
      guarded(server(), (s) =>
        s.next(integerAt(request.scannerId, 'scannerId'), rowsAt(request.rows)),
      ),
    closeScanner: (request) => ({
      closed: server().closeScanner(integerAt(request.scannerId, 'scannerId')),
    }),
    openRegion: (request) => server().openRegion(request.region, request.table),
    closeRegion: async (request) => ({
      closed: await server().closeRegion(stringAt(request.region, 'region')),
    }),
    flushRegion: async (request) => ({
      flushed: await flushRegion(server(), stringAt(request.region, 'region')),
    }),
    compactRegion: async (request) => {
      const major = booleanAt(request.major, 'major');
      await compactRegion(server(), stringAt(request.region, 'region'), major);
      return {};
    },
    splitPoint: async (request) => ({
      splitRow: (await splitPoint(server(), stringAt(request.region, 'region'))) ?? null,
    }),
    splitRegion: async (request) => {
      const name = stringAt(request.region, 'region');
      const splitRow =
        request.splitRow === undefined || request.splitRow === null
          ? undefined
          : bytesAt(request.splitRow, 'splitRow');
      const regionId = integerAt(request.regionId, 'regionId');
      const outcome = await splitOpenRegion(server(), name, splitRow, regionId);
      return { splitRow: outcome.splitRow, daughters: [...outcome.daughters] };
    },
    status: () => server().status(),
  };
}

/** One multi action; its failure is its own result, not the call's. */
async function runAction(server: RegionServer, value: unknown, path: string): Promise<MultiResult> {
  try {
    const action = objectAt(value, path);
    const kind = oneOfAt(action['kind'], `${path}.kind`, ['get', 'mutate'] as const);
    const region = server.region(stringAt(action['region'], `${path}.region`));
    if (kind === 'get') {
      const cells = await region.get(checkGetSpec(action['get'], `${path}.get`));
      return { ok: true, cells: new CellBlock(cells) };
    }
    await region.batchMutate(checkMutations(action['mutations'], `${path}.mutations`));
    return { ok: true, cells: CellBlock.EMPTY };
  } catch (error) {
    return { ok: false, error: toWire(error) };
  }
}
