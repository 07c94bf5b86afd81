// YCSB's HBase binding, for Colonnade through its SDK: table usertable, family `family`, each
// field a qualifier; one Connection shared by every worker (as HBase's binding shares one),
// reads as Gets of the family (or of the named columns), updates and inserts as Puts sent at
// once (clientSideBuffering off), scans of `count` rows from the start key. The table is
// pre-split at quantiles of the keys the load will write, so regions start out even.
import {
  connect,
  Delete,
  Get,
  Put,
  Scan,
  type Connection,
  type Table,
} from '../../src/client/index.js';
import { allDaemons } from '../../src/cluster/index.js';
import { startColonnade, type ColonnadeCluster } from './colonnade-cluster.js';
import type { FieldValues } from './core-workload.js';
import type { TableSetup, YcsbDb, YcsbSystem } from './db.js';
import type { Status } from './measurements.js';

export const COLUMN_FAMILY = 'family';

/** `regions - 1` keys that cut the sorted `keys` into `regions` equal parts. */
export function quantileSplitKeys(keys: readonly string[], regions: number): string[] {
  const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const splits: string[] = [];
  for (let i = 1; i < regions; i += 1) {
    const key = sorted[Math.floor((i * sorted.length) / regions)];
    if (key !== undefined && key !== splits[splits.length - 1]) splits.push(key);
  }
  return splits;
}

class ColonnadeDb implements YcsbDb {
  readonly #conn: Connection;
  readonly #tables = new Map<string, Table>();

  constructor(conn: Connection) {
    this.#conn = conn;
  }

  #table(name: string): Table {
    let table = this.#tables.get(name);
    if (table === undefined) {
      table = this.#conn.getTable(name);
      this.#tables.set(name, table);
    }
    return table;
  }

  async read(table: string, key: string, fields: readonly string[] | null): Promise<Status> {
    const get = new Get(key);
    if (fields === null) get.addFamily(COLUMN_FAMILY);
    else for (const field of fields) get.addColumn(COLUMN_FAMILY, field);
    const result = await this.#table(table).get(get);
    if (result.isEmpty()) return 'NOT_FOUND';
    result.getFamilyMap(COLUMN_FAMILY); // the binding's result map, as YCSB's fills one
    return 'OK';
  }

  async scan(
    table: string,
    startKey: string,
    count: number,
    fields: readonly string[] | null,
  ): Promise<Status> {
    const scan = new Scan().withStartRow(startKey).setCaching(count).setLimit(count);
    if (fields === null) scan.addFamily(COLUMN_FAMILY);
    else for (const field of fields) scan.addColumn(COLUMN_FAMILY, field);
    for await (const row of this.#table(table).getScanner(scan)) row.getFamilyMap(COLUMN_FAMILY);
    return 'OK';
  }

  async update(table: string, key: string, values: FieldValues): Promise<Status> {
    const put = new Put(key);
    for (const [field, value] of Object.entries(values)) put.addColumn(COLUMN_FAMILY, field, value);
    await this.#table(table).put(put);
    return 'OK';
  }

  insert(table: string, key: string, values: FieldValues): Promise<Status> {
    return this.update(table, key, values);
  }

  async delete(table: string, key: string): Promise<Status> {
    await this.#table(table).delete(new Delete(key));
    return 'OK';
  }

  async close(): Promise<void> {
    // The shared connection is closed by the system.
  }
}

export class ColonnadeSystem implements YcsbSystem {
  readonly name = 'colonnade';
  readonly label = 'Colonnade';
  readonly layout: string;
  readonly #cluster: ColonnadeCluster;
  readonly #conn: Connection;
  readonly #regions: number;

  private constructor(cluster: ColonnadeCluster, conn: Connection, regions: number) {
    this.#cluster = cluster;
    this.#conn = conn;
    this.#regions = regions;
    this.layout =
      `Colonnade: ${cluster.layout}, each its own process (\`cluster up\`), loopback TCP; ` +
      `table usertable pre-split into ${regions} regions; SYNC_WAL (hflush); defaults otherwise`;
  }

  static async start(
    regionServers: number,
    regions: number,
    profileDir: string | undefined,
  ): Promise<ColonnadeSystem> {
    const cluster = await startColonnade(regionServers, profileDir);
    try {
      const coord = cluster.file.coord;
      if (coord === null) throw new Error('cluster up returned no coordinator address');
      return new ColonnadeSystem(cluster, await connect({ coord }), regions);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  async createTable(setup: TableSetup): Promise<void> {
    await this.#conn.getAdmin().createTable({
      name: setup.table,
      families: [{ name: COLUMN_FAMILY }],
      splitKeys: quantileSplitKeys(setup.loadKeys, this.#regions),
    });
  }

  newClient(): Promise<YcsbDb> {
    return Promise.resolve(new ColonnadeDb(this.#conn));
  }

  serverPids(): readonly number[] {
    return allDaemons(this.#cluster.file).map(({ daemon }) => daemon.pid);
  }

  async stop(): Promise<void> {
    try {
      await this.#conn.close();
    } finally {
      await this.#cluster.stop();
    }
  }
}
