// The master (HBase's HMaster, reduced): every master joins the coordinator's election; the active
// one tracks region servers, drives the assignment machine from its records in the coordinator,
// keeps `meta` assigned and its location published, loads the catalog from meta, and serves DDL.
// A backup waits; when the active one's session ends, the next one resumes from the records.
import { systemClock, type Clock } from '../common/clock.js';
import { silentLogger, type Logger } from '../common/log.js';
import { MASTER_ELECTION_PATH } from '../common/znodes.js';
import { CoordClient, elect, type LeaderElection } from '../coord/client/index.js';
import { DfsClient } from '../dfs/client/index.js';
import type { RegionInfo } from '../regionserver/region-info.js';
import { splitWals } from '../regionserver/wal/index.js';
import { RpcClient, RpcServer, type ServerAddress } from '../rpc/index.js';
import type { AssignmentDriver } from './assignment/driver.js';
import { startAssignment } from './activation.js';
import { Catalog } from './catalog.js';
import { MasterNotActiveError, MetaNotOnlineError } from './errors.js';
import {
  ACTIVATION_ATTEMPTS_MAX,
  ACTIVATION_RETRY_PAUSE_MS,
  ASSIGNMENT_POLL_MS,
  META_ONLINE_WAIT_MS,
} from './limits.js';
import type { Active, MasterContext } from './master-context.js';
import { META_REGION_INFO } from './meta/index.js';
import { MasterService } from './protocol.js';
import { RpcRegionServerCalls } from './region-server-calls.js';
import { masterHandlers } from './service-handlers.js';
import { RegionOps } from './region-ops.js';
import { RegionProcedures } from './region-procedures.js';
import type { ClusterStatus, ServerLoad } from './protocol.js';
import { electionCandidates } from './election-candidates.js';
import { TableDdl } from './table-ddl.js';
import { MasterWebServer } from './web/web-server.js';
import { webStatusOf } from './web/web-status.js';
import { startBalancerChores, type BalancerChores } from './balancer/index.js';

export interface MasterOptions {
  readonly coord: string;
  readonly namenode: string;
  readonly host?: string;
  /** The RPC port; 0 asks the system for a free one. @default 16000 */
  readonly port?: number;
  readonly rootDir?: string;
  readonly sessionTimeoutMs?: number;
  /** Replicas of the files the master writes (recovered edits). @default the filesystem's */
  readonly replication?: number;
  /**
   * The web port (status page, WebSocket endpoints); 0 asks for a free one; undefined: no web
   * server. The daemon's default is 16010.
   */
  readonly httpPort?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

const DEFAULT_MASTER_PORT = 16000;

export class Master {
  /** HBase's `host,port,startcode`: the name in the election, which clients read. */
  readonly name: string;
  readonly address: ServerAddress;
  readonly #rpcServer: RpcServer;
  readonly #rootDir: string;
  readonly #replication: number | undefined;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #client: CoordClient;
  readonly #dfs: DfsClient;
  readonly #rpc = new RpcClient();
  readonly #calls = new RpcRegionServerCalls();
  readonly #election: LeaderElection;
  readonly #catalog = new Catalog();
  /** Table DDL: create, disable, enable, delete, truncate, modify, namespaces. */
  readonly ddl: TableDdl;
  /** Move, flush, compact. */
  readonly regionOps: RegionOps;
  /** Splits and merges. */
  readonly splits: RegionProcedures;
  #active: Active | undefined;
  #web: MasterWebServer | undefined;
  /** The balancer and the load tracker, while active. */
  #chores: BalancerChores | undefined;
  #activating: Promise<void> | undefined;
  #stopped = false;

  private constructor(
    options: MasterOptions,
    parts: {
      name: string;
      address: ServerAddress;
      rpcServer: RpcServer;
      client: CoordClient;
      election: LeaderElection;
    },
  ) {
    const { client, election } = parts;
    this.name = parts.name;
    this.address = parts.address;
    this.#rpcServer = parts.rpcServer;
    this.#rootDir = (options.rootDir ?? '/colonnade').replace(/\/+$/, '');
    this.#replication = options.replication;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#client = client;
    this.#election = election;
    this.#dfs = new DfsClient({ namenode: options.namenode, clock: this.#clock });
    const ctx: MasterContext = {
      catalog: this.#catalog,
      clock: this.#clock,
      logger: this.#logger,
      dfs: this.#dfs,
      coord: client,
      rpc: this.#rpc,
      rootDir: this.#rootDir,
      ...(options.replication === undefined ? {} : { replication: options.replication }),
      requireActive: () => this.#requireActive(),
      waitRegions: (regions, wanted, timeoutMs) => this.#waitRegions(regions, wanted, timeoutMs),
      waitFor: (done, timeoutMs, onTimeout) => this.#waitFor(done, timeoutMs, onTimeout),
    };
    this.ddl = new TableDdl(ctx);
    this.regionOps = new RegionOps(ctx);
    this.splits = new RegionProcedures(ctx, this.regionOps);
  }

