// The master's operations on regions that are not DDL: move (HBase's Admin.move), flush and
// compact a table's regions on the servers that hold them. Each checks the region and its table
// first and refuses a region in transition, so that it never races the assignment machine.
import { InvalidArgumentError } from '../common/errors.js';
import { TableNotEnabledError } from '../client/errors.js';
import { RegionServerService } from '../regionserver/service/protocol.js';
import type { Stub } from '../rpc/index.js';
import type { RegionDescription } from './assignment/driver.js';
import { RegionInTransitionError, UnknownRegionError } from './errors.js';
import { MOVE_WAIT_MS, REGION_ADMIN_CALL_TIMEOUT_MS } from './limits.js';
import type { MasterContext } from './master-context.js';
import type { TableRegion } from './protocol.js';
import { serverAddress } from './region-server-calls.js';

export class RegionOps {
  readonly #ctx: MasterContext;

  constructor(ctx: MasterContext) {
    this.#ctx = ctx;
  }

  /**
   * Moves an open region to `to` (a live server's name), or to the live server holding the fewest
   * regions; resolves once it is open there.
   */
  async move(region: string, to: string | undefined): Promise<void> {
    const { driver } = this.#ctx.requireActive();
    const { server } = this.openRegion(region);
    const live = driver.machine.liveServers;
    const target = to ?? leastLoaded(live, server, driver.machine.records());
    if (target === undefined) return;
    if (!live.includes(target)) {
      throw new InvalidArgumentError(`server ${target} is not a live region server`);
    }
    if (target === server) return;
    driver.handle({ kind: 'move', region, to: target });
    await this.#ctx.waitFor(
      () => {
        const record = driver.machine.record(region);
        return record?.state === 'OPEN' && record.server === target;
      },
      MOVE_WAIT_MS,
      () =>
        new RegionInTransitionError(`region ${region} not open on ${target} in ${MOVE_WAIT_MS} ms`),
    );
  }

  /** The table's regions in row order, with where the records place them. */
  tableRegions(table: string): TableRegion[] {
    const { driver } = this.#ctx.requireActive();
    this.#ctx.catalog.table(table);
    return this.#ctx.catalog.regionsOfTable(table).map((info) => {
      const record = driver.machine.record(info.encodedName);
      return {
        region: info.encodedName,
        table: info.table,
        startKey: info.startKey,
        endKey: info.endKey,
        regionId: info.regionId,
        state: record?.state ?? 'OFFLINE',
        server: record?.server ?? '',
      };
    });
  }

  /** Flushes the memstore of every region of the table. */
  async flushTable(name: string): Promise<void> {
    await this.#eachOpenRegion(name, (stub, region) =>
      stub.flushRegion({ region }, { timeoutMs: REGION_ADMIN_CALL_TIMEOUT_MS }),
    );
  }

  /** Compacts every region of the table (all of its files into one when `major`). */
  async compactTable(name: string, major: boolean): Promise<void> {
    await this.#eachOpenRegion(name, (stub, region) =>
      stub.compactRegion({ region, major }, { timeoutMs: REGION_ADMIN_CALL_TIMEOUT_MS }),
    );
  }

  /**
   * The region, open on a live server, of an enabled table: UnknownRegion, TableNotEnabled or
   * RegionInTransition otherwise.
   */
  openRegion(region: string): RegionDescription & { server: string } {
    const { driver } = this.#ctx.requireActive();
    const described = this.#ctx.catalog.regions.get(region);
    if (described === undefined) throw new UnknownRegionError(`no region ${region}`);
    const table = described.info.table;
    if (this.#ctx.catalog.tables.has(table)) this.requireEnabled(table);
    const record = driver.machine.record(region);
    const server = record?.server;
    if (record?.state !== 'OPEN' || server === undefined) {
      throw new RegionInTransitionError(`region ${region} is ${record?.state ?? 'OFFLINE'}`);
    }
    return { ...described, server };
  }

  requireEnabled(table: string): void {
    this.#ctx.catalog.table(table);
    const state = this.#ctx.catalog.tableStates.get(table);
    if (state !== 'ENABLED') throw new TableNotEnabledError(`table ${table} is ${state ?? 'gone'}`);
  }

  async #eachOpenRegion(
    table: string,
    call: (stub: RegionServerStub, region: string) => Promise<unknown>,
  ): Promise<void> {
    this.#ctx.requireActive();
    this.requireEnabled(table);
    const regions = this.#ctx.catalog.regionsOfTable(table);
    await Promise.all(
      regions.map((info) => {
        const { server } = this.openRegion(info.encodedName);
        const stub = this.#ctx.rpc.stub(RegionServerService, serverAddress(server));
        return call(stub, info.encodedName);
      }),
    );
  }
}

type RegionServerStub = Stub<(typeof RegionServerService)['methods']>;

/** The live server other than `except` that holds the fewest regions (ties: by name). */
function leastLoaded(
  live: readonly string[],
  except: string,
  records: readonly { readonly server: string | undefined; readonly state: string }[],
): string | undefined {
  const counts = new Map(live.filter((s) => s !== except).map((s) => [s, 0]));
  for (const record of records) {
    const n = record.server === undefined ? undefined : counts.get(record.server);
    if (n !== undefined && record.state === 'OPEN') counts.set(record.server as string, n + 1);
  }
  let best: string | undefined;
  for (const [server, n] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (best === undefined || n < (counts.get(best) ?? 0)) best = server;
  }
  return best;
}
