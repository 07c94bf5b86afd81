// An in-process cluster for the SDK's cluster-level tests: a 1-member coordinator, a filesystem of
// one datanode (replication 1), region servers, one master and a client connection. Invariant:
// everything started is stopped in reverse order, and every wait here is bounded.
import { expect } from 'vitest';
import {
  connect,
  Put,
  type Admin,
  type Connection,
  type ConnectionOptions,
  type Result,
  Scan,
  type Table,
} from '../../src/client/index.js';
import { SeededRng } from '../../src/common/rng.js';
import { Master } from '../../src/master/master.js';
import type { TableRegion } from '../../src/master/protocol.js';
import { RegionServer } from '../../src/regionserver/service/region-server.js';
import type { RowModel } from './row-model.js';
import { InProcessEnsemble } from '../support/coord-ensemble.js';
import { DfsMiniCluster } from '../support/dfs-mini-cluster.js';

/** How long one piece of the cluster may take to start. */
export const START_TIMEOUT_MS = 20_000;
/** How long one piece may take to stop. */
export const STOP_TIMEOUT_MS = 15_000;
/** A client operation's bound, retries included (below the tests' own timeouts). */
export const CLIENT_OPERATION_TIMEOUT_MS = 30_000;
/** The client's pause unit between retries (short: the cluster is local). */
export const CLIENT_PAUSE_MS = 20;
/** How long waitUntil polls before it fails. */
export const WAIT_DEFAULT_MS = 20_000;
/** Between two polls of waitUntil. */
export const POLL_INTERVAL_MS = 20;

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** `promise`, or a rejection naming `what` after `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `condition` until it holds; fails naming `what` after `ms`. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  ms = WAIT_DEFAULT_MS,
): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`${what}: not so after ${ms} ms`);
    await sleep(POLL_INTERVAL_MS);
  }
}

export interface SdkClusterOptions {
  /** Region servers to start (2 or 3). @default 2 */
  readonly regionServers?: number;
  /** Seeds the connections' retry jitter. @default 1 */
  readonly seed?: number;
}

export class SdkCluster {
  readonly servers: RegionServer[] = [];
  readonly #cleanups: { what: string; stop: () => Promise<unknown> }[] = [];
  #master: Master | undefined;
  #conn: Connection | undefined;
  #ensemble: InProcessEnsemble | undefined;
  #connections = 0;
  #seed = 1;

  private constructor() {}

  /** Starts every piece in order; on a failure, stops what started and rethrows. */
  static async start(options: SdkClusterOptions = {}): Promise<SdkCluster> {
    const cluster = new SdkCluster();
    cluster.#seed = options.seed ?? 1;
    try {
      await cluster.#startAll(options.regionServers ?? 2);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  async #startAll(regionServers: number): Promise<void> {
    const ensemble = await within(InProcessEnsemble.start(1), START_TIMEOUT_MS, 'coordinator');
    this.#ensemble = ensemble;
    this.#track('coordinator', () => ensemble.stop());
    const dfs = await within(DfsMiniCluster.start(1), START_TIMEOUT_MS, 'filesystem');
    this.#track('filesystem', () => dfs.shutdown());
    for (let i = 0; i < regionServers; i++) {
      const server = await within(
        RegionServer.start({
          namenode: dfs.namenodeAddress,
          port: 0,
          replication: 1,
          coord: ensemble.connectString,
        }),
        START_TIMEOUT_MS,
        `region server ${i}`,
      );
      this.servers.push(server);
      this.#track(`region server ${i}`, () => server.stop());
    }
    const master = await within(
      Master.start({ coord: ensemble.connectString, namenode: dfs.namenodeAddress, port: 0 }),
      START_TIMEOUT_MS,
      'master',
    );
    this.#master = master;
    this.#track('master', () => master.stop());
    this.#conn = await this.connect();
    await waitUntil(
      async () => (await this.admin.clusterStatus()).servers.length === regionServers,
      'every region server known to the master',
    );
  }

  get connectString(): string {
    if (this.#ensemble === undefined) throw new Error('the cluster is not started');
    return this.#ensemble.connectString;
  }

  get master(): Master {
    if (this.#master === undefined) throw new Error('the cluster has no master');
    return this.#master;
  }

  /** The connection the cluster opened first. */
  get conn(): Connection {
    if (this.#conn === undefined) throw new Error('the cluster has no connection');
    return this.#conn;
  }

  get admin(): Admin {
    return this.conn.getAdmin();
  }

  serverNames(): string[] {
    return this.servers.map((s) => s.serverName);
  }

  /** A new Connection (its own coordinator session), closed with the cluster. */
  async connect(options: Partial<ConnectionOptions> = {}): Promise<Connection> {
    const n = ++this.#connections;
    const conn = await within(
      connect({
        coord: this.connectString,
        operationTimeoutMs: CLIENT_OPERATION_TIMEOUT_MS,
        pauseMs: CLIENT_PAUSE_MS,
        rng: new SeededRng(this.#seed * 1000 + n),
        ...options,
      }),
      START_TIMEOUT_MS,
      `connection ${n}`,
    );
    this.#track(`connection ${n}`, () => conn.close());
    return conn;
  }

  /** Stops everything in reverse order of start, each stop bounded; idempotent. */
  async stop(): Promise<void> {
    for (const { what, stop } of this.#cleanups.splice(0).reverse()) {
      await within(stop(), STOP_TIMEOUT_MS, `stopping ${what}`).catch(() => undefined);
    }
  }

  #track(what: string, stop: () => Promise<unknown>): void {
    this.#cleanups.push({ what, stop });
  }
}

/** Every row a scan returns, as strings, in scan order. */
export async function scanRows(table: Table, scan: Scan = new Scan()): Promise<string[]> {
  const rows: string[] = [];
  for await (const r of table.getScanner(scan)) rows.push(r.getRow()?.toString() ?? '');
  return rows;
}

/** Every Result a scan returns. */
export async function scanResults(table: Table, scan: Scan = new Scan()): Promise<Result[]> {
  const results: Result[] = [];
  for await (const r of table.getScanner(scan)) results.push(r);
  return results;
}

/** A Result as readable data: `family:qualifier=value` per cell, in the Result's order. */
export function cellsOf(result: Result): string[] {
  return result
    .rawCells()
    .map((c) => `${c.family.toString()}:${c.qualifier.toString()}=${c.value.toString()}`);
}

/**
 * Meta consistent: the regions tile the key space (the first starts at '', each starts where the
 * one before ends, the last ends at '') and every one is OPEN on a server.
 */
export function expectTiled(regions: readonly TableRegion[]): void {
  expect(regions.length).toBeGreaterThan(0);
  expect(regions[0]?.startKey.length).toBe(0);
  expect(regions[regions.length - 1]?.endKey.length).toBe(0);
  for (let i = 1; i < regions.length; i++) {
    const previous = regions[i - 1]?.endKey.toString('hex');
    expect(regions[i]?.startKey.toString('hex')).toBe(previous);
  }
  for (const r of regions) {
    expect(r.state, `region ${r.region}`).toBe('OPEN');
    expect(r.server, `region ${r.region}`).not.toBe('');
  }
}

/** The region of `regions` holding `row`. */
export function regionOf(regions: readonly TableRegion[], row: string): TableRegion {
  const key = Buffer.from(row);
  const found = regions.find(
    (r) =>
      Buffer.compare(r.startKey, key) <= 0 &&
      (r.endKey.length === 0 || Buffer.compare(key, r.endKey) < 0),
  );
  if (found === undefined) throw new Error(`no region holds row ${row}`);
  return found;
}

/** The code of what `operation` throws or rejects with (fails the test when it succeeds). */
export async function errorCodeOf(operation: () => unknown): Promise<string> {
  try {
    await operation();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : `(no code: ${String(error)})`;
  }
  throw new Error('expected the operation to fail; it succeeded');
}

/** Two rows per letter, 'a1' to 'z2': 52 rows spread over any split keys between letters. */
export const LETTER_ROWS = Array.from({ length: 26 }, (_, i) =>
  String.fromCharCode(97 + i),
).flatMap((l) => [`${l}1`, `${l}2`]);

/**
 * Writes `rows` (row i: f:a = `row:a`, f:v = i mod 5, and g:c = `c{i}` on even rows) to the table
 * and to the model.
 */
export async function seedRows(table: Table, model: RowModel, rows: readonly string[]) {
  const puts = rows.map((row, i) => {
    const put = new Put(row).addColumn('f', 'a', `${row}:a`).addColumn('f', 'v', String(i % 5));
    model.put(row, 'f', 'a', `${row}:a`);
    model.put(row, 'f', 'v', String(i % 5));
    if (i % 2 === 0) {
      put.addColumn('g', 'c', `c${i}`);
      model.put(row, 'g', 'c', `c${i}`);
    }
    return put;
  });
  await table.put(puts);
}