  /** Joins the election; the master becomes active now or when the one before it goes. */
  static async start(options: MasterOptions): Promise<Master> {
    const clock = options.clock ?? systemClock;
    const rpcServer = new RpcServer({ clock, logger: options.logger ?? silentLogger });
    let master: Master | undefined;
    rpcServer.register(
      MasterService,
      masterHandlers(() => master),
    );
    const address = await rpcServer.listen({
      host: options.host ?? '127.0.0.1',
      port: options.port ?? DEFAULT_MASTER_PORT,
    });
    const name = `${address.host},${address.port},${clock.nowMs()}`;
    const client = await CoordClient.connect({
      ensemble: options.coord,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.sessionTimeoutMs === undefined
        ? {}
        : { sessionTimeoutMs: options.sessionTimeoutMs }),
    });
    const election = await elect(client, MASTER_ELECTION_PATH, name);
    const started = new Master(options, { name, address, rpcServer, client, election });
    master = started;
    election.onElected(() => started.#becomeActive());
    if (election.isLeader) started.#becomeActive();
    if (options.httpPort !== undefined) {
      try {
        started.#web = await MasterWebServer.start({
          host: address.host,
          port: options.httpPort,
          status: () => webStatusOf(started, client),
          logger: started.#logger,
        });
      } catch (error) {
        await started.stop();
        throw error;
      }
    }
    return started;
  }

  /** The web server (status page, WebSocket endpoints), when the master was given an httpPort. */
  get web(): MasterWebServer | undefined {
    return this.#web;
  }

  get isActive(): boolean {
    return this.#active !== undefined;
  }

  /** Resolves once this master is active and meta is open (bounded by `timeoutMs`). */
  async whenActive(timeoutMs = META_ONLINE_WAIT_MS): Promise<void> {
    const deadline = this.#clock.monotonicMs() + timeoutMs;
    while (this.#active === undefined) {
      if (this.#stopped || this.#clock.monotonicMs() > deadline) {
        throw new MasterNotActiveError(`${this.name} did not become active in ${timeoutMs} ms`);
      }
      await this.#pause();
    }
  }

  /** Regions and where they are, as the records say. */
  status(): {
    active: boolean;
    servers: string[];
    regions: { region: string; state: string; server: string }[];
  } {
    const active = this.#active;
    if (active === undefined) return { active: false, servers: [], regions: [] };
    return {
      active: true,
      servers: active.tracker.live,
      regions: active.driver.machine
        .records()
        .map((r) => ({ region: r.region, state: r.state, server: r.server ?? '' })),
    };
  }

  /** The status Admin shows: masters, servers with their load, and every region. */
  async clusterStatus(): Promise<ClusterStatus> {
    this.#requireActive();
    const { servers, regions } = this.status();
    const candidates = await electionCandidates(this.#client, MASTER_ELECTION_PATH);
    const loads = this.#loads();
    return {
      master: this.name,
      backupMasters: candidates.filter((c) => c !== this.name),
      servers,
      regions,
      loads,
      requestsPerSecond: loads.reduce((sum, l) => sum + l.requestsPerSecond, 0),
    };
  }

  /** Runs the balancer now; the moves it started. */
  async balance(): Promise<number> {
    this.#requireActive();
    return (await this.#chores?.balancer.balance()) ?? 0;
  }

  #loads(): ServerLoad[] {
    return this.#chores?.loads.loads() ?? [];
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    const active = this.#active;
    this.#active = undefined;
    this.#chores?.stop();
    this.#chores = undefined;
    active?.driver.stop();
    active?.tracker.stop();
    active?.sync.stop();
    await this.#activating?.catch(() => undefined);
    await this.#election.resign().catch(() => undefined);
    await this.#web?.close();
    await this.#rpcServer.close();
    this.#calls.shutdown();
    this.#rpc.close();
    await this.#client.close();
    await this.#dfs.close();
  }

  #becomeActive(): void {
    this.#activating ??= this.#activateWithRetries();
  }

  /** Activation retried a bounded number of times; then this master resigns for another. */
  async #activateWithRetries(): Promise<void> {
    for (let attempt = 1; attempt <= ACTIVATION_ATTEMPTS_MAX && !this.#stopped; attempt++) {
      try {
        await this.#activate();
        return;
      } catch (error) {
        this.#logger.error({ err: error, attempt }, 'master activation failed');
        await new Promise<void>((resolve) =>
          this.#clock.setTimeout(resolve, ACTIVATION_RETRY_PAUSE_MS),
        );
      }
    }
    if (!this.#stopped) await this.#election.resign().catch(() => undefined);
  }

  async #activate(): Promise<void> {
    this.#logger.info({ master: this.name }, 'master active: resuming assignment');
    const { driver, tracker, sync, meta, catalogLoaded } = await startAssignment({
      client: this.#client,
      rpc: this.#rpc,
      calls: this.#calls,
      regions: this.#catalog.regions,
      splitWals: (server) => this.#splitWals(server),
      clock: this.#clock,
      logger: this.#logger,
    });
    let contents;
    try {
      await this.#waitRegions([META_REGION_INFO], 'open', META_ONLINE_WAIT_MS, driver);
      contents = await meta.readAll();
    } catch (error) {
      driver.stop();
      tracker.stop();
      sync.stop();
      throw error;
    }
    for (const entry of contents.tables) {
      this.#catalog.tables.set(entry.table, entry.descriptor);
      this.#catalog.tableStates.set(entry.table, entry.state);
    }
    for (const entry of contents.regions) {
      const table = this.#catalog.tables.get(entry.info.table);
      // A split parent stays in meta (offline, with its daughters) but serves no more.
      if (table !== undefined && !entry.offline) this.#catalog.addRegion(entry.info, table);
    }
    catalogLoaded();
    if (this.#stopped) {
      driver.stop();
      tracker.stop();
      sync.stop();
      return;
    }
    const active: Active = { driver, tracker, sync, meta };
    this.#active = active;
    this.#chores = startBalancerChores({
      catalog: this.#catalog,
      clock: this.#clock,
      logger: this.#logger,
      rpc: this.#rpc,
      requireActive: () => this.#requireActive(),
      move: (region, to) => this.regionOps.move(region, to),
      isBusy: (region) => this.splits.busy(region),
    });
    this.#logger.info({ tables: this.#catalog.tables.size }, 'master active: meta online');
    this.splits.resume();
    for (const [name, state] of this.#catalog.tableStates) {
      const table = this.#catalog.tables.get(name);
      if (table === undefined || (state !== 'ENABLING' && state !== 'DISABLING')) continue;
      const to = state === 'ENABLING' ? 'open' : 'closed';
      this.ddl.finishTransition(active, table, to).catch((error: unknown) => {
        this.#logger.error({ err: error, table: name }, 'resuming a table transition failed');
      });
    }
  }

  async #splitWals(server: string): Promise<void> {
    const root = this.#rootDir;
    await splitWals({
      fs: this.#dfs,
      rootDir: root,
      walDir: `${root}/WALs/${server}`,
      archiveDir: `${root}/oldWALs`,
      ...(this.#replication === undefined ? {} : { replication: this.#replication }),
      clock: this.#clock,
      logger: this.#logger,
    });
  }

  /** Waits until every region is open on a live server, or closed. */
  async #waitRegions(
    regions: readonly RegionInfo[],
    wanted: 'open' | 'closed',
    timeoutMs: number,
    driver: AssignmentDriver | undefined = this.#active?.driver,
  ): Promise<void> {
    const deadline = this.#clock.monotonicMs() + timeoutMs;
    for (;;) {
      const live = driver?.machine.liveServers ?? [];
      const done = regions.every((r) => {
        const record = driver?.machine.record(r.encodedName);
        if (wanted === 'closed') return record === undefined || record.state === 'CLOSED';
        return record?.state === 'OPEN' && live.includes(record.server ?? '');
      });
      if (done) return;
      if (this.#stopped || this.#clock.monotonicMs() > deadline) {
        throw new MetaNotOnlineError(
          `${regions.length} region(s) not ${wanted} after ${timeoutMs} ms (first: ` +
            `${regions[0]?.encodedName ?? ''})`,
        );
      }
      await this.#pause();
    }
  }

  #requireActive(): Active {
    if (this.#active === undefined) {
      throw new MasterNotActiveError(`${this.name} is not the active master`);
    }
    return this.#active;
  }

  async #waitFor(done: () => boolean, timeoutMs: number, onTimeout: () => Error): Promise<void> {
    const deadline = this.#clock.monotonicMs() + timeoutMs;
    while (!done()) {
      if (this.#stopped || this.#clock.monotonicMs() > deadline) throw onTimeout();
      await this.#pause();
    }
  }

  #pause(): Promise<void> {
    return new Promise((resolve) => this.#clock.setTimeout(resolve, ASSIGNMENT_POLL_MS));
  }
}
