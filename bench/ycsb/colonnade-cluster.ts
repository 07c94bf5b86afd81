// Colonnade for the YCSB comparison: a local cluster of real processes (`cluster up`: 1
// coordinator, 1 namenode, 1 datanode, 1 master, N region servers) in a temporary directory,
// torn down (`cluster down`) and removed afterwards — and SIGKILLed by pid if this process dies
// first. BENCH_YCSB_PROFILE=DIR has every daemon write a CPU profile into DIR when it stops
// (NODE_OPTIONS may not carry --cpu-prof, so a `colonnade` launcher starts the V8 profiler).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  allDaemons,
  clusterDown,
  clusterUp,
  readClusterFile,
  replicationFor,
  type ClusterFile,
} from '../../src/cluster/index.js';

export interface ColonnadeCluster {
  readonly file: ClusterFile;
  readonly layout: string;
  stop(): Promise<void>;
}

/** Kills every daemon of the cluster in `dir` at once (for a process exiting without cleanup). */
function killNow(dir: string): void {
  const file = readClusterFile(dir);
  if (file === undefined || file.state === 'stopped') return;
  for (const { daemon } of allDaemons(file)) {
    try {
      process.kill(daemon.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Sampling interval of the daemons' profiles (V8's default is 1000 µs). */
const PROFILE_SAMPLING_US = 500;

/**
 * A `colonnade` launcher (its name is how `cluster down` knows its daemons) that runs the CLI of
 * dist/ under the V8 profiler and writes DIR/ROLE-PID.cpuprofile once the daemon has stopped.
 */
function profilingLauncher(profileDir: string): string {
  const dir = resolve(profileDir);
  mkdirSync(join(dir, 'bin'), { recursive: true });
  const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
  const launcher = join(dir, 'bin', 'colonnade');
  const source = `// Runs colonnade under the V8 CPU profiler (bench/ycsb, BENCH_YCSB_PROFILE).
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: ${PROFILE_SAMPLING_US} });
session.post('Profiler.start');
(async () => {
  const cli = await import(${JSON.stringify(main)});
  process.exitCode = await cli.main(process.argv);
  session.post('Profiler.stop', (error, result) => {
    if (error) throw error;
    const name = process.argv[2] + '-' + process.pid + '.cpuprofile';
    writeFileSync(${JSON.stringify(dir)} + '/' + name, JSON.stringify(result.profile));
  });
})();
`;
  writeFileSync(launcher, source);
  return launcher;
}

/** Each region server's memory reserve (`--memory-reserve-bytes`): the load's memstores fit in it. */
export const MEMORY_RESERVE_BYTES = 512 * 1024 * 1024;

export function describeLayout(file: ClusterFile): string {
  const count = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;
  const { roles } = file;
  return [
    count(roles.coord.length, 'coordinator'),
    count(roles.namenode.length, 'namenode'),
    `${count(roles.datanode.length, 'datanode')} ` +
      `(replication ${replicationFor(roles.datanode.length)})`,
    count(roles.master.length, 'master'),
    `${count(roles.regionserver.length, 'region server')} ` +
      `(memory reserve ${MEMORY_RESERVE_BYTES / 1024 / 1024} MiB each)`,
  ].join(', ');
}

export async function startColonnade(
  regionServers: number,
  profileDir: string | undefined,
): Promise<ColonnadeCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'colonnade-ycsb-'));
  const onExit = (): void => {
    killNow(dir);
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    try {
      const file = readClusterFile(dir);
      if (file !== undefined && file.state !== 'stopped') await clusterDown({ dir });
    } finally {
      killNow(dir);
      process.off('exit', onExit);
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    const file = await clusterUp({
      dir,
      coordinators: 1,
      datanodes: 1,
      masters: 1,
      regionServers,
      env: {
        ...process.env,
        COLONNADE_LOG_LEVEL: 'warn',
        COLONNADE_MEMORY_RESERVE_BYTES: String(MEMORY_RESERVE_BYTES),
      },
      ...(profileDir === undefined ? {} : { bin: profilingLauncher(profileDir) }),
      progress: (line) => process.stdout.write(`  ${line}\n`),
    });
    return { file, layout: describeLayout(file), stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
