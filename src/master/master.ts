// The master (HBase's HMaster, reduced): every master joins the coordinator's election; the active
// one tracks region servers, drives the assignment machine from its records in the coordinator,
// keeps `meta` assigned and its location published, loads the catalog from meta, and serves DDL.
// A backup waits; when the active one's session ends, the next one resumes from the records.
import { systemClock, type Clock } from '../common/clock.js';
import { silentLogger, type Logger } from '../common/log.js';
import type { TableDescriptor } from '../common/operations.js';
import { checkTableDescriptor } from '../common/table-descriptor-check.js';
import { MASTER_ELECTION_PATH } from '../common/znodes.js';
import { CoordClient, elect, type LeaderElection } from '../coord/client/index.js';
import { DfsClient } from '../dfs/client/index.js';
import { type RegionInfo, tableNameParts } from '../regionserver/region-info.js';
import { splitWals } from '../regionserver/wal/index.js';
import { RpcClient, RpcServer, type ServerAddress } from '../rpc/index.js';
import { AssignmentDriver, type RegionDescription } from './assignment/driver.js';
import { TableNotFoundError } from '../client/errors.js';
import {
  MasterNotActiveError,
  MetaNotOnlineError,
  TableExistsError,
  TableNotDisabledError,
} from './errors.js';
import {
  ACTIVATION_ATTEMPTS_MAX,
  ACTIVATION_RETRY_PAUSE_MS,
  ASSIGNMENT_POLL_MS,
  CREATE_TABLE_WAIT_MS,
  META_ONLINE_WAIT_MS,
} from './limits.js';
import { MetaAccess } from './meta-access.js';
import { META_REGION_INFO, META_TABLE_DESCRIPTOR, type TableState } from './meta/index.js';
import { regionsOf } from './region-layout.js';
import { startAssignment } from './activation.js';
import type { MetaSyncStore } from './meta-sync.js';
import { MasterService } from './protocol.js';
import { masterHandlers } from './service-handlers.js';
import { RpcRegionServerCalls } from './region-server-calls.js';
import { ServerTracker } from './server-tracker.js';

