// The master (HBase's HMaster, reduced): every master joins the coordinator's election; the active
// one tracks region servers, drives the assignment machine from its records in the coordinator,
// keeps `meta` assigned and its location published, loads the catalog from meta, and serves DDL.
// A backup waits; when the active one's session ends, the next one resumes from the records.
import { systemClock, type Clock } from '../common/clock.js';
import { InvalidArgumentError } from '../common/errors.js';
import { silentLogger, type Logger } from '../common/log.js';
import type { TableDescriptor } from '../common/operations.js';
import { checkTableDescriptor } from '../common/table-descriptor-check.js';
import { MASTER_ELECTION_PATH } from '../common/znodes.js';
import { CoordClient, elect, type LeaderElection } from '../coord/client/index.js';
import { DfsClient } from '../dfs/client/index.js';
import { makeRegionInfo, type RegionInfo } from '../regionserver/region-info.js';
import { splitWals } from '../regionserver/wal/index.js';
import { RpcClient, RpcServer, type ServerAddress } from '../rpc/index.js';
import { AssignmentMachine } from './assignment/assignment-machine.js';
import { CoordAssignmentStore } from './assignment/coord-store.js';
import { AssignmentDriver, type RegionDescription } from './assignment/driver.js';
import { TableNotFoundError } from '../client/errors.js';
import { MasterNotActiveError, MetaNotOnlineError, TableExistsError } from './errors.js';
import {
  ACTIVATION_ATTEMPTS_MAX,
  ACTIVATION_RETRY_PAUSE_MS,
  ASSIGNMENT_POLL_MS,
  CREATE_TABLE_WAIT_MS,
  META_ONLINE_WAIT_MS,
  SPLIT_KEYS_MAX,
} from './limits.js';
import { MetaAccess } from './meta-access.js';
import { META_REGION_INFO, META_TABLE_DESCRIPTOR } from './meta/index.js';
import { MetaSyncStore } from './meta-sync.js';
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

  /** Creates a table with regions cut at `splitKeys`, and returns once they all serve. */
  async createTable(value: unknown, splitKeys: readonly Buffer[] = []): Promise<void> {
    const active = this.#requireActive();
    const table = checkTableDescriptor(value, 'table');
    if (this.#tables.has(table.name)) {
      throw new TableExistsError(`table ${table.name} exists`);
    }
    const regions = regionsOf(table.name, splitKeys, this.#clock.nowMs());
    this.#tables.set(table.name, table);
    await active.meta.writeTable({ table: table.name, state: 'ENABLING', descriptor: table });
    for (const info of regions) {
      this.#regions.set(info.encodedName, { info, table });
      active.driver.handle({ kind: 'assign', region: info.encodedName });
    }
    await this.#waitOpen(regions, CREATE_TABLE_WAIT_MS);
    await active.sync.synced();
    await active.meta.writeTable({ table: table.name, state: 'ENABLED', descriptor: table });
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
    let sync: MetaSyncStore | undefined;
    const meta = new MetaAccess(this.#rpc, () => sync?.metaServer);
    let catalogLoaded: () => void = () => undefined;
    const loaded = new Promise<void>((resolve) => (catalogLoaded = resolve));
    const catalog = {
      describe: async (region: string): Promise<RegionDescription | undefined> => {
        if (region !== META_REGION_INFO.encodedName) await loaded;
        return this.#regions.get(region);
      },
    };
    sync = new MetaSyncStore({
      inner: new CoordAssignmentStore(this.#client),
      client: this.#client,
      meta,
      catalog,
      clock: this.#clock,
      logger: this.#logger,
    });
    const machine = new AssignmentMachine(await sync.load());
    // Meta already open (a master taking over): its location stands until a record moves it.
    const metaRecord = machine.record(META_REGION_INFO.encodedName);
    if (metaRecord?.state === 'OPEN') sync.metaServer = metaRecord.server;
    const driver = new AssignmentDriver({
      machine,
      store: sync,
      catalog,
      servers: this.#calls,
      splitWals: (server) => this.#splitWals(server),
      logger: this.#logger,
    });
    const { tracker, live } = await ServerTracker.start(this.#client, (e) => driver.handle(e));
    driver.handle({ kind: 'resume', live });
    driver.handle({ kind: 'assign', region: META_REGION_INFO.encodedName });
    let contents;
    try {
      await this.#waitOpen([META_REGION_INFO], META_ONLINE_WAIT_MS, driver);
      contents = await meta.readAll();
    } catch (error) {
      driver.stop();
      tracker.stop();
      sync.stop();
      throw error;
    }
    for (const entry of contents.tables) this.#tables.set(entry.table, entry.descriptor);
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
    this.#active = { driver, tracker, sync, meta };
    this.#logger.info({ tables: this.#tables.size }, 'master active: meta online');
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

  async #waitOpen(
    regions: readonly RegionInfo[],
    timeoutMs: number,
    driver = this.#active?.driver,
  ): Promise<void> {
    const deadline = this.#clock.monotonicMs() + timeoutMs;
    for (;;) {
      const live = driver?.machine.liveServers ?? [];
      const open = regions.every((r) => {
        const record = driver?.machine.record(r.encodedName);
        return record?.state === 'OPEN' && live.includes(record.server ?? '');
      });
      if (open) return;
      if (this.#stopped || this.#clock.monotonicMs() > deadline) {
        throw new MetaNotOnlineError(
          `${regions.length} region(s) not open after ${timeoutMs} ms (first: ` +
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

  #pause(): Promise<void> {
    return new Promise((resolve) => this.#clock.setTimeout(resolve, ASSIGNMENT_POLL_MS));
  }
}

/** The regions of a new table: [start, first split), ..., [last split, end). */
export function regionsOf(
  table: string,
  splitKeys: readonly Buffer[],
  regionId: number,
): RegionInfo[] {
  if (splitKeys.length > SPLIT_KEYS_MAX) {
    throw new InvalidArgumentError(
      `${splitKeys.length} split keys; SPLIT_KEYS_MAX is ${SPLIT_KEYS_MAX}`,
    );
  }
  const keys = [...splitKeys].sort(Buffer.compare);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as Buffer;
    if (key.length === 0) throw new InvalidArgumentError('a split key is empty');
    if (i > 0 && key.equals(keys[i - 1] as Buffer)) {
      throw new InvalidArgumentError(`split key ${key.toString('hex')} is given twice`);
    }
  }
  const bounds = [Buffer.alloc(0), ...keys, Buffer.alloc(0)];
  const regions: RegionInfo[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    regions.push(makeRegionInfo(table, bounds[i] as Buffer, bounds[i + 1] as Buffer, regionId));
  }
  return regions;
}
