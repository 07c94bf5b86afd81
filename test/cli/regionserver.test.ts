// `colonnade regionserver` as a real process beside real coordinator and filesystem processes: it
// prints its ready line, registers under /colonnade/rs, serves the master's open and the data
// calls, leaves cleanly on SIGTERM, and exits 1 (RegionServerAborted) when its coordinator session
// expires because the coordinator was killed. Every process is stopped by its pid.
import { afterEach, describe, expect, it } from 'vitest';
import { familyDescriptor, type TableDescriptor } from '../../src/common/operations.js';
import { REGION_SERVERS_PATH } from '../../src/common/znodes.js';
import { CoordClient } from '../../src/coord/client/index.js';
import { makeRegionInfo } from '../../src/regionserver/region-info.js';
import { RegionServerService } from '../../src/regionserver/service/protocol.js';
import { RpcClient } from '../../src/rpc/index.js';
import { CoordCluster } from '../support/coord-cluster.js';
import { DfsProcessCluster } from '../support/dfs-processes.js';
import {
  exitOf,
  type RegionServerProcess,
  startRegionServerProcess,
} from '../support/region-server-process.js';

const SESSION_TIMEOUT_MS = 1_000;
const TABLE: TableDescriptor = {
  name: 't',
  families: [familyDescriptor('f')],
  durability: 'USE_DEFAULT',
};

function startRegionServer(coord: string, namenode: string): Promise<RegionServerProcess> {
  return startRegionServerProcess(coord, namenode, [
    '--replication',
    '1',
    '--session-timeout-ms',
    String(SESSION_TIMEOUT_MS),
  ]);
}

describe('colonnade regionserver', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  }, 60_000);

  async function cluster(): Promise<{ coord: CoordCluster; dfs: DfsProcessCluster }> {
    const coord = await CoordCluster.start(1);
    cleanups.push(() => coord.stop());
    const dfs = await DfsProcessCluster.start(1);
    cleanups.push(() => dfs.stop());
    return { coord, dfs };
  }

  it('serves, registers, and leaves cleanly on SIGTERM', async () => {
    const { coord, dfs } = await cluster();
    const rs = await startRegionServer(coord.ensemble, dfs.namenode.address);
    cleanups.push(async () => {
      rs.child.kill('SIGKILL');
    });
    const watcher = await CoordClient.connect({ ensemble: coord.ensemble });
    cleanups.push(() => watcher.close());
    const rpc = new RpcClient();
    cleanups.push(async () => rpc.close());
    const stub = rpc.stub(RegionServerService, rs.address);
    const { serverName } = await stub.status({});
    expect(serverName.startsWith(rs.address.replace(':', ','))).toBe(true);
    expect(await watcher.getChildren(REGION_SERVERS_PATH)).toEqual([serverName]);

    const info = makeRegionInfo(TABLE.name);
    await stub.openRegion({ region: info, table: TABLE });
    const row = Buffer.from('r1');
    const cell = { family: Buffer.from('f'), qualifier: Buffer.from('q'), value: Buffer.from('v') };
    await stub.mutate({
      region: info.encodedName,
      mutations: [{ type: 'put', row, cells: [cell] }],
    });
    const got = await stub.get({ region: info.encodedName, get: { row } });
    expect(got.cells.list.map((c) => Buffer.from(c.value).toString())).toEqual(['v']);

    rs.child.kill('SIGTERM');
    expect(await exitOf(rs.child)).toBe(0);
    expect(await watcher.getChildren(REGION_SERVERS_PATH)).toEqual([]);
  }, 90_000);

  it('aborts with exit code 1 when its coordinator session expires', async () => {
    const { coord, dfs } = await cluster();
    const rs = await startRegionServer(coord.ensemble, dfs.namenode.address);
    cleanups.push(async () => {
      rs.child.kill('SIGKILL');
    });
    await coord.kill(1);
    expect(await exitOf(rs.child)).toBe(1);
    expect(rs.stderr()).toContain('RegionServerAborted');
    expect(rs.stderr()).toContain('session expired');
  }, 90_000);
});