export interface MasterOptions {
  readonly coord: string;
  readonly namenode: string;
  readonly host?: string;
  /** The RPC port; 0 asks the system for a free one. @default 16000 */
  readonly port?: number;
  readonly rootDir?: string;
  readonly sessionTimeoutMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** What the active master runs; built when it wins the election. */
interface Active {
  readonly driver: AssignmentDriver;
  readonly tracker: ServerTracker;
  readonly sync: MetaSyncStore;
  readonly meta: MetaAccess;
}

const DEFAULT_MASTER_PORT = 16000;

export class Master {
  /** HBase's `host,port,startcode`: the name in the election, which clients read. */
  readonly name: string;
  readonly address: ServerAddress;
  readonly #rpcServer: RpcServer;
  readonly #o: MasterOptions;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #client: CoordClient;
  readonly #dfs: DfsClient;
  readonly #rpc = new RpcClient();
  readonly #calls = new RpcRegionServerCalls();
  readonly #election: LeaderElection;
  /** Region → its descriptors; tables by name. */
  readonly #regions = new Map<string, RegionDescription>();
  readonly #tables = new Map<string, TableDescriptor>();
  readonly #tableStates = new Map<string, TableState>();
  #active: Active | undefined;
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
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#client = client;
    this.#election = election;
    this.#dfs = new DfsClient({ namenode: options.namenode, clock: this.#clock });
    this.#regions.set(META_REGION_INFO.encodedName, {
      info: META_REGION_INFO,
      table: META_TABLE_DESCRIPTOR,
    });
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
    return started;
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

  describeTable(name: string): TableDescriptor {
    this.#requireActive();
    const table = this.#tables.get(name);
    if (table === undefined) throw new TableNotFoundError(`table ${name} does not exist`);
    return table;
  }

  listTables(): TableDescriptor[] {
    this.#requireActive();
    return [...this.#tables.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** Closes every region of the table (HBase's disableTable); the rows stay. */
  async disableTable(name: string): Promise<void> {
    const { active, table } = this.#table(name);
    await this.#setTableState(active, table, 'DISABLING');
    await this.#finishTransition(active, table, 'closed');
  }

  /** Opens every region of a disabled table again. */
  async enableTable(name: string): Promise<void> {
    const { active, table } = this.#table(name);
    await this.#setTableState(active, table, 'ENABLING');
    await this.#finishTransition(active, table, 'open');
  }

  /**
   * The second half of enable or disable (and of create): every region assigned or unassigned,
   * then the table's final state. A master taking over runs it for a table left half way.
   */
  async #finishTransition(active: Active, table: TableDescriptor, to: 'open' | 'closed') {
    const regions = this.#regionsOfTable(table.name);
    const kind = to === 'open' ? 'assign' : 'unassign';
    for (const info of regions) active.driver.handle({ kind, region: info.encodedName });
    await this.#waitRegions(regions, to, CREATE_TABLE_WAIT_MS);
    await active.sync.synced();
    await this.#setTableState(active, table, to === 'open' ? 'ENABLED' : 'DISABLED');
  }

  async #setTableState(active: Active, table: TableDescriptor, state: TableState): Promise<void> {
    this.#tableStates.set(table.name, state);
    await active.meta.writeTable({ table: table.name, state, descriptor: table });
  }

  /** Deletes a disabled table: its rows in meta, its records and its files. */
  async deleteTable(name: string): Promise<void> {
    const { active } = this.#table(name);
    if (this.#tableStates.get(name) !== 'DISABLED') {
      throw new TableNotDisabledError(`table ${name} is not disabled; disable it first`);
    }
    const regions = this.#regionsOfTable(name);
    await active.meta.deleteTable(name, regions);
    for (const info of regions) {
      active.driver.machine.forget(info.encodedName);
      await active.sync.remove(info.encodedName);
      this.#regions.delete(info.encodedName);
    }
    this.#tables.delete(name);
    this.#tableStates.delete(name);
    const root = (this.#o.rootDir ?? '/colonnade').replace(/\/+$/, '');
    const { namespace, qualifier } = tableNameParts(name);
    await this.#dfs.delete(`${root}/data/${namespace}/${qualifier}`, true);
    this.#logger.info({ table: name }, 'table deleted');
  }

  /** Creates a table with regions cut at `splitKeys`, and returns once they all serve. */
  async createTable(value: unknown, splitKeys: readonly Buffer[] = []): Promise<void> {
    const active = this.#requireActive();
    const table = checkTableDescriptor(value, 'table');
    if (this.#tables.has(table.name)) {
      throw new TableExistsError(`table ${table.name} exists`);
    }
    const regions = regionsOf(table.name, splitKeys, this.#clock.nowMs());
    this.#tables.set(table.name, table);
    this.#tableStates.set(table.name, 'ENABLING');
    for (const info of regions) this.#regions.set(info.encodedName, { info, table });
    // The table row and every region row first, in one write (HBase's CreateTableProcedure adds
    // the regions to meta before it assigns them): a master taking over finishes the rest.
    await active.meta.writeNewTable(table, regions);
    await this.#finishTransition(active, table, 'open');
    this.#logger.info({ table: table.name, regions: regions.length }, 'table created');
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

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    const active = this.#active;
    this.#active = undefined;
    active?.driver.stop();
    active?.tracker.stop();
    active?.sync.stop();
    await this.#activating?.catch(() => undefined);
    await this.#election.resign().catch(() => undefined);
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
      regions: this.#regions,
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
      this.#tables.set(entry.table, entry.descriptor);
      this.#tableStates.set(entry.table, entry.state);
    }
    for (const entry of contents.regions) {
      const table = this.#tables.get(entry.info.table);
      if (table !== undefined)
        this.#regions.set(entry.info.encodedName, { info: entry.info, table });
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
    this.#logger.info({ tables: this.#tables.size }, 'master active: meta online');
    for (const [name, state] of this.#tableStates) {
      const table = this.#tables.get(name);
      if (table === undefined || (state !== 'ENABLING' && state !== 'DISABLING')) continue;
      const to = state === 'ENABLING' ? 'open' : 'closed';
      this.#finishTransition(active, table, to).catch((error: unknown) => {
        this.#logger.error({ err: error, table: name }, 'resuming a table transition failed');
      });
    }
  }

  async #splitWals(server: string): Promise<void> {
    const root = (this.#o.rootDir ?? '/colonnade').replace(/\/+$/, '');
    await splitWals({
      fs: this.#dfs,
      rootDir: root,
      walDir: `${root}/WALs/${server}`,
      archiveDir: `${root}/oldWALs`,
      clock: this.#clock,
      logger: this.#logger,
    });
  }

  /** Waits until every region is open on a live server, or closed. */
  async #waitRegions(
    regions: readonly RegionInfo[],
    wanted: 'open' | 'closed',
    timeoutMs: number,
    driver = this.#active?.driver,
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

  #table(name: string): { active: Active; table: TableDescriptor } {
    const active = this.#requireActive();
    const table = this.#tables.get(name);
    if (table === undefined) throw new TableNotFoundError(`table ${name} does not exist`);
    return { active, table };
  }

  #regionsOfTable(name: string): RegionInfo[] {
    return [...this.#regions.values()].filter((d) => d.info.table === name).map((d) => d.info);
  }

  #requireActive(): Active {
    if (this.#active === undefined) {
      throw new MasterNotActiveError(`${this.name} is not the active master`);
    }
    return this.#active;
  }

  #pause(): Promise<void> {
    return new Promise((resolve) => this.#clock.setTimeout(resolve, ASSIGNMENT_POLL_MS));
  }
}
