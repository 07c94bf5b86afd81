// A master's assignment half for tests, run in the test's process: a table's regions cut at split
// keys, the assignment driver with its records in the coordinator, opens and closes over RPC, WAL
// splits through the filesystem, and the server tracker; resumed and asked to assign every region.
// Everything it starts is pushed onto `cleanups`.
import { systemClock } from '../../src/common/clock.js';
import type { TableDescriptor } from '../../src/common/operations.js';
import { CoordClient } from '../../src/coord/client/index.js';
import { DfsClient } from '../../src/dfs/client/index.js';
import { AssignmentMachine } from '../../src/master/assignment/assignment-machine.js';
import { CoordAssignmentStore } from '../../src/master/assignment/coord-store.js';
import { AssignmentDriver } from '../../src/master/assignment/driver.js';
import { RpcRegionServerCalls } from '../../src/master/region-server-calls.js';
import { ServerTracker } from '../../src/master/server-tracker.js';
import { makeRegionInfo, type RegionInfo } from '../../src/regionserver/region-info.js';
import { splitWals } from '../../src/regionserver/wal/index.js';

const ROOT = '/colonnade';

export interface TestAssignment {
  readonly driver: AssignmentDriver;
  readonly store: CoordAssignmentStore;
  readonly regions: readonly RegionInfo[];
}

/** `bounds`: '' first and last, the split keys between (['', 'b', 'c', ''] → three regions). */
export async function startTestAssignment(options: {
  readonly ensemble: string;
  readonly namenode: string;
  readonly table: TableDescriptor;
  readonly bounds: readonly string[];
  readonly cleanups: (() => Promise<unknown>)[];
}): Promise<TestAssignment> {
  const { cleanups, table } = options;
  const regions: RegionInfo[] = [];
  for (let i = 0; i + 1 < options.bounds.length; i++) {
    const start = Buffer.from(options.bounds[i] ?? '');
    const end = Buffer.from(options.bounds[i + 1] ?? '');
    regions.push(makeRegionInfo(table.name, start, end, 1));
  }
  const catalog = new Map(regions.map((info) => [info.encodedName, { info, table }]));
  const coord = await CoordClient.connect({ ensemble: options.ensemble });
  cleanups.push(() => coord.close());
  const fs = new DfsClient({ namenode: options.namenode });
  cleanups.push(() => fs.close());
  const calls = new RpcRegionServerCalls();
  cleanups.push(async () => calls.shutdown());
  const store = new CoordAssignmentStore(coord);
  const driver = new AssignmentDriver({
    machine: new AssignmentMachine(await store.load()),
    store,
    catalog: { describe: (region) => catalog.get(region) },
    servers: calls,
    splitWals: async (server) => {
      await splitWals({
        fs,
        rootDir: ROOT,
        walDir: `${ROOT}/WALs/${server}`,
        archiveDir: `${ROOT}/oldWALs`,
        clock: systemClock,
      });
    },
    logger: coord.logger,
  });
  cleanups.push(async () => driver.stop());
  const { tracker, live } = await ServerTracker.start(coord, (event) => driver.handle(event));
  cleanups.push(async () => tracker.stop());
  driver.handle({ kind: 'resume', live });
  for (const info of regions) driver.handle({ kind: 'assign', region: info.encodedName });
  return { driver, store, regions };
}
