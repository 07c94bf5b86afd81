// Concurrent increments from many clients, each its own Connection, on counters spread over three
// regions: every counter ends at the exact number of acknowledged increments, and the values the
// increments returned are each count once — also while a region moves and another splits mid-way
// (the server refuses with NotServingRegion before applying, so those retries never count twice),
// and while two regions merge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Get, Increment, type Table } from '../../src/client/index.js';
import { expectTiled, regionOf, sleep, SdkCluster, within } from './support.js';

const CLIENTS = 8;
const INCREMENTS_PER_CLIENT = 50;
/** Rows of the four counters; the split keys put them in three regions ('r' and 'x' share one). */
const COUNTERS = ['b-counter', 'k-counter', 'r-counter', 'x-counter'];
const SPLIT_KEYS = ['h', 'p'];
/** The row the mid-way split cuts at (between 'r-counter' and 'x-counter'). */
const MIDWAY_SPLIT_ROW = 'u';
/** Between two increments of one client in the mid-way run's second half. */
const MIDWAY_PACE_MS = 2;
/** A client's increments at most, however long the admin calls take. */
const INCREMENTS_PER_CLIENT_MAX = 2_000;
const FAMILY = 'f';
const QUALIFIER = 'n';

interface Outcome {
  /** Per counter, the values its increments returned. */
  readonly returned: Map<string, bigint[]>;
  /** Per counter, how many increments were acknowledged. */
  readonly counts: Map<string, number>;
  readonly errors: unknown[];
}

/** Client `c`'s increment `i` goes to this counter. */
const counterOf = (c: number, i: number): string => COUNTERS[(c + i) % COUNTERS.length] as string;

/**
 * Every client increments INCREMENTS_PER_CLIENT times, and on while `keepGoing` says so (at most
 * INCREMENTS_PER_CLIENT_MAX), pausing `paceMs` after each increment made after the first
 * INCREMENTS_PER_CLIENT / 2.
 */
async function runClients(
  tables: readonly Table[],
  paceMs: number,
  onProgress: (done: number) => void = () => undefined,
  keepGoing: () => boolean = () => false,
): Promise<Outcome> {
  const outcome: Outcome = { returned: new Map(), counts: new Map(), errors: [] };
  let done = 0;
  const more = (i: number): boolean =>
    i < INCREMENTS_PER_CLIENT || (keepGoing() && i < INCREMENTS_PER_CLIENT_MAX);
  await Promise.all(
    tables.map(async (table, c) => {
      for (let i = 0; more(i); i++) {
        const row = counterOf(c, i);
        try {
          const r = await table.increment(new Increment(row).addColumn(FAMILY, QUALIFIER, 1n));
          const value = r.getValueAsBigInt(FAMILY, QUALIFIER);
          outcome.returned.set(row, [...(outcome.returned.get(row) ?? []), value ?? -1n]);
          outcome.counts.set(row, (outcome.counts.get(row) ?? 0) + 1);
        } catch (error) {
          outcome.errors.push(error);
        }
        onProgress(++done);
        if (paceMs > 0 && i >= INCREMENTS_PER_CLIENT / 2) await sleep(paceMs);
      }
    }),
  );
  return outcome;
}

/** Each counter holds exactly its acknowledged increments, and each returned value came once. */
async function expectExact(table: Table, outcome: Outcome): Promise<void> {
  expect(outcome.errors.map(String)).toEqual([]);
  for (const row of COUNTERS) {
    const n = outcome.counts.get(row) ?? 0;
    expect(n).toBeGreaterThanOrEqual(CLIENTS * (INCREMENTS_PER_CLIENT / COUNTERS.length));
    const stored = (await table.get(new Get(row))).getValueAsBigInt(FAMILY, QUALIFIER);
    expect(stored, `counter ${row}`).toBe(BigInt(n));
    const returned = [...(outcome.returned.get(row) ?? [])].sort((a, b) => (a < b ? -1 : 1));
    expect(returned, `values returned for ${row}`).toEqual(
      Array.from({ length: n }, (_, i) => BigInt(i + 1)),
    );
  }
}

describe('concurrent increments through the SDK', () => {
  let cluster: SdkCluster;
  let tables: (name: string) => Promise<Table[]>;

  beforeAll(async () => {
    cluster = await SdkCluster.start({ regionServers: 3, seed: 6 });
    const conns = await Promise.all(Array.from({ length: CLIENTS }, () => cluster.connect()));
    tables = async (name) => {
      await cluster.admin.createTable({
        name,
        families: [{ name: FAMILY }],
        splitKeys: SPLIT_KEYS,
      });
      return conns.map((conn) => conn.getTable(name));
    };
  }, 60_000);
  afterAll(() => cluster?.stop(), 60_000);

  it('sum exactly from 8 connections over 3 regions', async () => {
    const clientTables = await tables('counters');
    const outcome = await runClients(clientTables, 0);
    await expectExact(cluster.conn.getTable('counters'), outcome);
  }, 60_000);

  /** Runs the clients and, once half their increments are done, `work`; both to the end. */
  async function underLoad(name: string, work: () => Promise<unknown>): Promise<Outcome> {
    const clientTables = await tables(name);
    const half = (CLIENTS * INCREMENTS_PER_CLIENT) / 2;
    let running = false;
    let finished = false;
    let during = 0;
    let start: () => void = () => undefined;
    const halfway = new Promise<void>((resolve) => (start = resolve));
    const admin = halfway.then(async () => {
      running = true;
      try {
        await work();
      } finally {
        running = false;
        finished = true;
      }
    });
    // The clients go on until the admin calls are done, so that those happen under load.
    const outcome = await runClients(
      clientTables,
      MIDWAY_PACE_MS,
      (done) => {
        if (done >= half) start();
        if (running) during++;
      },
      () => !finished,
    );
    await within(admin, 30_000, `the admin calls on ${name}`);
    // The admin calls really overlapped the increments.
    expect(during).toBeGreaterThan(0);
    await expectExact(cluster.conn.getTable(name), outcome);
    return outcome;
  }

  it('sum exactly while one region moves and another splits mid-way', async () => {
    const name = 'counters-moving';
    const admin = cluster.admin;
    let target = '';
    await underLoad(name, async () => {
      const moving = regionOf(await admin.getRegions(name), 'k-counter');
      target = cluster.serverNames().find((s) => s !== moving.server) as string;
      await Promise.all([admin.move(moving.region, target), admin.split(name, MIDWAY_SPLIT_ROW)]);
    });
    const after = await admin.getRegions(name);
    expectTiled(after);
    expect(after.map((r) => r.startKey.toString())).toEqual(['', 'h', 'p', MIDWAY_SPLIT_ROW]);
    expect(regionOf(after, 'k-counter').server).toBe(target);
  }, 60_000);

  it('sum exactly while two regions merge mid-way', async () => {
    const name = 'counters-merging';
    const admin = cluster.admin;
    await underLoad(name, async () => {
      const [a, b] = await admin.getRegions(name);
      await admin.mergeRegions(a?.region ?? '', b?.region ?? '');
    });
    const after = await admin.getRegions(name);
    expectTiled(after);
    expect(after.map((r) => r.startKey.toString())).toEqual(['', 'p']);
  }, 60_000);
});
