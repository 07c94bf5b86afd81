// `colonnade cluster up`: a local cluster of real processes, started tier by tier (coordinators,
// namenode, datanodes, then masters and region servers), each tier waited for before the next.
// Invariant: DIR/cluster.json names every pid started so far (state `starting`) until the cluster
// serves (`running`); a failure stops every pid started and leaves the file `stopped`.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { connect } from '../client/index.js';
import { systemClock, type Clock } from '../common/clock.js';
import { formatHostPort } from '../common/host-port.js';
import { systemRng, type Rng } from '../common/rng.js';
import { CoordClient } from '../coord/client/index.js';
import { DfsClient } from '../dfs/client/index.js';
import {
  allDaemons,
  emptyClusterFile,
  readClusterFile,
  writeClusterFile,
  type ClusterFile,
  type DaemonRecord,
  type Role,
} from './cluster-file.js';
import {
  addressOfServerName,
  checkCounts,
  coordSpecs,
  datanodeSpecs,
  masterSpecs,
  namenodeSpec,
  regionServerSpecs,
  type ClusterCounts,
} from './cluster-plan.js';
import {
  defaultBinPath,
  failureWithLog,
  launchDaemon,
  startFailure,
  type DaemonSpec,
  type LaunchSettings,
} from './daemon-launcher.js';
import { ClusterRunningError, ClusterStartError } from './errors.js';
import { freePorts } from './free-ports.js';
import {
  ACTIVE_MASTER_WAIT_MS,
  CLUSTER_STATUS_CALL_MS,
  CLUSTER_STATUS_POLL_MS,
  COORD_QUORUM_WAIT_MS,
  DAEMON_READY_WAIT_MS,
  DATANODES_LIVE_WAIT_MS,
  READY_POLL_MS,
  ROLLBACK_GRACE_MS,
} from './limits.js';
import { isOurDaemon, isRunning, stopProcesses } from './processes.js';
import { describe, pollUntil } from './wait.js';

export interface ClusterUpOptions extends ClusterCounts {
  readonly dir: string;
  /** The address every daemon serves on. @default '127.0.0.1' */
  readonly host?: string;
  /** The `colonnade` script the daemons run. @default this package's bin/colonnade */
  readonly bin?: string;
  /** The daemons' environment. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly clock?: Clock;
  readonly rng?: Rng;
  /** Told one line per daemon that serves. */
  readonly progress?: (line: string) => void;
}

/** Starts the cluster and resolves with its cluster.json once it serves. */
export async function clusterUp(options: ClusterUpOptions): Promise<ClusterFile> {
  const counts = checkCounts(options);
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  refuseLiveCluster(dir);
  const run = new UpRun(dir, options);
  try {
    await run.start(counts);
  } catch (error) {
    throw await run.rollback(error);
  }
  return run.file;
}

/** ClusterRunningError when DIR/cluster.json names a daemon of ours that still runs. */
function refuseLiveCluster(dir: string): void {
  const existing = readClusterFile(dir);
  if (existing === undefined) return;
  const live = allDaemons(existing).find(({ role, daemon }) => isOurDaemon(daemon.pid, role));
  if (live !== undefined) {
    throw new ClusterRunningError(
      `${dir} holds a running cluster (${live.role} pid ${live.daemon.pid} is alive); ` +
        `run 'colonnade cluster down --dir ${dir}' first`,
    );
  }
}

function isStartError(error: unknown): boolean {
  return error instanceof ClusterStartError;
}

class UpRun {
  file: ClusterFile;
  readonly #dir: string;
  readonly #host: string;
  readonly #clock: Clock;
  readonly #rng: Rng;
  readonly #launch: LaunchSettings;
  readonly #progress: (line: string) => void;
  /** Every daemon spawned, by pid, with what it was started as. */
  readonly #started = new Map<number, DaemonSpec>();

