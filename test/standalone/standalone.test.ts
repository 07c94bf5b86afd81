// `colonnade start` as a new user meets it, in a child process on a temp dir (ports 0): the ready
// line and endpoints.json; a client creates, puts and scans; `kill -9`; a start again on the same
// dir brings back every row; a second start on a live dir is refused; SIGTERM exits 0 cleanly and
// a restart after it finds the data too.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, Get, Put, Scan, type Connection } from '../../src/client/index.js';
import { parseEndpoints, type Endpoints } from '../../src/cluster/standalone-endpoints.js';
import { requireBuild, Sandbox, shellRun, spawnStart, startStandalone } from './support.js';

const ROWS = 60;
const TABLE = 'users';

function rowKey(i: number): string {
  return `row${String(i).padStart(3, '0')}`;
}

function readEndpoints(dir: string): Endpoints {
  const path = join(dir, 'endpoints.json');
  return parseEndpoints(readFileSync(path, 'utf8'), path);
}

async function withConnection<T>(coord: string, work: (c: Connection) => Promise<T>): Promise<T> {
  const conn = await connect({ coord });
  try {
    return await work(conn);
  } finally {
    await conn.close();
  }
}

async function writeRows(coord: string): Promise<void> {
  await withConnection(coord, async (conn) => {
    await conn
      .getAdmin()
      .createTable({ name: TABLE, families: [{ name: 'info' }], splitKeys: ['row030'] });
    const table = conn.getTable(TABLE);
    // One put per call: each is acknowledged on its own before the next is sent.
    for (let i = 0; i < ROWS; i++) {
      await table.put(new Put(rowKey(i)).addColumn('info', 'name', `value ${i}`));
    }
  });
}

/** Every row, scanned, as `key=value`. */
async function scanRows(coord: string): Promise<string[]> {
  return withConnection(coord, async (conn) => {
    const rows: string[] = [];
    for await (const row of conn.getTable(TABLE).getScanner(new Scan())) {
      rows.push(
        `${row.getRow()?.toString() ?? ''}=${row.getValue('info', 'name')?.toString() ?? ''}`,
      );
    }
    return rows;
  });
}

const EXPECTED = Array.from({ length: ROWS }, (_, i) => `${rowKey(i)}=value ${i}`);

describe('colonnade start', () => {
  const sandbox = new Sandbox();
  beforeAll(requireBuild);
  afterEach(() => sandbox.cleanUp(), 30_000);

  it('serves, survives kill -9, refuses a second start, stops on SIGTERM', async () => {
    const dir = sandbox.dir();
    const first = sandbox.track(await startStandalone(dir));
    const e = readEndpoints(dir);
    expect(e).toMatchObject({ version: 1, state: 'running', pid: first.pid, dir, rest: null });
    expect(e.coord).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(e.ui).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(e.shell).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/shell$/);
    expect(first.readyLine).toContain(` shell=${e.shell ?? ''}`);
    expect(first.readyLine).toMatch(/^colonnade ready standalone coord=127\.0\.0\.1:\d+ /);
    expect(first.readyLine).toContain(`coord=${e.coord} namenode=${e.namenode}`);
    expect(first.readyLine).toContain(` master=${e.master} ui=${e.ui ?? ''}`);
    for (const sub of ['coord-1', 'namenode', 'datanode-1', 'logs']) {
      expect(existsSync(join(dir, sub))).toBe(true);
    }
    const page = await fetch(e.ui ?? '');
    expect(page.status).toBe(200);
    await page.text();

    await writeRows(e.coord);
    expect(await scanRows(e.coord)).toEqual(EXPECTED);

    // A second start on the live directory is refused, naming the process that holds it.
    const second = sandbox.track(spawnStart(dir));
    expect(await second.exited()).toBe(1);
    expect(second.stderr()).toContain(
      `StandaloneRunning: ${dir} is in use by process ${first.pid}`,
    );
    expect(readEndpoints(dir).pid).toBe(first.pid);

    first.child.kill('SIGKILL');
    expect(await first.exited()).toBe('SIGKILL');
    const again = sandbox.track(await startStandalone(dir));
    console.log(`restart after kill -9: ready in ${Math.round(again.tookMs)} ms`);
    const e2 = readEndpoints(dir);
    expect(e2.pid).toBe(again.pid);
    expect(await scanRows(e2.coord)).toEqual(EXPECTED);
    // Nothing was flushed before the kill: the rows came back through the old region server's WAL.
    const split = readFileSync(join(dir, 'logs', 'colonnade.log'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('"msg":"split the WALs of a dead server"'))
      .map((line) => JSON.parse(line) as { pid: number; entries: number });
    expect(split.find((s) => s.pid === again.pid)?.entries).toBeGreaterThanOrEqual(ROWS);
    // The shell at endpoints.json's `shell` sees them too.
    const scan = await shellRun(e2.shell ?? '', `scan '${TABLE}', {LIMIT => 2}`);
    expect(scan.ok).toBe(true);
    expect(scan.output).toMatch(/^ row000 +column=info:name, timestamp=.*, value=value 0$/m);
    expect(scan.output).toContain('2 row(s)');

    // SIGTERM: a clean stop, exit 0, endpoints.json marked stopped, the lock gone.
    again.child.kill('SIGTERM');
    expect(await again.exited()).toBe(0);
    expect(again.stdout()).toContain('colonnade: stopped\n');
    expect(readEndpoints(dir).state).toBe('stopped');
    expect(existsSync(join(dir, 'colonnade.lock'))).toBe(false);

    const third = sandbox.track(await startStandalone(dir));
    console.log(`restart after SIGTERM: ready in ${Math.round(third.tookMs)} ms`);
    const e3 = readEndpoints(dir);
    await withConnection(e3.coord, async (conn) => {
      const got = await conn.getTable(TABLE).get(new Get(rowKey(ROWS - 1)));
      expect(got.getValue('info', 'name')?.toString()).toBe(`value ${ROWS - 1}`);
    });
    expect(await scanRows(e3.coord)).toEqual(EXPECTED);
    third.child.kill('SIGINT');
    expect(await third.exited()).toBe(0);
  }, 85_000);
});
