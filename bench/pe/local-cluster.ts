// A local cluster of real processes for the PE benchmarks (`cluster up` in a temporary directory):
// one coordinator, one namenode, N datanodes, one master and ONE region server, each its own
// process; stopped (cluster down) and its directory removed by stop(). Optional CPU profiles of
// every daemon (node --cpu-prof) into a directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clusterDown, clusterUp, type ClusterFile } from '../../src/cluster/index.js';
import type { NamedPid } from './cpu.js';
import { profilingBin } from './profiler.js';

/** bin/colonnade at the root of the package this file is built into (dist/bench/pe/..). */
const REAL_BIN = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'bin',
  'colonnade',
);

export interface LocalClusterOptions {
  readonly datanodes: number;
  /** The region server's block cache (COLONNADE_CACHE_BYTES). */
  readonly cacheBytes: number;
  /** Profile every daemon (see profiler.ts): segments written here on SIGUSR2 and at exit. */
  readonly profileDir?: string;
}

export interface LocalCluster {
  readonly file: ClusterFile;
  readonly coord: string;
  /** One line: every process with its pid and address. */
  readonly layout: string;
  readonly regionServerPid: number;
  /** Every daemon's pid. */
  readonly pids: readonly number[];
  /** Every daemon, named `ROLE` (or `ROLE-N` when the role has several). */
  readonly processes: readonly NamedPid[];
  stop(): Promise<void>;
}

/**
 * The region server's memory reserve (`--memory-reserve-bytes`): about what the write runs'
 * memstores hold (4 regions reaching their 128 MiB flush size, and the frames they view).
 */
export const MEMORY_RESERVE_BYTES = 768 * 1024 * 1024;

export async function startLocalCluster(options: LocalClusterOptions): Promise<LocalCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'colonnade-bench-pe-'));
  const env: Record<string, string | undefined> = {
    ...process.env,
    COLONNADE_CACHE_BYTES: String(options.cacheBytes),
    COLONNADE_MEMORY_RESERVE_BYTES: String(MEMORY_RESERVE_BYTES),
    COLONNADE_LOG_LEVEL: process.env['COLONNADE_LOG_LEVEL'] ?? 'warn',
  };
  const bin =
    options.profileDir === undefined ? undefined : profilingBin(dir, options.profileDir, REAL_BIN);
  let file: ClusterFile;
  try {
    file = await clusterUp({
      dir,
      coordinators: 1,
      datanodes: options.datanodes,
      masters: 1,
      regionServers: 1,
      env,
      ...(bin === undefined ? {} : { bin }),
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const describe = (role: keyof ClusterFile['roles']): string =>
    file.roles[role].map((d) => `${role} pid ${d.pid} ${d.host}:${d.port}`).join(', ');
  const replication = Math.min(3, options.datanodes);
  // The region server reads COLONNADE_REWRITE_WORKER from the environment it inherits.
  const rewriteWorkerEnv = process.env['COLONNADE_REWRITE_WORKER'];
  const rewrites =
    rewriteWorkerEnv === undefined
      ? 'compactions and split rewrites in its worker thread'
      : `COLONNADE_REWRITE_WORKER=${rewriteWorkerEnv}`;
  const layout =
    `one process each: ${describe('coord')}; ${describe('namenode')}; ` +
    `${describe('datanode')} (replication ${replication}); ${describe('master')}; ` +
    `${describe('regionserver')} (block cache ${options.cacheBytes} B, ` +
    `memory reserve ${MEMORY_RESERVE_BYTES / 1024 / 1024} MiB, ${rewrites}); ` +
    `the PE clients in the bench process (pid ${process.pid})`;
  const regionServerPid = file.roles.regionserver[0]?.pid ?? 0;
  if (file.coord === null) throw new Error(`cluster.json in ${dir} names no coordinator`);
  return {
    file,
    coord: file.coord,
    layout,
    regionServerPid,
    pids: Object.values(file.roles).flatMap((daemons) => daemons.map((d) => d.pid)),
    processes: Object.entries(file.roles).flatMap(([role, daemons]) =>
      daemons.map((d, i) => ({ name: daemons.length > 1 ? `${role}-${i + 1}` : role, pid: d.pid })),
    ),
    stop: async () => {
      try {
        await clusterDown({ dir });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
