// Redis for the YCSB comparison: installed with apt-get when missing, then its own server in a
// temporary directory on a free loopback port. Durability as Colonnade's default SYNC_WAL: every
// write is appended to the AOF and handed to the OS before the reply, never fsynced by the
// server (`appendonly yes`, `appendfsync no`; Colonnade's hflush reaches the datanode's file the
// same way), no RDB snapshots. BENCH_REDIS_APPENDFSYNC=everysec|always|off changes that.
// BENCH_REDIS_URL names a running server instead (its current database is flushed).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { stopChild } from '../child.js';
import { cleanUpOnExit } from './db.js';
import { ensureInstalled, firstExisting } from './apt.js';
import { freePort, waitFor } from './free-port.js';

const START_TIMEOUT_MS = 30_000;
const POLL_MS = 100;
const SERVER_PATHS = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];

export interface RedisServer {
  readonly url: string;
  readonly version: string;
  readonly settings: string;
  readonly pids: readonly number[];
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } finally {
    client.disconnect();
  }
}

function persistenceArgs(): string[] {
  const mode = process.env['BENCH_REDIS_APPENDFSYNC'] ?? 'no';
  if (mode === 'off') return ['--appendonly', 'no'];
  if (!['no', 'everysec', 'always'].includes(mode)) {
    throw new Error(`BENCH_REDIS_APPENDFSYNC is ${mode}; it must be no, everysec, always or off`);
  }
  return ['--appendonly', 'yes', '--appendfsync', mode];
}

export async function startRedis(): Promise<RedisServer> {
  const external = process.env['BENCH_REDIS_URL'];
  if (external !== undefined && external !== '') {
    const version = 'Redis (running server)';
    return { url: external, version, settings: '', pids: [], stop: async () => {} };
  }
  ensureInstalled('redis-server', () => firstExisting(SERVER_PATHS) !== undefined);
  const server = firstExisting(SERVER_PATHS) ?? 'redis-server';
  const version = /v=(\S+)/.exec(execFileSync(server, ['--version'], { encoding: 'utf8' }))?.[1];
  const dir = mkdtempSync(join(tmpdir(), 'colonnade-ycsb-redis-'));
  const port = await freePort();
  const settings = ['--save', '', ...persistenceArgs()];
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...settings];
  const child = spawn(server, [...args, '--daemonize', 'no', '--logfile', join(dir, 'redis.log')], {
    stdio: 'ignore',
  });
  const forget = cleanUpOnExit(child, dir);
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    forget();
  };
  const url = `redis://127.0.0.1:${port}`;
  try {
    await waitFor('Redis did not answer', START_TIMEOUT_MS, POLL_MS, () => answers(url));
    const described = settings.map((s) => (s === '' ? "''" : s)).join(' ');
    const pids = child.pid === undefined ? [] : [child.pid];
    return { url, version: `Redis ${version ?? '?'}`, settings: described, pids, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
