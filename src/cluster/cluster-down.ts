// `colonnade cluster down`: stops the daemons DIR/cluster.json names, role by role (region servers,
// masters, datanodes, namenode, coordinators), each SIGTERM then, past a bounded grace, SIGKILL.
// Invariant: only pids still running as that `colonnade ROLE` are signalled; the file ends
// `stopped`.
import { resolve } from 'node:path';
import { systemClock, type Clock } from '../common/clock.js';
import {
  allDaemons,
  clusterFilePath,
  readClusterFile,
  writeClusterFile,
  type ClusterFile,
  type Role,
} from './cluster-file.js';
import { ClusterStopError, NoClusterError } from './errors.js';
import { KILL_WAIT_MS, STOP_GRACE_MS } from './limits.js';
import { isOurDaemon, stopProcesses } from './processes.js';

/**
 * Masters first (as HBase's stop-hbase.sh: no master is left to treat the region servers'
 * leaving as crashes), then region servers, the coordinator last: every daemon can still reach
 * what it needs.
 */
export const STOP_ORDER: readonly Role[] = [
  'master',
  'regionserver',
  'datanode',
  'namenode',
  'coord',
];

export interface ClusterDownOptions {
  readonly dir: string;
  readonly clock?: Clock;
  /** Told one line per role stopped. */
  readonly progress?: (line: string) => void;
}

export interface ClusterDownResult {
  /** Pids that were running and are gone now. */
  readonly stopped: readonly number[];
  /** Those of them that needed SIGKILL. */
  readonly killed: readonly number[];
  readonly file: ClusterFile;
}

export async function clusterDown(options: ClusterDownOptions): Promise<ClusterDownResult> {
  const dir = resolve(options.dir);
  const clock = options.clock ?? systemClock;
  const progress = options.progress ?? (() => undefined);
  const file = readClusterFile(dir);
  if (file === undefined) {
    throw new NoClusterError(`no cluster in ${dir}: ${clusterFilePath(dir)} does not exist`);
  }
  const live = allDaemons(file).filter(({ role, daemon }) => isOurDaemon(daemon.pid, role));
  const stoppedFile: ClusterFile = { ...file, state: 'stopped' };
  if (live.length === 0) {
    writeClusterFile(dir, stoppedFile);
    throw new NoClusterError(
      `no cluster running in ${dir}: ${clusterFilePath(dir)} is ${file.state} and none of ` +
        `its ${allDaemons(file).length} pids is alive`,
    );
  }
  const stopped: number[] = [];
  const killed: number[] = [];
  const survivors: number[] = [];
  for (const role of STOP_ORDER) {
    const pids = live.filter((d) => d.role === role).map((d) => d.daemon.pid);
    if (pids.length === 0) continue;
    const outcome = await stopProcesses(clock, pids, STOP_GRACE_MS);
    stopped.push(...pids.filter((pid) => !outcome.survivors.includes(pid)));
    killed.push(...outcome.killed);
    survivors.push(...outcome.survivors);
    const forced = outcome.killed.length === 0 ? '' : ` (${outcome.killed.length} by SIGKILL)`;
    progress(`stopped ${pids.length - outcome.survivors.length} ${role}${forced}`);
  }
  if (survivors.length > 0) {
    throw new ClusterStopError(
      `pids ${survivors.join(', ')} still run after SIGTERM, ${STOP_GRACE_MS} ms, SIGKILL and ` +
        `${KILL_WAIT_MS} ms more; ${clusterFilePath(dir)} still lists them`,
    );
  }
  writeClusterFile(dir, stoppedFile);
  return { stopped, killed, file: stoppedFile };
}
