// A region server paused with SIGSTOP past its session timeout, then resumed, must not accept a
// write for a region that has moved meanwhile: the master split its WALs (recovering their leases)
// and reopened its regions elsewhere. Real processes: coordinator, namenode and datanode, two
// region servers, a master; the write goes straight to the paused server's RPC.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, Get } from '../../src/client/index.js';
import { RegionServerService } from '../../src/regionserver/service/protocol.js';
import { RpcClient } from '../../src/rpc/index.js';
import { CoordCluster } from '../support/coord-cluster.js';
import { waitFor } from '../support/dfs-mini-cluster.js';
import { DfsProcessCluster } from '../support/dfs-processes.js';
import {
  exitOf,
  killProcess,
  type RegionServerProcess,
  startRegionServerProcess,
} from '../support/region-server-process.js';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'colonnade');
const READY_TIMEOUT_MS = 20_000;
const RS_SESSION_MS = 1_000;
const MOVE_WAIT_MS = 30_000;

function startMaster(coord: string, namenode: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [BIN, 'master', '--coord', coord, '--namenode', namenode, '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, COLONNADE_LOG_LEVEL: 'warn' } },
  );
  let stdout = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no master ready line')), READY_TIMEOUT_MS);
    child.once('exit', (code) => reject(new Error(`master exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stdout.includes('colonnade ready master')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
  });
}

describe('fencing', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  }, 60_000);

  it('refuses a write from a paused server whose regions moved while it slept', async () => {
    const coord = await CoordCluster.start(1);
    cleanups.push(() => coord.stop());
    const dfs = await DfsProcessCluster.start(1);
    cleanups.push(() => dfs.stop());
    const servers: RegionServerProcess[] = [];
    for (let i = 0; i < 2; i++) {
      const rs = await startRegionServerProcess(coord.ensemble, dfs.namenode.address, [
        '--replication',
        '1',
        '--session-timeout-ms',
        String(RS_SESSION_MS),
      ]);
      servers.push(rs);
      cleanups.push(async () => {
        rs.child.kill('SIGCONT');
        await killProcess(rs.child);
      });
    }
    const master = await startMaster(coord.ensemble, dfs.namenode.address);
    cleanups.push(() => killProcess(master));
    const conn = await connect({ coord: coord.ensemble });
    cleanups.push(() => conn.close());
    const admin = conn.getAdmin();
    await admin.createTable({ name: 't', families: [{ name: 'f' }], splitKeys: ['m'] });

    // The region holding 'a' and the server it is on.
    expect((await conn.getTable('t').get(new Get('a'))).isEmpty()).toBe(true);
    const holder = await findHolder(servers, 'a');

    holder.rs.child.kill('SIGSTOP');
    await waitFor(
      async () => {
        const now = await admin.clusterStatus();
        const record = now.regions.find((r) => r.region === holder.region);
        return record?.state === 'OPEN' && !record.server.startsWith(holder.namePrefix);
      },
      MOVE_WAIT_MS,
      'the region to move off the paused server',
    );
    holder.rs.child.kill('SIGCONT');

    const rpc = new RpcClient();
    cleanups.push(async () => rpc.close());
    const cell = { family: Buffer.from('f'), qualifier: Buffer.from('q'), value: Buffer.from('z') };
    const write = rpc.stub(RegionServerService, holder.rs.address).mutate(
      {
        region: holder.region,
        mutations: [{ type: 'put', row: Buffer.from('a2'), cells: [cell] }],
      },
      { timeoutMs: 5_000 },
    );
    await expect(write).rejects.toBeDefined();
    expect((await conn.getTable('t').get(new Get('a2'))).isEmpty()).toBe(true);
    expect(await exitOf(holder.rs.child)).toBe(1);
  }, 120_000);
});

/** Which server process holds the region of `row`, by asking each for its regions. */
async function findHolder(
  servers: readonly RegionServerProcess[],
  row: string,
): Promise<{ rs: RegionServerProcess; region: string; namePrefix: string }> {
  const rpc = new RpcClient();
  try {
    for (const rs of servers) {
      const status = await rpc.stub(RegionServerService, rs.address).status({});
      for (const r of status.regions) {
        const start = Buffer.from(r.startKey).toString();
        const end = Buffer.from(r.endKey).toString();
        if (r.table === 't' && start <= row && (end === '' || row < end)) {
          return { rs, region: r.region, namePrefix: rs.address.replace(':', ',') + ',' };
        }
      }
    }
  } finally {
    rpc.close();
  }
  throw new Error(`no server holds row ${row}`);
}
