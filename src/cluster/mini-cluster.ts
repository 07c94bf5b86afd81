// Every role of a Colonnade cluster in this process, each behind its own RPC server on loopback:
// a coordinator ensemble, a namenode, datanodes, masters and region servers, data under one
// directory. Invariant: start() resolves only when the cluster serves (an active master that counts
// every region server); shutdown() stops what runs in reverse order, each step bounded.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type Connection, type ConnectionOptions } from '../client/index.js';
import { InvalidArgumentError } from '../common/errors.js';
import { formatHostPort } from '../common/host-port.js';
import type { Logger } from '../common/log.js';
import { CoordClient } from '../coord/client/index.js';
import { CoordServer, type EnsembleMember } from '../coord/server/index.js';
import { DfsClient } from '../dfs/client/index.js';
import { DatanodeServer } from '../dfs/datanode/index.js';
import { NamenodeServer } from '../dfs/namenode/index.js';
import { Master } from '../master/master.js';
import { RegionServer } from '../regionserver/index.js';
import { freePorts } from './free-ports.js';
import {
  ACTIVE_MASTER_WAIT_MS,
  COORD_QUORUM_WAIT_MS,
  DATANODES_LIVE_WAIT_MS,
  MINI_STOP_STEP_MS,
  READY_POLL_MS,
} from './limits.js';
import {
  resolveMiniClusterOptions,
  type MiniClusterOptions,
  type ResolvedMiniClusterOptions,
} from './mini-cluster-options.js';
import { pollUntil, within } from './wait.js';

/** A connection's settings beyond the coordinator, which the cluster fills in. */
export type MiniConnectionOptions = Omit<ConnectionOptions, 'coord'>;

export class MiniCluster {
  /** Where every daemon keeps its data: `coord-<id>/`, `namenode/`, `datanode-<i+1>/`. */
  readonly dataDir: string;
  readonly #o: ResolvedMiniClusterOptions;
  readonly #ownsDir: boolean;
  #ensemble: readonly EnsembleMember[] = [];
  readonly #coordServers: (CoordServer | undefined)[] = [];
  #namenode: NamenodeServer | undefined;
  #namenodeAddress = '';
  readonly #datanodes: (DatanodeServer | undefined)[] = [];
  readonly #masters: (Master | undefined)[] = [];
  readonly #regionServers: (RegionServer | undefined)[] = [];
  readonly #connections = new Set<Connection>();
  #shutdown: Promise<void> | undefined;

