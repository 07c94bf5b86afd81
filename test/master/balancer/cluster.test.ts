// The balancer and the load report through a real in-process cluster (coordinator, filesystem,
// region servers, master) and the SDK: a table made on one server spreads over three on
// Admin.balance() with its data intact, and the status shows the requests a burst of gets made.
import { afterEach, describe, expect, it } from 'vitest';
import { connect, Get, Put } from '../../../src/client/index.js';
import { Master } from '../../../src/master/master.js';
import { META_REGION_INFO } from '../../../src/master/meta/index.js';
import { RegionServer } from '../../../src/regionserver/service/region-server.js';
import { InProcessEnsemble } from '../../support/coord-ensemble.js';
import { DfsMiniCluster } from '../../support/dfs-mini-cluster.js';

const WAIT_MS = 20_000;

async function until(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function spread(counts: Map<string, number>): number {
  return Math.max(...counts.values()) - Math.min(...counts.values());
}

describe('the balancer in a cluster', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  }, 60_000);

  it('spreads a table over new servers and reports requests per second', async () => {
    const ensemble = await InProcessEnsemble.start(1);
    cleanups.push(() => ensemble.stop());
    const dfs = await DfsMiniCluster.start(1);
    cleanups.push(() => dfs.shutdown());
    const startServer = async (): Promise<void> => {
      const server = await RegionServer.start({
        namenode: dfs.namenodeAddress,
        port: 0,
        replication: 1,
        coord: ensemble.connectString,
      });
      cleanups.push(() => server.stop());
    };
    await startServer();
    const master = await Master.start({
      coord: ensemble.connectString,
      namenode: dfs.namenodeAddress,
      port: 0,
    });
    cleanups.push(() => master.stop());
    const conn = await connect({ coord: ensemble.connectString });
    cleanups.push(() => conn.close());
    const admin = conn.getAdmin();
    await admin.createTable({
      name: 'spread',
      families: [{ name: 'f' }],
      splitKeys: ['b', 'c', 'd', 'e', 'f', 'g', 'h'],
    });
    const table = conn.getTable('spread');
    const rows = [...'abcdefgh'].flatMap((p) => [`${p}0`, `${p}5`]);
    await table.put(rows.map((row) => new Put(row).addColumn('f', 'q', `v-${row}`)));

    await startServer();
    await startServer();
    await until('three live servers', () => master.status().servers.length === 3);
    // Nine regions (meta among them) on one server of three: six move, three stay.
    expect(await admin.balance()).toBe(6);

    const status = await admin.clusterStatus();
    expect(status.servers.length).toBe(3);
    const all = new Map(status.servers.map((s) => [s, 0]));
    const user = new Map(status.servers.map((s) => [s, 0]));
    for (const r of status.regions) {
      expect(r.state).toBe('OPEN');
      all.set(r.server, (all.get(r.server) ?? 0) + 1);
      if (r.region !== META_REGION_INFO.encodedName) {
        user.set(r.server, (user.get(r.server) ?? 0) + 1);
      }
    }
    expect([...all.values()]).toEqual([3, 3, 3]);
    expect(spread(user)).toBeLessThanOrEqual(1);
    for (const row of rows) {
      expect((await table.get(new Get(row))).getValue('f', 'q')?.toString()).toBe(`v-${row}`);
    }
    expect(await admin.balance()).toBe(0);

    // A burst of gets, until a status report covers it (reports come every 3 s).
    let gets = 0;
    await until('requests per second in the status', async () => {
      await Promise.all(rows.map((row) => table.get(new Get(row))));
      gets += rows.length;
      const { loads, requestsPerSecond } = await admin.clusterStatus();
      return loads.length === 3 && requestsPerSecond > 0;
    });
    const { loads, requestsPerSecond } = await admin.clusterStatus();
    expect(gets).toBeGreaterThan(0);
    expect(loads.reduce((sum, l) => sum + l.regions, 0)).toBe(9);
    expect(requestsPerSecond).toBeCloseTo(
      loads.reduce((sum, l) => sum + l.requestsPerSecond, 0),
      6,
    );
  }, 90_000);
});
