// Standalone Colonnade (`colonnade start`, HBase's standalone mode): every role in this process —
// a one-member coordinator, a namenode, one datanode (replication 1), a master with its web port
// and the shell, one region server — data under one directory it locks. Invariant: endpoints.json
// says `running` only once every role serves and every region is back; stop() is bounded.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { assert } from '../common/assert.js';
import { systemClock, type Clock } from '../common/clock.js';
import { formatHostPort } from '../common/host-port.js';
import { silentLogger, type Logger } from '../common/log.js';
import { systemRng, type Rng } from '../common/rng.js';
import { ACTIVE_MASTER_WAIT_MS, READY_POLL_MS } from './limits.js';
import { MiniCluster } from './mini-cluster.js';
import { countIn } from './mini-cluster-options.js';
import { writeEndpoints, type Endpoints } from './standalone-endpoints.js';
import { PortInUseError } from './standalone-errors.js';
import { acquireLock, type StandaloneLock } from './standalone-lock.js';
import {
  STANDALONE_PORTS_DEFAULT,
  STANDALONE_SAFE_MODE_EXTENSION_MS,
  STANDALONE_STOP_MS,
} from './standalone-limits.js';
import { mountShell, type MountedShell } from './standalone-shell.js';
import { describe, pollUntil, within } from './wait.js';

/** The port of each role; 0 asks the system for a free one. */
export interface StandalonePorts {
  readonly coord: number;
  readonly namenode: number;
  readonly master: number;
  /** The master's web port: status page at `/`, the shell at `/shell`. */
  readonly http: number;
  readonly regionServer: number;
}

export interface StandaloneOptions {
  /** Where every role keeps its data (made absolute; created if missing). */
  readonly dataDir: string;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default STANDALONE_PORTS_DEFAULT (the anchors': 2181, 8020, 16000, 16010, 16020) */
  readonly ports?: Partial<StandalonePorts>;
  /** Colonnade's version, for the shell's banner. @default '' */
  readonly version?: string;
  /** Called once if the standalone fails on its own (its region server aborted). */
  readonly onAbort?: (reason: string) => void;
  readonly clock?: Clock;
  readonly rng?: Rng;
  /** Every role logs through a child of it. @default silent */
  readonly logger?: Logger;
}

const PORT_MAX = 65_535;

export class Standalone {
  readonly cluster: MiniCluster;
  /** What endpoints.json says while it runs. */
  readonly endpoints: Endpoints;
  readonly #shell: MountedShell | undefined;
  readonly #lock: StandaloneLock;
  readonly #clock: Clock;
  readonly #logger: Logger;
  #stopping: Promise<boolean> | undefined;

  private constructor(parts: {
    cluster: MiniCluster;
    endpoints: Endpoints;
    shell: MountedShell | undefined;
    lock: StandaloneLock;
    clock: Clock;
    logger: Logger;
  }) {
    this.cluster = parts.cluster;
    this.endpoints = parts.endpoints;
    this.#shell = parts.shell;
    this.#lock = parts.lock;
    this.#clock = parts.clock;
    this.#logger = parts.logger;
  }

  /**
   * Locks the data directory (StandaloneRunning if a live process holds it), starts every role
   * and resolves once they serve, every region is open again, and endpoints.json is written.
   * On failure it stops what it started and releases the lock.
   */
  static async start(options: StandaloneOptions): Promise<Standalone> {
    const dir = resolve(options.dataDir);
    const ports = resolvePorts(options.ports ?? {});
    const clock = options.clock ?? systemClock;
    const logger = options.logger ?? silentLogger;
    mkdirSync(dir, { recursive: true });
    const lock = acquireLock(dir);
    let cluster: MiniCluster | undefined;
    let shell: MountedShell | undefined;
    try {
      cluster = await MiniCluster.start(clusterOptions(dir, ports, options, clock, logger));
      await waitForRegions(cluster, clock, logger);
      const master = cluster.master(0);
      const web = master.web;
      assert(web !== undefined, 'the standalone master was started without its web server');
      const version = options.version ?? '';
      shell = mountShell(web, { coord: cluster.coord, version, logger, clock });
      const endpoints: Endpoints = {
        version: 1,
        state: 'running',
        pid: process.pid,
        dir,
        coord: cluster.coord,
        namenode: cluster.namenode,
        master: formatHostPort(master.address),
        shell: shell?.url ?? null,
        rest: null,
        ui: `http://${formatHostPort(web.address)}/`,
      };
      writeEndpoints(dir, endpoints);
      return new Standalone({ cluster, endpoints, shell, lock, clock, logger });
    } catch (error) {
      await shell?.close().catch(() => undefined);
      await cluster?.shutdown();
      lock.release();
      throw portInUse(error, ports, options.host ?? '127.0.0.1') ?? error;
    }
  }

