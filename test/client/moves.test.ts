// The client against a changing cluster: regions moved in the middle of scans and of reads (stale
// cached locations, closed server scanners), an expired scanner lease, meta moved, a region not
// yet open, a split recorded in meta (offline parent, a daughter's row arriving late), a disabled
// table, and a region on a server nobody answers for, which ends in RetriesExhausted.
import { afterEach, describe, expect, it } from 'vitest';
import {
  connect,
  Get,
  NoServerForRegionError,
  Put,
  RetriesExhaustedError,
  Scan,
  TableNotEnabledError,
  type Connection,
  type Table,
} from '../../src/client/index.js';
import { familyDescriptor, type TableDescriptor } from '../../src/common/operations.js';
import { tableRowPut } from '../../src/master/meta/index.js';
import { makeRegionInfo, type RegionInfo } from '../../src/regionserver/region-info.js';
import { RegionServerService } from '../../src/regionserver/service/protocol.js';
import { META_REGION_INFO } from '../../src/master/meta/index.js';
import { ConnectFailedError } from '../../src/rpc/errors.js';
import { freePorts } from '../support/coord-cluster.js';
import { ClientCluster } from './support/client-cluster.js';

const T: TableDescriptor = {
  name: 'moving',
  families: [familyDescriptor('f')],
  durability: 'USE_DEFAULT',
};
const SPLITS = ['g', 'n', 't'];
const ROWS = Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i)).flatMap((l) => [
  `${l}0`,
  `${l}1`,
  `${l}2`,
]);
const b = (s: string): Buffer => Buffer.from(s);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a changing cluster', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  }, 30_000);

  async function setUp(
    options: { scannerLeaseMs?: number; operationTimeoutMs?: number } = {},
  ): Promise<{ cluster: ClientCluster; regions: RegionInfo[]; conn: Connection; table: Table }> {
    const cluster = await ClientCluster.start(
      options.scannerLeaseMs === undefined ? {} : { scannerLeaseMs: options.scannerLeaseMs },
    );
    cleanups.push(() => cluster.stop());
    const regions = await cluster.createTable(T, SPLITS);
    const conn = await connect({
      coord: cluster.connectString,
      operationTimeoutMs: options.operationTimeoutMs ?? 15_000,
      pauseMs: 20,
    });
    cleanups.push(() => conn.close());
    const table = conn.getTable(T.name);
    await table.put(ROWS.map((r) => new Put(r).addColumn('f', 'v', `v-${r}`)));
    return { cluster, regions, conn, table };
  }

  const region = (regions: RegionInfo[], i: number): RegionInfo => {
    const r = regions[i];
    if (r === undefined) throw new Error(`no region ${i}`);
    return r;
  };

  it('loses and repeats no row when regions move in the middle of scans', async () => {
    const { cluster, regions, table } = await setUp();
    for (const reversed of [false, true]) {
      const seen: string[] = [];
      const order = reversed ? [3, 2, 1, 0] : [0, 1, 2, 3];
      const moved = new Set<number>();
      for await (const r of table.getScanner(new Scan().setReversed(reversed).setCaching(2))) {
        const row = r.getRow()?.toString() ?? '';
        seen.push(row);
        // Move the region being read, once, a few rows into it, and the next one ahead of time.
        const at = order.find((i) => {
          const info = region(regions, i);
          return (
            Buffer.compare(info.startKey, b(row)) <= 0 &&
            (info.endKey.length === 0 || Buffer.compare(b(row), info.endKey) < 0)
          );
        });
        if (at !== undefined && !moved.has(at) && seen.length % 3 === 1) {
          moved.add(at);
          await cluster.moveRegion(region(regions, at));
          const next = order[order.indexOf(at) + 1];
          if (next !== undefined) await cluster.moveRegion(region(regions, next));
        }
      }
      expect(seen).toEqual(reversed ? [...ROWS].reverse() : ROWS);
      expect(moved.size).toBeGreaterThanOrEqual(2);
    }
  });

  it('resumes inside a wide row cut by setBatch when its region moves', async () => {
    const { cluster, regions, table } = await setUp();
    const wide = new Put('h5');
    for (let q = 0; q < 9; q++) wide.addColumn('f', `q${q}`, `${q}`);
    await table.put(wide);
    const scanner = table.getScanner(
      new Scan().withStartRow('h5').withStopRow('h6').setBatch(2).setCaching(1),
    );
    const cells: string[] = [];
    let moved = false;
    for await (const part of scanner) {
      cells.push(...part.rawCells().map((c) => c.qualifier.toString()));
      if (!moved) {
        moved = true;
        await cluster.moveRegion(region(regions, 1));
      }
    }
    expect(cells).toEqual(['q0', 'q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8']);
  });

  it('finds moved regions again for reads and writes (stale cached locations)', async () => {
    const { cluster, regions, table } = await setUp();
    const sample = ['a1', 'h2', 'o0', 'z2'];
    expect((await table.get(sample.map((r) => new Get(r)))).map((r) => r.isEmpty())).toEqual([
      false,
      false,
      false,
      false,
    ]);
    let stop = false;
    let reads = 0;
    const reader = (async () => {
      while (!stop) {
        const row = ROWS[reads % ROWS.length] ?? 'a0';
        const got = await table.get(new Get(row));
        expect(got.getValue('f', 'v')?.toString()).toBe(`v-${row}`);
        reads++;
      }
    })();
    for (let round = 0; round < 3; round++) {
      for (const info of regions) await cluster.moveRegion(info);
      await table.put(ROWS.map((r) => new Put(r).addColumn('f', 'w', `${round}`)));
    }
    stop = true;
    await reader;
    expect(reads).toBeGreaterThan(0);
    const rows = await table.get(ROWS.map((r) => new Get(r)));
    expect(rows.map((r) => r.getValue('f', 'w')?.toString())).toEqual(ROWS.map(() => '2'));
  });

  it('reopens a scanner whose lease expired, after its last row', async () => {
    const { table } = await setUp({ scannerLeaseMs: 200 });
    const scanner = table.getScanner(new Scan().withStopRow('b').setCaching(1));
    const seen: string[] = [];
    for await (const r of scanner) {
      seen.push(r.getRow()?.toString() ?? '');
      // The lease sweep runs every second: wait past it once.
      if (seen.length === 2) await sleep(1_500);
    }
    expect(seen).toEqual(['a0', 'a1', 'a2']);
  });

  it('follows meta when it moves to another server', async () => {
    const { cluster, conn, table } = await setUp();
    await cluster.moveMeta(1);
    conn.clearRegionCache(T.name);
    expect((await table.get(new Get('q1'))).getValue('f', 'v')?.toString()).toBe('v-q1');
    const other = await connect({ coord: cluster.connectString });
    cleanups.push(() => other.close());
    expect(await other.getTable(T.name).exists(new Get('z2'))).toBe(true);
  });

  it('waits for a region with no server, and for a split half recorded in meta', async () => {
    const { cluster, conn } = await setUp();
    const late: TableDescriptor = { ...T, name: 'late' };
    cluster.defineTable(late);
    const parent = makeRegionInfo('late', b(''), b(''), 1);
    await cluster.writeRegionRow({
      info: parent,
      state: 'CLOSED',
      server: undefined,
      openSeqNum: 0,
      offline: false,
      daughters: undefined,
    });
    const table = conn.getTable('late');
    const pending = table.put(new Put('x').addColumn('f', 'v', '1'));
    await sleep(300);
    await cluster.openOn(parent, 1);
    await pending;
    expect(await table.exists(new Get('x'))).toBe(true);
    // Split it by hand: the parent offline with its daughters, daughter b's row written late.
    const a = makeRegionInfo('late', b(''), b('m'), 2);
    const d = makeRegionInfo('late', b('m'), b(''), 2);
    await cluster.closeRegion(parent);
    await cluster.writeRegionRow({
      info: parent,
      state: 'CLOSED',
      server: undefined,
      openSeqNum: 0,
      offline: true,
      daughters: { a, b: d },
    });
    await cluster.openOn(a, 0);
    await table.put(new Put('c').addColumn('f', 'v', 'in a'));
    const waiting = table.put(new Put('x').addColumn('f', 'v', 'in b'));
    await sleep(300);
    await cluster.openOn(d, 1);
    await waiting;
    const got = await table.get([new Get('c'), new Get('x')]);
    expect(got.map((r) => r.getValue('f', 'v')?.toString())).toEqual(['in a', 'in b']);
  });

  it('fails a disabled table at once, and a region never opened at its deadline', async () => {
    const { cluster } = await setUp();
    const quick = await connect({
      coord: cluster.connectString,
      operationTimeoutMs: 800,
      pauseMs: 20,
    });
    cleanups.push(() => quick.close());
    const off: TableDescriptor = { ...T, name: 'off' };
    const offRegion = makeRegionInfo('off', b(''), b(''), 1);
    await cluster.writeRegionRow({
      info: offRegion,
      state: 'CLOSED',
      server: undefined,
      openSeqNum: 0,
      offline: false,
      daughters: undefined,
    });
    const meta = cluster.servers[0];
    if (meta === undefined) throw new Error('no server 0');
    const stub = cluster.rpc.stub(RegionServerService, `${meta.address.host}:${meta.address.port}`);
    const neverOpened = quick.getTable('off').get(new Get('a'));
    const exhausted = await neverOpened.catch((e: unknown) => e);
    expect(exhausted).toBeInstanceOf(RetriesExhaustedError);
    expect((exhausted as RetriesExhaustedError).cause).toBeInstanceOf(NoServerForRegionError);
    await stub.mutate({
      region: META_REGION_INFO.encodedName,
      mutations: [tableRowPut({ table: 'off', state: 'DISABLED', descriptor: off })],
    });
    await expect(quick.getTable('off').get(new Get('a'))).rejects.toBeInstanceOf(
      TableNotEnabledError,
    );
  });

  it('gives up on a region whose server never answers, naming the cause', async () => {
    const { cluster } = await setUp();
    const [port] = await freePorts(1);
    const lostTable: TableDescriptor = { ...T, name: 'lost' };
    cluster.defineTable(lostTable);
    await cluster.writeRegionRow({
      info: makeRegionInfo('lost', b(''), b(''), 1),
      state: 'OPEN',
      server: { host: '127.0.0.1', port: port ?? 1, startCode: 1 },
      openSeqNum: 1,
      offline: false,
      daughters: undefined,
    });
    const quick = await connect({
      coord: cluster.connectString,
      operationTimeoutMs: 1_500,
      rpcTimeoutMs: 500,
    });
    cleanups.push(() => quick.close());
    const started = Date.now();
    const error = await quick
      .getTable('lost')
      .put(new Put('a').addColumn('f', 'v', '1'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    const exhausted = error as RetriesExhaustedError;
    expect(exhausted.cause).toBeInstanceOf(ConnectFailedError);
    expect(exhausted.message).toMatch(/put on row "a" of table lost failed after \d+ attempts/);
    expect(exhausted.message).toContain('ConnectFailed');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
