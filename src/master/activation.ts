// What a master starts when it becomes active: its records loaded from the coordinator, the
// assignment driver resumed with the live region servers, meta asked to serve, and a catalog
// whose lookups of regions other than meta wait until the master has read meta.
import type { Clock } from '../common/clock.js';
import type { Logger } from '../common/log.js';
import type { CoordClient } from '../coord/client/index.js';
import type { RpcClient } from '../rpc/index.js';
import { AssignmentMachine } from './assignment/assignment-machine.js';
import { CoordAssignmentStore } from './assignment/coord-store.js';
import {
  AssignmentDriver,
  type RegionDescription,
  type RegionServerCalls,
  type WalSplitter,
} from './assignment/driver.js';
import { MetaAccess } from './meta-access.js';
import { META_REGION_INFO } from './meta/index.js';
import { MetaSyncStore } from './meta-sync.js';
import { ServerTracker } from './server-tracker.js';

export interface AssignmentParts {
  readonly driver: AssignmentDriver;
  readonly tracker: ServerTracker;
  readonly sync: MetaSyncStore;
  readonly meta: MetaAccess;
  /** Lets the catalog answer for regions other than meta (call once meta is read). */
  readonly catalogLoaded: () => void;
}

export async function startAssignment(ctx: {
  readonly client: CoordClient;
  readonly rpc: RpcClient;
  readonly calls: RegionServerCalls;
  /** The master's catalog, filled from meta by the caller. */
  readonly regions: ReadonlyMap<string, RegionDescription>;
  readonly splitWals: WalSplitter;
  readonly clock: Clock;
  readonly logger: Logger;
}): Promise<AssignmentParts> {
  let sync: MetaSyncStore | undefined;
  const meta = new MetaAccess(ctx.rpc, () => sync?.metaServer);
  let catalogLoaded: () => void = () => undefined;
  const loaded = new Promise<void>((resolve) => (catalogLoaded = resolve));
  const catalog = {
    describe: async (region: string): Promise<RegionDescription | undefined> => {
      if (region !== META_REGION_INFO.encodedName) await loaded;
      return ctx.regions.get(region);
    },
  };
  sync = new MetaSyncStore({
    inner: new CoordAssignmentStore(ctx.client),
    client: ctx.client,
    meta,
    catalog,
    clock: ctx.clock,
    logger: ctx.logger,
  });
  const machine = new AssignmentMachine(await sync.load());
  // Meta already open (a master taking over): its location stands until a record moves it.
  const metaRecord = machine.record(META_REGION_INFO.encodedName);
  if (metaRecord?.state === 'OPEN') sync.metaServer = metaRecord.server;
  const driver = new AssignmentDriver({
    machine,
    store: sync,
    catalog,
    servers: ctx.calls,
    splitWals: ctx.splitWals,
    logger: ctx.logger,
  });
  const { tracker, live } = await ServerTracker.start(ctx.client, (e) => driver.handle(e));
  driver.handle({ kind: 'resume', live });
  driver.handle({ kind: 'assign', region: META_REGION_INFO.encodedName });
  return { driver, tracker, sync, meta, catalogLoaded };
}
