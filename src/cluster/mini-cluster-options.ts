// MiniCluster's settings as the caller gives them, checked and completed with defaults.
// Invariant: resolved counts are within their named maxima and replication ≤ the datanodes.
import { systemClock, type Clock } from '../common/clock.js';
import { InvalidArgumentError } from '../common/errors.js';
import { SESSION_TIMEOUT_MAX_MS, SESSION_TIMEOUT_MIN_MS } from '../common/limits.js';
import { silentLogger, type Logger } from '../common/log.js';
import { systemRng, type Rng } from '../common/rng.js';
import type { DatanodeTuning } from '../dfs/datanode/index.js';
import type { NamenodeTuning } from '../dfs/namenode/index.js';
import {
  CLUSTER_REPLICATION_MAX,
  COORDINATORS_MAX,
  DATANODES_MAX,
  MASTERS_MAX,
  REGION_SERVERS_MAX,
} from './limits.js';

/** Ports for the first daemon of each role (the others always take a free one); 0: pick one. */
export interface MiniClusterPorts {
  readonly coord: number;
  readonly namenode: number;
  readonly master: number;
  readonly regionServer: number;
}

export interface MiniClusterOptions {
  /** Coordinator ensemble members. @default 1 */
  readonly coordinators?: number;
  /** @default 1 */
  readonly datanodes?: number;
  /** Masters: the first to win the election is active, the others are backups. @default 1 */
  readonly masters?: number;
  /** @default 1 */
  readonly regionServers?: number;
  /** Where every daemon keeps its data (kept at shutdown). @default a fresh temp dir, removed */
  readonly dataDir?: string;
  /** The address every daemon serves on. @default '127.0.0.1' */
  readonly host?: string;
  readonly ports?: Partial<MiniClusterPorts>;
  /** The first master's web port (status page, WebSocket endpoints); 0: a free one. @default none */
  readonly masterHttpPort?: number;
  /** Called when a region server aborts (HBase ends the process; standalone mode does too). */
  readonly onRegionServerAbort?: (index: number, reason: string) => void;
  /** Masters' and region servers' coordinator session timeout. @default the coordinator's */
  readonly sessionTimeoutMs?: number;
  /** Replicas of WALs and store files. @default min(3, datanodes) */
  readonly replication?: number;
  /** Colonnade's directory on the block filesystem. @default '/colonnade' */
  readonly rootDir?: string;
  /** The coordinator's tick. @default COORD_TICK_MS */
  readonly coordTickMs?: number;
  readonly namenodeTuning?: Partial<NamenodeTuning>;
  readonly datanodeTuning?: Partial<DatanodeTuning>;
  /** Region servers' idle scanner lease. @default SCANNER_LEASE_MS */
  readonly scannerLeaseMs?: number;
  /** Region servers' block cache. @default BLOCK_CACHE_BYTES_DEFAULT */
  readonly cacheBytes?: number;
  /** Every role's clock. A ManualClock stops every timer (bounded waits too) until advanced. */
  readonly clock?: Clock;
  readonly rng?: Rng;
  /** Every role logs through a child of it ({ role, index }). @default silent */
  readonly logger?: Logger;
}

export interface ResolvedMiniClusterOptions {
  readonly coordinators: number;
  readonly datanodes: number;
  readonly masters: number;
  readonly regionServers: number;
  readonly dataDir: string | undefined;
  readonly host: string;
  readonly ports: MiniClusterPorts;
  readonly masterHttpPort: number | undefined;
  readonly onRegionServerAbort: ((index: number, reason: string) => void) | undefined;
  readonly sessionTimeoutMs: number | undefined;
  readonly replication: number;
  readonly rootDir: string | undefined;
  readonly coordTickMs: number | undefined;
  readonly namenodeTuning: Partial<NamenodeTuning>;
  readonly datanodeTuning: Partial<DatanodeTuning>;
  readonly scannerLeaseMs: number | undefined;
  readonly cacheBytes: number | undefined;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly logger: Logger;
}

const PORT_MAX = 65_535;

/** `value` if it is an integer in min..max, else InvalidArgumentError naming it. */
export function countIn(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(
      `${name} is ${String(value)}; it must be an integer in ${min}..${max}`,
    );
  }
  return value;
}

function optionalIn(value: number | undefined, name: string, min: number, max: number) {
  return value === undefined ? undefined : countIn(value, name, min, max);
}

function resolvePorts(ports: Partial<MiniClusterPorts>): MiniClusterPorts {
  const port = (name: keyof MiniClusterPorts): number =>
    countIn(ports[name] ?? 0, `ports.${name}`, 0, PORT_MAX);
  return {
    coord: port('coord'),
    namenode: port('namenode'),
    master: port('master'),
    regionServer: port('regionServer'),
  };
}

export function resolveMiniClusterOptions(o: MiniClusterOptions): ResolvedMiniClusterOptions {
  const datanodes = countIn(o.datanodes ?? 1, 'datanodes', 1, DATANODES_MAX);
  const replication = countIn(
    o.replication ?? Math.min(CLUSTER_REPLICATION_MAX, datanodes),
    'replication',
    1,
    datanodes,
  );
  return {
    coordinators: countIn(o.coordinators ?? 1, 'coordinators', 1, COORDINATORS_MAX),
    datanodes,
    masters: countIn(o.masters ?? 1, 'masters', 0, MASTERS_MAX),
    regionServers: countIn(o.regionServers ?? 1, 'regionServers', 0, REGION_SERVERS_MAX),
    dataDir: o.dataDir,
    host: o.host ?? '127.0.0.1',
    ports: resolvePorts(o.ports ?? {}),
    masterHttpPort: optionalIn(o.masterHttpPort, 'masterHttpPort', 0, PORT_MAX),
    onRegionServerAbort: o.onRegionServerAbort,
    sessionTimeoutMs: optionalIn(
      o.sessionTimeoutMs,
      'sessionTimeoutMs',
      SESSION_TIMEOUT_MIN_MS,
      SESSION_TIMEOUT_MAX_MS,
    ),
    replication,
    rootDir: o.rootDir,
    coordTickMs: o.coordTickMs,
    namenodeTuning: o.namenodeTuning ?? {},
    datanodeTuning: o.datanodeTuning ?? {},
    scannerLeaseMs: o.scannerLeaseMs,
    cacheBytes: o.cacheBytes,
    clock: o.clock ?? systemClock,
    rng: o.rng ?? systemRng,
    logger: o.logger ?? silentLogger,
  };
}
