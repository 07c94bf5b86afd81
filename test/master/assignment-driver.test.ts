// The assignment machine driven for real: an in-process coordinator and block filesystem, two
// region servers registered in the coordinator, records persisted in the coordinator, opens and
// closes over RPC. A server that aborts (its node goes) has its WALs split and its regions opened
// on the other one, with every write it acknowledged; a new master resuming from the records
// changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { familyDescriptor, type TableDescriptor } from '../../src/common/operations.js';
import { AssignmentMachine } from '../../src/master/assignment/assignment-machine.js';
import { serverAddress } from '../../src/master/region-server-calls.js';
import { RegionServerService } from '../../src/regionserver/service/protocol.js';
import { RegionServer } from '../../src/regionserver/service/region-server.js';
import { RpcClient } from '../../src/rpc/index.js';
import { startTestAssignment } from '../support/test-assignment.js';
import { InProcessEnsemble } from '../support/coord-ensemble.js';
import { DfsMiniCluster, waitFor } from '../support/dfs-mini-cluster.js';

const TABLE: TableDescriptor = {
  name: 't',
  families: [familyDescriptor('f')],
  durability: 'USE_DEFAULT',
};
const SPLITS = ['', 'b', 'c', 'd', ''];
const SETTLE_MS = 20_000;

describe('assignment driver', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  }, 60_000);

  it('assigns, survives a region server crash with its data, and resumes', async () => {
    const ensemble = await InProcessEnsemble.start(1);
    cleanups.push(() => ensemble.stop());
    const dfs = await DfsMiniCluster.start(1);
    cleanups.push(() => dfs.shutdown());
    const servers: RegionServer[] = [];
    for (let i = 0; i < 2; i++) {
      const server = await RegionServer.start({
        namenode: dfs.namenodeAddress,
        port: 0,
        replication: 1,
        coord: ensemble.connectString,
        sessionTimeoutMs: 1_000,
      });
      servers.push(server);
      cleanups.push(() => server.stop());
    }
    const { driver, store, regions } = await startTestAssignment({
      ensemble: ensemble.connectString,
      namenode: dfs.namenodeAddress,
      table: TABLE,
      bounds: SPLITS,
      cleanups,
    });
    const allOpen = async (): Promise<boolean> => {
      await driver.idle();
      return regions.every((info) => driver.machine.record(info.encodedName)?.state === 'OPEN');
    };
    await waitFor(allOpen, SETTLE_MS, 'every region to open');
    const placement = regions.map((info) => driver.machine.record(info.encodedName)?.server);
    expect(new Set(placement).size).toBe(2);

    // One row per region, acknowledged by whichever server holds it.
    const rpc = new RpcClient();
    cleanups.push(async () => rpc.close());
    const stubOf = (server: string) => rpc.stub(RegionServerService, serverAddress(server));
    const rows = ['a', 'bb', 'cc', 'dd'];
    for (const [i, info] of regions.entries()) {
      const server = driver.machine.record(info.encodedName)?.server as string;
      const row = Buffer.from(rows[i] as string);
      const cell = { family: Buffer.from('f'), qualifier: Buffer.from('q'), value: row };
      await stubOf(server).mutate({
        region: info.encodedName,
        mutations: [{ type: 'put', row, cells: [cell] }],
      });
    }

    // The first server aborts: its node goes, its WALs are split, its regions move.
    const victim = servers[0] as RegionServer;
    await victim.abort('the test crashed it');
    const survivor = (servers[1] as RegionServer).serverName;
    await waitFor(
      async () =>
        (await allOpen()) &&
        regions.every((info) => driver.machine.record(info.encodedName)?.server === survivor),
      SETTLE_MS,
      'every region to reopen on the survivor',
    );
    for (const [i, info] of regions.entries()) {
      const row = Buffer.from(rows[i] as string);
      const got = await stubOf(survivor).get({ region: info.encodedName, get: { row } });
      expect(
        got.cells.list.map((c) => Buffer.from(c.value).toString()),
        info.encodedName,
      ).toEqual([rows[i]]);
    }

    // A new master from the persisted records and the live servers: nothing to do.
    const next = new AssignmentMachine(await store.load());
    const commands = next.apply({ kind: 'resume', live: [survivor] });
    expect(commands).toEqual([]);
    const byName = (a: { region: string }, b: { region: string }): number =>
      a.region < b.region ? -1 : 1;
    expect(next.records().sort(byName)).toEqual(driver.machine.records().sort(byName));
  }, 60_000);
});
