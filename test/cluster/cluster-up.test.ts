// `colonnade cluster up/down` with real processes (run in-process through main, so that this
// process is the daemons' parent and reaps them): a client works through cluster.json's `coord`;
// `up` twice refuses; `down` leaves no pid alive; a 3-member coordinator ensemble works too.
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, Get, Put } from '../../src/client/index.js';
import { allDaemons, parseClusterFile, readClusterFile } from '../../src/cluster/index.js';
import { DAEMON_NODE_FLAGS } from '../../src/cluster/daemon-launcher.js';
import { colonnade, requireBuild, TempDirs, waitGone } from './support.js';

const SMALL = ['--coordinators', '1', '--datanodes', '1', '--masters', '2', '--regionservers', '2'];

async function putAndGet(coord: string, table: string): Promise<void> {
  const conn = await connect({ coord });
  try {
    await conn.getAdmin().createTable({ name: table, families: [{ name: 'f' }], splitKeys: ['m'] });
    const t = conn.getTable(table);
    await t.put([new Put('a').addColumn('f', 'q', 'one'), new Put('z').addColumn('f', 'q', 'two')]);
    expect((await t.get(new Get('a'))).getValue('f', 'q')?.toString()).toBe('one');
    expect((await t.get(new Get('z'))).getValue('f', 'q')?.toString()).toBe('two');
  } finally {
    await conn.close();
  }
}

describe('colonnade cluster up/down', () => {
  const dirs = new TempDirs();
  beforeAll(requireBuild);
  afterEach(() => dirs.cleanUp(), 60_000);

  it('starts a small cluster a client can use, refuses a second up, and stops it', async () => {
    const dir = dirs.make();
    const up = await colonnade('cluster', 'up', '--dir', dir, ...SMALL);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/^colonnade cluster up: 7 daemons serving; .*cluster\.json$/m);

    const file = parseClusterFile(readFileSync(`${dir}/cluster.json`, 'utf8'), 'cluster.json');
    expect(file.state).toBe('running');
    expect(file).toMatchObject({ rest: null });
    expect(file.shell).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/shell$/);
    // The active master's status page answers at `ui`.
    expect(file.ui).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(file.ui ?? '');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Region Servers');
    const counts = Object.fromEntries(Object.entries(file.roles).map(([r, l]) => [r, l.length]));
    expect(counts).toEqual({ coord: 1, namenode: 1, datanode: 1, master: 2, regionserver: 2 });
    expect(file.coord).toBe(`127.0.0.1:${file.roles.coord[0]?.port}`);
    const masters = file.roles.master.map((m) => `${m.host}:${m.port}`);
    expect(masters).toContain(file.master);
    for (const { role, daemon } of allDaemons(file)) {
      expect(daemon.port).toBeGreaterThan(0);
      expect(existsSync(daemon.dataDir)).toBe(true);
      expect(readFileSync(daemon.log, 'utf8')).toContain(`colonnade ready ${role} `);
      // Each daemon's node runs with the daemons' V8 flags, ahead of the script.
      const argv = readFileSync(`/proc/${daemon.pid}/cmdline`, 'utf8').split('\0');
      expect(argv.slice(1, 1 + DAEMON_NODE_FLAGS.length)).toEqual(DAEMON_NODE_FLAGS);
    }
    await putAndGet(file.coord ?? '', 'users');
    // The shell over the active master's WebSocket endpoint sees the table.
    const listed = await colonnade('shell', '--url', file.shell ?? '', '-e', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('users');

    const again = await colonnade('cluster', 'up', '--dir', dir, ...SMALL);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/ClusterRunning: .* holds a running cluster/);

    const down = await colonnade('cluster', 'down', '--dir', dir);
    expect(down.code).toBe(0);
    expect(down.stdout).toContain('colonnade cluster down: 7 daemons stopped');
    await waitGone(allDaemons(file).map(({ daemon }) => daemon.pid));
    expect(readClusterFile(dir)?.state).toBe('stopped');

    const twice = await colonnade('cluster', 'down', '--dir', dir);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/NoCluster: no cluster running in/);
  }, 90_000);

  it('runs a 3-member coordinator ensemble', async () => {
    const dir = dirs.make();
    const args = ['--coordinators', '3', '--datanodes', '1', '--masters', '1'];
    const up = await colonnade('cluster', 'up', '--dir', dir, ...args, '--regionservers', '1');
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const file = readClusterFile(dir);
    if (file === undefined) throw new Error(`no cluster.json in ${dir}`);
    expect(file.roles.coord).toHaveLength(3);
    expect(file.coord?.split(',')).toHaveLength(3);
    await putAndGet(file.coord ?? '', 't3');
    const down = await colonnade('cluster', 'down', '--dir', dir);
    expect(down.code).toBe(0);
    await waitGone(allDaemons(file).map(({ daemon }) => daemon.pid));
  }, 90_000);
});
