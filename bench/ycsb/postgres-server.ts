// PostgreSQL for the YCSB comparison: installed with apt-get when missing, then its own cluster
// (initdb, as the `postgres` user when run as root) in a temporary directory, served on a free
// loopback port, `synchronous_commit = on` (every commit's WAL fsynced before it is answered,
// group commit across sessions), shared_buffers as the region server's block cache. Stopped with
// a fast shutdown; the directory removed. BENCH_POSTGRES_URL names a running server instead.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, openSync, readdirSync, rmSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { stopChild } from '../child.js';
import { cleanUpOnExit } from './db.js';
import { ensureInstalled, firstExisting } from './apt.js';
import { freePort, waitFor } from './free-port.js';

const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 15_000;
const POLL_MS = 200;
/** The same memory for pages as the region server's block cache (256 MiB by default). */
export const PG_SHARED_BUFFERS = '256MB';

export interface PostgresServer {
  readonly config: pg.ClientConfig;
  readonly version: string;
  readonly settings: string;
  /** The postmaster (its backends are its children); none for a running server not ours. */
  readonly pids: readonly number[];
  stop(): Promise<void>;
}

function binDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  let versions: string[] = [];
  try {
    versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  } catch {
    return undefined;
  }
  const initdb = firstExisting(versions.map((v) => join(base, v, 'bin', 'initdb')));
  return initdb === undefined ? undefined : join(initdb, '..');
}

function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string): number =>
    Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function answers(config: pg.ClientConfig): Promise<boolean> {
  const client = new pg.Client(config);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function versionOf(config: pg.ClientConfig): Promise<string> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    const result = await client.query<{ server_version: string }>('SHOW server_version');
    return `PostgreSQL ${result.rows[0]?.server_version ?? '?'}`;
  } finally {
    await client.end();
  }
}

export async function startPostgres(): Promise<PostgresServer> {
  const url = process.env['BENCH_POSTGRES_URL'];
  if (url !== undefined && url !== '') {
    const config = { connectionString: url };
    return {
      config,
      version: await versionOf(config),
      settings: 'running server',
      pids: [],
      stop: async () => {},
    };
  }
  ensureInstalled('postgresql', () => binDir() !== undefined);
  const bin = binDir() ?? '';
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'colonnade-ycsb-pg-'));
  if (user !== undefined) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const init = spawnSync(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '--locale=C', '--encoding=UTF8'],
    { stdio: ['ignore', 'ignore', 'pipe'], ...(user ?? {}) },
  );
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr.toString()}`);
  }
  const port = await freePort();
  const settings = [
    `listen_addresses=127.0.0.1`,
    `port=${port}`,
    `unix_socket_directories=${dir}`,
    `shared_buffers=${PG_SHARED_BUFFERS}`,
    'synchronous_commit=on',
    'fsync=on',
  ];
  const log = openSync(join(dir, 'postgres.log'), 'a');
  const child: ChildProcess = spawn(
    join(bin, 'postgres'),
    ['-D', data, ...settings.flatMap((s) => ['-c', s])],
    { stdio: ['ignore', log, log], ...(user ?? {}) },
  );
  closeSync(log);
  const forget = cleanUpOnExit(child, dir);
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // SIGINT is PostgreSQL's fast shutdown: sessions ended, a checkpoint, exit.
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    await stopChild(child).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    forget();
  };
  const config: pg.ClientConfig = {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'postgres',
  };
  try {
    await waitFor('PostgreSQL did not answer', START_TIMEOUT_MS, POLL_MS, () => answers(config));
    const version = await versionOf(config);
    const pids = child.pid === undefined ? [] : [child.pid];
    return { config, version, settings: settings.slice(3).join(', '), pids, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