  /** `colonnade ready standalone coord=… namenode=… master=… ui=… [shell=…]`. */
  get readyLine(): string {
    const e = this.endpoints;
    const parts = [`coord=${e.coord}`, `namenode=${e.namenode}`, `master=${e.master}`];
    if (e.ui !== null) parts.push(`ui=${e.ui}`);
    if (e.shell !== null) parts.push(`shell=${e.shell}`);
    return `colonnade ready standalone ${parts.join(' ')}`;
  }

  /**
   * Stops cleanly — the shell, then the cluster (region server flushed, every role in reverse
   * order) — bounded by STANDALONE_STOP_MS; marks endpoints.json `stopped` and releases the lock.
   * Resolves true if everything stopped in time. Idempotent.
   */
  stop(): Promise<boolean> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<boolean> {
    const work = (async () => {
      await this.#shell?.close().catch((error: unknown) => {
        this.#logger.warn({ err: error }, 'closing the shell endpoint failed');
      });
      await this.cluster.shutdown();
    })();
    const done = await within(this.#clock, STANDALONE_STOP_MS, work);
    if (done === undefined) {
      this.#logger.error(`standalone: the stop took over ${STANDALONE_STOP_MS} ms; giving up`);
    }
    writeEndpoints(this.endpoints.dir, { ...this.endpoints, state: 'stopped' });
    this.#lock.release();
    return done !== undefined;
  }
}

/** The `colonnade start` flag of each port, for messages. */
const PORT_FLAGS: Readonly<Record<keyof StandalonePorts, string>> = {
  coord: '--coord-port',
  namenode: '--namenode-port',
  master: '--master-port',
  http: '--http-port',
  regionServer: '--regionserver-port',
};

/** A PortInUseError naming the role and its flag, if `error` is a listen that found it taken. */
function portInUse(
  error: unknown,
  ports: StandalonePorts,
  host: string,
): PortInUseError | undefined {
  const e = error as { code?: unknown; port?: unknown } | null;
  if (e === null || typeof e !== 'object' || e.code !== 'EADDRINUSE') return undefined;
  const role = (Object.keys(ports) as (keyof StandalonePorts)[]).find((k) => ports[k] === e.port);
  const which = role === undefined ? '' : ` (the ${role} port, ${PORT_FLAGS[role]})`;
  return new PortInUseError(
    `${host}:${String(e.port)}${which} is in use by another program (another Colonnade, or ` +
      `ZooKeeper, HDFS or HBase?); stop it, or choose another port (0 picks a free one)`,
    { cause: error },
  );
}

function resolvePorts(ports: Partial<StandalonePorts>): StandalonePorts {
  const port = (name: keyof StandalonePorts): number =>
    countIn(ports[name] ?? STANDALONE_PORTS_DEFAULT[name], `ports.${name}`, 0, PORT_MAX);
  return {
    coord: port('coord'),
    namenode: port('namenode'),
    master: port('master'),
    http: port('http'),
    regionServer: port('regionServer'),
  };
}

function clusterOptions(
  dir: string,
  ports: StandalonePorts,
  options: StandaloneOptions,
  clock: Clock,
  logger: Logger,
): Parameters<typeof MiniCluster.start>[0] {
  const onAbort = options.onAbort;
  return {
    dataDir: dir,
    coordinators: 1,
    datanodes: 1,
    replication: 1,
    masters: 1,
    regionServers: 1,
    host: options.host ?? '127.0.0.1',
    ports: {
      coord: ports.coord,
      namenode: ports.namenode,
      master: ports.master,
      regionServer: ports.regionServer,
    },
    masterHttpPort: ports.http,
    // One datanode reports everything there is: no need to wait for others.
    namenodeTuning: { safeModeExtensionMs: STANDALONE_SAFE_MODE_EXTENSION_MS },
    ...(onAbort === undefined ? {} : { onRegionServerAbort: (_: number, r: string) => onAbort(r) }),
    clock,
    rng: options.rng ?? systemRng,
    logger,
  };
}

/**
 * Until no region is in transition: after a crash the master recovers the old region server's
 * WALs and reopens its regions, and a client should not have to wait for that behind `ready`. A
 * region that does not come back in time is logged and left to the master (clients retry).
 */
async function waitForRegions(cluster: MiniCluster, clock: Clock, logger: Logger): Promise<void> {
  const master = await cluster.waitForActiveMaster();
  const what = 'every region open again';
  try {
    await pollUntil(clock, what, ACTIVE_MASTER_WAIT_MS, READY_POLL_MS, () => {
      const { active, servers, regions } = master.status();
      // CLOSED: a disabled table's; FAILED_OPEN: given up on (HBase's too) — neither will move.
      const settled = regions.every((r) =>
        r.state === 'OPEN'
          ? servers.includes(r.server)
          : ['CLOSED', 'FAILED_OPEN'].includes(r.state),
      );
      return active && settled ? true : undefined;
    });
  } catch (error) {
    logger.warn({ err: error }, `standalone: ${describe(error)}; serving anyway`);
  }
}
