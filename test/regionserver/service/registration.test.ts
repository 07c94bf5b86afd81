// A region server's presence in the coordinator, with a real in-process ensemble and block
// filesystem: its ephemeral node appears under /colonnade/rs with its address, goes when it stops,
// and when its session expires (the ensemble unreachable past the timeout) it stops serving.
import { afterEach, describe, expect, it } from 'vitest';
import { familyDescriptor, type TableDescriptor } from '../../../src/common/operations.js';
import { REGION_SERVERS_PATH } from '../../../src/common/znodes.js';
import { CoordClient } from '../../../src/coord/client/index.js';
import { makeRegionInfo } from '../../../src/regionserver/region-info.js';
import { ServerNotRunningError } from '../../../src/regionserver/errors.js';
import { RegionServer } from '../../../src/regionserver/service/region-server.js';
import { InProcessEnsemble } from '../../support/coord-ensemble.js';
import { DfsMiniCluster, waitFor } from '../../support/dfs-mini-cluster.js';

const TABLE: TableDescriptor = {
  name: 't',
  families: [familyDescriptor('f')],
  durability: 'USE_DEFAULT',
};
const SESSION_TIMEOUT_MS = 1_000;
const EXPIRY_WAIT_MS = 10_000;

describe('region server registration', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  }, 30_000);

  async function cluster(): Promise<{ ensemble: InProcessEnsemble; dfs: DfsMiniCluster }> {
    const ensemble = await InProcessEnsemble.start(1);
    cleanups.push(() => ensemble.stop());
    const dfs = await DfsMiniCluster.start(1);
    cleanups.push(() => dfs.shutdown());
    return { ensemble, dfs };
  }

  it('holds an ephemeral node with its address while it serves, and removes it on stop', async () => {
    const { ensemble, dfs } = await cluster();
    const server = await RegionServer.start({
      namenode: dfs.namenodeAddress,
      port: 0,
      replication: 1,
      coord: ensemble.connectString,
    });
    cleanups.push(() => server.stop());
    const watcher = await CoordClient.connect({ ensemble: ensemble.connectString });
    cleanups.push(() => watcher.close());
    expect(await watcher.getChildren(REGION_SERVERS_PATH)).toEqual([server.serverName]);
    const { data } = await watcher.getData(`${REGION_SERVERS_PATH}/${server.serverName}`);
    expect(JSON.parse(data.toString())).toEqual({
      serverName: server.serverName,
      host: server.address.host,
      port: server.address.port,
    });
    await server.stop();
    expect(await watcher.getChildren(REGION_SERVERS_PATH)).toEqual([]);
  }, 30_000);

  it('stops serving when its session expires', async () => {
    const { ensemble, dfs } = await cluster();
    const server = await RegionServer.start({
      namenode: dfs.namenodeAddress,
      port: 0,
      replication: 1,
      coord: ensemble.connectString,
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
    });
    cleanups.push(() => server.stop());
    const info = makeRegionInfo(TABLE.name);
    await server.openRegion(info, TABLE);
    expect(server.region(info.encodedName)).toBeDefined();
    await ensemble.stopMember(1);
    await waitFor(() => server.abortReason !== undefined, EXPIRY_WAIT_MS, 'the server to abort');
    expect(server.abortReason).toContain('session expired');
    expect(() => server.region(info.encodedName)).toThrow(ServerNotRunningError);
    expect(server.regions.size).toBe(0);
  }, 30_000);
});