  private constructor(options: ResolvedMiniClusterOptions) {
    this.#o = options;
    this.#ownsDir = options.dataDir === undefined;
    this.dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'colonnade-mini-'));
    mkdirSync(this.dataDir, { recursive: true });
  }

  /** Starts every role and resolves once the cluster serves; on failure stops what started. */
  static async start(options: MiniClusterOptions = {}): Promise<MiniCluster> {
    const cluster = new MiniCluster(resolveMiniClusterOptions(options));
    try {
      await cluster.#startCoordinators();
      await cluster.#startFilesystem();
      for (let i = 0; i < cluster.#o.masters; i++) await cluster.startMaster();
      await Promise.all(
        Array.from({ length: cluster.#o.regionServers }, () => cluster.startRegionServer()),
      );
      if (cluster.#o.masters > 0) {
        await cluster.waitForLiveRegionServers(cluster.#o.regionServers);
      }
    } catch (error) {
      await cluster.shutdown();
      throw error;
    }
    return cluster;
  }

  /** The coordinator ensemble's connect string, `host:port,host:port`. */
  get coord(): string {
    return this.#ensemble.map((m) => formatHostPort(m.client)).join(',');
  }

  /** The namenode's `host:port`. */
  get namenode(): string {
    return this.#namenodeAddress;
  }

  /** Running coordinator members, in id order. */
  get coordServers(): readonly CoordServer[] {
    return running(this.#coordServers);
  }

  /** Running datanodes, in the order they were started. */
  get datanodes(): readonly DatanodeServer[] {
    return running(this.#datanodes);
  }

  /** Running masters, in the order they were started (active or backup). */
  get masters(): readonly Master[] {
    return running(this.#masters);
  }

  /** Running region servers, in the order they were started. */
  get regionServers(): readonly RegionServer[] {
    return running(this.#regionServers);
  }

  /** Region server `index` (its start order, stable across stops); throws if it is not running. */
  regionServer(index: number): RegionServer {
    return slot(this.#regionServers, index, 'region server');
  }

  /** Master `index` (its start order); throws if it is not running. */
  master(index: number): Master {
    return slot(this.#masters, index, 'master');
  }

  /** A client connection to this cluster; closed at shutdown if the caller has not closed it. */
  async connect(options: MiniConnectionOptions = {}): Promise<Connection> {
    const conn = await connect({ clock: this.#o.clock, ...options, coord: this.coord });
    this.#connections.add(conn);
    return conn;
  }

  /** The active master (meta open), once there is one. */
  waitForActiveMaster(timeoutMs = ACTIVE_MASTER_WAIT_MS): Promise<Master> {
    return pollUntil(this.#o.clock, 'an active master', timeoutMs, READY_POLL_MS, () =>
      this.masters.find((m) => m.isActive),
    );
  }

  /** Waits until the active master counts exactly `count` live region servers. */
  async waitForLiveRegionServers(count: number, timeoutMs = ACTIVE_MASTER_WAIT_MS): Promise<void> {
    const deadline = this.#o.clock.monotonicMs() + timeoutMs;
    const master = await this.waitForActiveMaster(timeoutMs);
    const left = Math.max(0, deadline - this.#o.clock.monotonicMs());
    const what = `the active master to count ${count} region servers`;
    await pollUntil(this.#o.clock, what, left, READY_POLL_MS, () =>
      master.status().servers.length === count ? true : undefined,
    );
  }

  /** Starts one more master (a backup if one is active); its index is the next slot. */
  async startMaster(): Promise<Master> {
    const o = this.#o;
    const index = this.#masters.length;
    const master = await Master.start({
      coord: this.coord,
      namenode: this.namenode,
      host: o.host,
      port: index === 0 ? o.ports.master : 0,
      ...optional('httpPort', index === 0 ? o.masterHttpPort : undefined),
      ...optional('rootDir', o.rootDir),
      ...optional('sessionTimeoutMs', o.sessionTimeoutMs),
      replication: o.replication,
      clock: o.clock,
      logger: this.#logger('master', index),
    });
    this.#masters.push(master);
    return master;
  }

  /** Stops master `index` cleanly (it resigns; a backup takes over). No-op if it is stopped. */
  async stopMaster(index: number): Promise<void> {
    const master = this.#masters[index];
    this.#masters[index] = undefined;
    await master?.stop();
  }

  /** Starts one more region server; its index is the next slot. */
  async startRegionServer(): Promise<RegionServer> {
    const o = this.#o;
    const index = this.#regionServers.length;
    this.#regionServers.push(undefined);
    const server = await RegionServer.start({
      namenode: this.namenode,
      coord: this.coord,
      host: o.host,
      port: index === 0 ? o.ports.regionServer : 0,
      replication: o.replication,
      ...optional('rootDir', o.rootDir),
      ...optional('sessionTimeoutMs', o.sessionTimeoutMs),
      ...optional('scannerLeaseMs', o.scannerLeaseMs),
      ...optional('cacheBytes', o.cacheBytes),
      ...optional('onAbort', abortHandler(o.onRegionServerAbort, index)),
      clock: o.clock,
      logger: this.#logger('regionserver', index),
    });
    this.#regionServers[index] = server;
    return server;
  }

  /** Stops region server `index` cleanly (regions flushed and closed). No-op if it is stopped. */
  async stopRegionServer(index: number): Promise<void> {
    const server = this.#regionServers[index];
    this.#regionServers[index] = undefined;
    await server?.stop();
  }

  /** Aborts region server `index` as a crash would: nothing flushed, its WAL left for recovery. */
  async abortRegionServer(index: number, reason = 'aborted by the test'): Promise<void> {
    const server = this.#regionServers[index];
    this.#regionServers[index] = undefined;
    await server?.abort(reason);
  }

  /** Stops datanode `index`. No-op if it is stopped. */
  async stopDatanode(index: number): Promise<void> {
    const datanode = this.#datanodes[index];
    this.#datanodes[index] = undefined;
    await datanode?.stop();
  }

  /**
   * Stops everything in reverse order of start (connections, region servers, masters, datanodes,
   * namenode, coordinators), each step bounded by MINI_STOP_STEP_MS; removes a temp data dir.
   */
  shutdown(): Promise<void> {
    this.#shutdown ??= this.#stopAll();
    return this.#shutdown;
  }

  async #stopAll(): Promise<void> {
    const namenode = this.#namenode;
    this.#namenode = undefined;
    const steps: [string, () => Promise<unknown>[]][] = [
      ['connections', () => [...this.#connections].map((c) => c.close())],
      ['region servers', () => drain(this.#regionServers).map((s) => s.stop())],
      ['masters', () => drain(this.#masters).map((m) => m.stop())],
      ['datanodes', () => drain(this.#datanodes).map((d) => d.stop())],
      ['namenode', () => (namenode === undefined ? [] : [namenode.stop()])],
      ['coordinators', () => drain(this.#coordServers).map((c) => c.stop())],
    ];
    const logger = this.#o.logger.child({ role: 'mini-cluster' });
    for (const [what, stop] of steps) {
      const settled = Promise.allSettled(stop());
      const result = await within(this.#o.clock, MINI_STOP_STEP_MS, settled);
      if (result === undefined) {
        logger.warn({ step: what }, `stopping ${what} took over ${MINI_STOP_STEP_MS} ms`);
      }
      for (const failed of result?.value ?? []) {
        if (failed.status === 'rejected') logger.warn({ err: failed.reason }, `stopping ${what}`);
      }
    }
    this.#connections.clear();
    if (this.#ownsDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  async #startCoordinators(): Promise<void> {
    const o = this.#o;
    const n = o.coordinators;
    // One member needs no peer port known in advance; an ensemble does.
    const picked = n === 1 ? [o.ports.coord, 0] : await freePorts(2 * n, o.host, o.rng);
    if (n > 1 && o.ports.coord !== 0) picked[0] = o.ports.coord;
    const members = Array.from({ length: n }, (_, i) => ({
      id: i + 1,
      client: { host: o.host, port: picked[2 * i] ?? 0 },
      peer: { host: o.host, port: picked[2 * i + 1] ?? 0 },
    }));
    this.#ensemble = members;
    const servers = members.map(
      (m) =>
        new CoordServer({
          id: m.id,
          dataDir: join(this.dataDir, `coord-${m.id}`),
          ensemble: members,
          clock: o.clock,
          rng: o.rng,
          logger: this.#logger('coord', m.id),
          ...optional('tickMs', o.coordTickMs),
        }),
    );
    this.#coordServers.push(...servers);
    const addresses = await Promise.all(servers.map((s) => s.start()));
    this.#ensemble = members.map((m, i) => ({ ...m, client: addresses[i] ?? m.client }));
    const client = await CoordClient.connect({
      ensemble: this.coord,
      connectTimeoutMs: COORD_QUORUM_WAIT_MS,
      clock: o.clock,
    });
    await client.close();
  }

  async #startFilesystem(): Promise<void> {
    const o = this.#o;
    this.#namenode = new NamenodeServer({
      dataDir: join(this.dataDir, 'namenode'),
      host: o.host,
      port: o.ports.namenode,
      clock: o.clock,
      rng: o.rng,
      logger: this.#logger('namenode', 0),
      tuning: o.namenodeTuning,
    });
    this.#namenodeAddress = formatHostPort(await this.#namenode.start());
    const datanodes = Array.from(
      { length: o.datanodes },
      (_, i) =>
        new DatanodeServer({
          dataDir: join(this.dataDir, `datanode-${i + 1}`),
          namenode: this.#namenodeAddress,
          host: o.host,
          port: 0,
          clock: o.clock,
          rng: o.rng,
          logger: this.#logger('datanode', i),
          tuning: o.datanodeTuning,
        }),
    );
    this.#datanodes.push(...datanodes);
    await Promise.all(datanodes.map((d) => d.start()));
    await this.#waitForDatanodes(o.datanodes);
  }

  /** Until the namenode counts `count` live datanodes and has left safe mode. */
  async #waitForDatanodes(count: number): Promise<void> {
    const client = new DfsClient({ namenode: this.#namenodeAddress, clock: this.#o.clock });
    try {
      const what = `${count} live datanodes and the namenode out of safe mode`;
      await pollUntil(this.#o.clock, what, DATANODES_LIVE_WAIT_MS, READY_POLL_MS, async () => {
        const report = await client.datanodeReport();
        const live = report.datanodes.filter((d) => d.state === 'live').length;
        return !report.safeMode && live === count ? true : undefined;
      });
    } finally {
      await client.close();
    }
  }

  #logger(role: string, index: number): Logger {
    return this.#o.logger.child({ role, index });
  }
}

function running<T>(slots: readonly (T | undefined)[]): T[] {
  return slots.filter((s): s is T => s !== undefined);
}

/** The running members of `slots`, every slot emptied. */
function drain<T>(slots: (T | undefined)[]): T[] {
  const members = running(slots);
  slots.fill(undefined);
  return members;
}

function slot<T>(slots: readonly (T | undefined)[], index: number, role: string): T {
  const member = slots[index];
  if (member === undefined) {
    throw new InvalidArgumentError(
      `no running ${role} ${index}; ${slots.length} were started (indexes 0..${slots.length - 1})`,
    );
  }
  return member;
}

function abortHandler(
  handler: ((index: number, reason: string) => void) | undefined,
  index: number,
): ((reason: string) => void) | undefined {
  return handler === undefined ? undefined : (reason) => handler(index, reason);
}

/** `{ [key]: value }` when value is defined, else nothing (for exactOptionalPropertyTypes). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