  constructor(dir: string, options: ClusterUpOptions) {
    this.file = emptyClusterFile(dir);
    this.#dir = dir;
    this.#host = options.host ?? '127.0.0.1';
    this.#clock = options.clock ?? systemClock;
    this.#rng = options.rng ?? systemRng;
    this.#progress = options.progress ?? (() => undefined);
    this.#launch = {
      bin: options.bin ?? defaultBinPath(),
      env: options.env ?? process.env,
      clock: this.#clock,
      readyTimeoutMs: DAEMON_READY_WAIT_MS,
    };
  }

  async start(counts: ClusterCounts): Promise<void> {
    const { coordinators } = counts;
    const ports = coordinators > 1 ? await freePorts(2 * coordinators, this.#host, this.#rng) : [];
    const coords = await this.#tier(coordSpecs(this.#dir, this.#host, coordinators, ports));
    const coord = coords.map((d) => formatHostPort(d)).join(',');
    this.#update({ coord });
    await this.#stage('the coordinator ensemble granted no session', 'coord', async () => {
      const session = await CoordClient.connect({
        ensemble: coord,
        connectTimeoutMs: COORD_QUORUM_WAIT_MS,
        clock: this.#clock,
      });
      await session.close();
    });

    const [nn] = await this.#tier([namenodeSpec(this.#dir, this.#host)]);
    const namenode = formatHostPort(nn ?? { host: this.#host, port: 0 });
    this.#update({ namenode });
    await this.#tier(datanodeSpecs(this.#dir, this.#host, counts.datanodes, namenode));
    await this.#stage('the datanodes did not all register', 'namenode', () =>
      this.#waitForDatanodes(namenode, counts.datanodes),
    );

    const addresses = { coord, namenode };
    const last = await Promise.allSettled([
      this.#tier(masterSpecs(this.#dir, this.#host, counts.masters, addresses, counts.datanodes)),
      this.#tier(regionServerSpecs(this.#dir, this.#host, counts, addresses)),
    ]);
    const failed = last.find((tier) => tier.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    const master = await this.#stage('no master became active', 'master', () =>
      this.#waitForActiveMaster(coord, counts.regionServers),
    );
    const http = this.#httpOf(master);
    const shell = http === undefined ? null : `ws://${http}/shell`;
    const ui = http === undefined ? null : `http://${http}/`;
    this.#update({ master, shell, ui, state: 'running' });
  }

  /** The web address of the master serving RPC at `master`, if it printed one. */
  #httpOf(master: string | null): string | undefined {
    return this.file.roles.master.find((m) => `${m.host}:${m.port}` === master)?.http;
  }

  /** Stops every daemon started; the error to report (naming any pid that would not stop). */
  async rollback(error: unknown): Promise<unknown> {
    const pids = [...this.#started]
      .filter(([pid, spec]) => isOurDaemon(pid, spec.role))
      .map(([pid]) => pid);
    const { survivors } = await stopProcesses(this.#clock, pids, ROLLBACK_GRACE_MS);
    this.#update({ state: 'stopped' });
    if (survivors.length === 0) return error;
    return new ClusterStartError(
      `${describe(error)}\n(these pids would not stop, even with SIGKILL: ${survivors.join(', ')})`,
    );
  }

  /** Launches `specs` together and waits until every one serves; records each in the file. */
  async #tier(specs: readonly DaemonSpec[]): Promise<DaemonRecord[]> {
    const launched = specs.map((spec) => {
      const daemon = launchDaemon(spec, this.#launch);
      if (daemon.pid > 0) {
        this.#started.set(daemon.pid, spec);
        // Listed at once (port 0 until it serves), so that `down` finds it if `up` is interrupted.
        const { dataDir, log } = spec;
        this.#record(spec.role, { pid: daemon.pid, host: this.#host, port: 0, dataDir, log });
      }
      return { spec, daemon };
    });
    const outcomes = await Promise.allSettled(launched.map(({ daemon }) => daemon.ready));
    const records: DaemonRecord[] = [];
    outcomes.forEach((outcome, i) => {
      const spec = launched[i]?.spec;
      if (outcome.status === 'fulfilled' && spec !== undefined) {
        records.push(outcome.value);
        this.#record(spec.role, outcome.value);
        const { host, port, pid } = outcome.value;
        this.#progress(`${spec.name} serves on ${host}:${port} (pid ${pid})`);
      }
    });
    const failed = outcomes.find((o) => o.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    return records;
  }

  async #waitForDatanodes(namenode: string, count: number): Promise<void> {
    const client = new DfsClient({ namenode, clock: this.#clock });
    try {
      const what = `${count} live datanodes and the namenode out of safe mode`;
      await pollUntil(
        this.#clock,
        what,
        DATANODES_LIVE_WAIT_MS,
        READY_POLL_MS,
        async () => {
          this.#checkAlive();
          const report = await client.datanodeReport();
          const live = report.datanodes.filter((d) => d.state === 'live').length;
          return !report.safeMode && live === count ? true : undefined;
        },
        isStartError,
      );
    } finally {
      await client.close();
    }
  }

  /** Until the active master answers clusterStatus counting every region server; its address. */
  async #waitForActiveMaster(coord: string, regionServers: number): Promise<string> {
    const conn = await connect({
      coord,
      clock: this.#clock,
      operationTimeoutMs: CLUSTER_STATUS_CALL_MS,
      rpcTimeoutMs: CLUSTER_STATUS_CALL_MS,
    });
    try {
      const admin = conn.getAdmin();
      const what = `an active master counting ${regionServers} region servers`;
      return await pollUntil(
        this.#clock,
        what,
        ACTIVE_MASTER_WAIT_MS,
        CLUSTER_STATUS_POLL_MS,
        async () => {
          this.#checkAlive();
          const status = await admin.clusterStatus();
          const counted = status.servers.length === regionServers;
          return counted ? addressOfServerName(status.master) : undefined;
        },
        isStartError,
      );
    } finally {
      await conn.close();
    }
  }

  /**
   * Runs one wait of the start; an error other than a daemon's own failure is reported as `what`
   * with the end of the first `role` daemon's log (where the reason most likely is).
   */
  async #stage<T>(what: string, role: Role, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ClusterStartError) throw error;
      const log = [...this.#started.values()].find((spec) => spec.role === role)?.log;
      const message = `${what}: ${describe(error)}`;
      throw log === undefined ? new ClusterStartError(message) : failureWithLog(message, log);
    }
  }

  /** A daemon that served and then died fails the start at once (no waiting out the bound). */
  #checkAlive(): void {
    for (const [pid, spec] of this.#started) {
      if (!isRunning(pid)) throw startFailure(spec, `(pid ${pid}) exited after it served`);
    }
  }

  /** Adds the daemon to the file, or replaces the entry with its pid. */
  #record(role: Role, daemon: DaemonRecord): void {
    const list = this.file.roles[role];
    const known = list.some((d) => d.pid === daemon.pid);
    const next = known ? list.map((d) => (d.pid === daemon.pid ? daemon : d)) : [...list, daemon];
    const roles = { ...this.file.roles, [role]: next };
    this.#update({ roles });
  }

  #update(change: Partial<Omit<ClusterFile, 'version' | 'dir'>>): void {
    this.file = { ...this.file, ...change };
    writeClusterFile(this.#dir, this.file);
  }
}
