// YCSB's JDBC binding over `pg`: table usertable (YCSB_KEY primary key, FIELD0..9 text), one
// connection per worker in autocommit (each statement its own transaction, committed under
// synchronous_commit = on), every statement prepared once per connection as JdbcDBClient does.
import pg from 'pg';
import type { FieldValues } from './core-workload.js';
import type { TableSetup, YcsbDb, YcsbSystem } from './db.js';
import type { Status } from './measurements.js';
import { startPostgres, type PostgresServer } from './postgres-server.js';

const KEY_COLUMN = 'ycsb_key';

/** Statement text → its prepared statement's name (PostgreSQL keeps 63 characters of a name). */
const statementNames = new Map<string, string>();

function statement(text: string, values: readonly unknown[]): pg.QueryConfig {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `ycsb${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return { name, text, values: [...values] };
}

class PostgresDb implements YcsbDb {
  readonly #client: pg.Client;

  constructor(client: pg.Client) {
    this.#client = client;
  }

  async read(table: string, key: string, fields: readonly string[] | null): Promise<Status> {
    const columns = fields === null ? '*' : fields.join(', ');
    const result = await this.#client.query(
      statement(`SELECT ${columns} FROM ${table} WHERE ${KEY_COLUMN} = $1`, [key]),
    );
    return result.rowCount === 0 ? 'NOT_FOUND' : 'OK';
  }

  async scan(
    table: string,
    startKey: string,
    count: number,
    fields: readonly string[] | null,
  ): Promise<Status> {
    const columns = fields === null ? '*' : [KEY_COLUMN, ...fields].join(', ');
    await this.#client.query(
      statement(
        `SELECT ${columns} FROM ${table} WHERE ${KEY_COLUMN} >= $1 ` +
          `ORDER BY ${KEY_COLUMN} LIMIT $2`,
        [startKey, count],
      ),
    );
    return 'OK';
  }

  async update(table: string, key: string, values: FieldValues): Promise<Status> {
    const fields = Object.keys(values);
    const sets = fields.map((f, i) => `${f} = $${i + 1}`).join(', ');
    const result = await this.#client.query(
      statement(`UPDATE ${table} SET ${sets} WHERE ${KEY_COLUMN} = $${fields.length + 1}`, [
        ...fields.map((f) => values[f]),
        key,
      ]),
    );
    return result.rowCount === 1 ? 'OK' : 'UNEXPECTED_STATE';
  }

  async insert(table: string, key: string, values: FieldValues): Promise<Status> {
    const fields = Object.keys(values);
    const params = fields.map((_, i) => `$${i + 2}`).join(', ');
    const result = await this.#client.query(
      statement(
        `INSERT INTO ${table} (${KEY_COLUMN}, ${fields.join(', ')}) VALUES ($1, ${params})`,
        [key, ...fields.map((f) => values[f])],
      ),
    );
    return result.rowCount === 1 ? 'OK' : 'UNEXPECTED_STATE';
  }

  async delete(table: string, key: string): Promise<Status> {
    const result = await this.#client.query(
      statement(`DELETE FROM ${table} WHERE ${KEY_COLUMN} = $1`, [key]),
    );
    return result.rowCount === 1 ? 'OK' : 'NOT_FOUND';
  }

  async close(): Promise<void> {
    await this.#client.end();
  }
}

export class PostgresSystem implements YcsbSystem {
  readonly name = 'postgres';
  readonly label: string;
  readonly layout: string;
  readonly #server: PostgresServer;

  private constructor(server: PostgresServer) {
    this.#server = server;
    this.label = server.version.replace(/ \(.*\)$/, '');
    this.layout =
      `${server.version}: its postmaster and one backend process per worker connection, ` +
      `loopback TCP; ${server.settings}; other settings default`;
  }

  static async start(): Promise<PostgresSystem> {
    return new PostgresSystem(await startPostgres());
  }

  async #admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client(this.#server.config);
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  async createTable(setup: TableSetup): Promise<void> {
    const columns = setup.fields.map((f) => `${f} TEXT`).join(', ');
    await this.#admin(async (client) => {
      await client.query(`DROP TABLE IF EXISTS ${setup.table}`);
      await client.query(
        `CREATE TABLE ${setup.table} (${KEY_COLUMN} VARCHAR(255) PRIMARY KEY, ${columns})`,
      );
    });
  }

  async newClient(): Promise<YcsbDb> {
    const client = new pg.Client(this.#server.config);
    // A session the server ends (its shutdown) is an 'error' event: the next query fails instead.
    client.on('error', () => undefined);
    await client.connect();
    return new PostgresDb(client);
  }

  serverPids(): readonly number[] {
    return this.#server.pids;
  }

  stop(): Promise<void> {
    return this.#server.stop();
  }
}
