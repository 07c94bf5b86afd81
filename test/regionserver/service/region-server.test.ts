// The region server's RPC service over real TCP, on a real in-process block filesystem: the
// master's open and close, the data calls, scanners with leases, and requests of the wrong shape
// (typed errors that name the field, and the server keeps serving what it already wrote).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CellType } from '../../../src/common/cell.js';
import { familyDescriptor, type TableDescriptor } from '../../../src/common/operations.js';
import { InvalidArgumentError } from '../../../src/common/errors.js';
import { RpcClient, type Stub } from '../../../src/rpc/index.js';
import { NotServingRegionError, UnknownScannerError } from '../../../src/regionserver/errors.js';
import { makeRegionInfo, type RegionInfo } from '../../../src/regionserver/region-info.js';
import { RegionServerService } from '../../../src/regionserver/service/protocol.js';
import { RegionServer } from '../../../src/regionserver/service/region-server.js';
import { DfsMiniCluster } from '../../support/dfs-mini-cluster.js';

const TABLE: TableDescriptor = {
  name: 'users',
  families: [familyDescriptor('info', { maxVersions: 3 })],
  durability: 'USE_DEFAULT',
};
const b = (s: string): Buffer => Buffer.from(s, 'utf8');
/** Short enough that a test sees a lease expire; the sweep runs every second. */
const LEASE_MS = 300;
const LEASE_WAIT_MS = 3_000;

type Service = Stub<(typeof RegionServerService)['methods']>;

describe('region server service', () => {
  let dfs: DfsMiniCluster;
  let server: RegionServer;
  let rpc: RpcClient;
  let rs: Service;
  let low: RegionInfo;
  let high: RegionInfo;

  beforeAll(async () => {
    dfs = await DfsMiniCluster.start(1);
    server = await RegionServer.start({
      namenode: dfs.namenodeAddress,
      port: 0,
      replication: 1,
      scannerLeaseMs: LEASE_MS,
    });
    rpc = new RpcClient();
    rs = rpc.stub(RegionServerService, `${server.address.host}:${server.address.port}`);
    low = makeRegionInfo(TABLE.name, Buffer.alloc(0), b('m'), 1);
    high = makeRegionInfo(TABLE.name, b('m'), Buffer.alloc(0), 1);
  }, 30_000);

  afterAll(async () => {
    rpc?.close();
    await server?.stop();
    await dfs?.shutdown();
  }, 30_000);

  /** Every call and scanner has left the memstore chunks' read guard (none is leaked). */
  const expectNoChunkReaders = async (): Promise<void> => {
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.chunks.readers).toBe(0);
  };

  it('opens regions on command, and again as the first open did', async () => {
    const first = await rs.openRegion({ region: low, table: TABLE });
    const again = await rs.openRegion({ region: low, table: TABLE });
    expect(again.openSeqNum).toBe(first.openSeqNum);
    await rs.openRegion({ region: high, table: TABLE });
    const status = await rs.status({});
    expect(status.regions.map((r) => r.region).sort()).toEqual(
      [low.encodedName, high.encodedName].sort(),
    );
  });

  it('puts, gets and deletes through the service', async () => {
    const put = (row: string, value: string) => ({
      type: 'put',
      row: b(row),
      cells: [{ family: b('info'), qualifier: b('name'), value: b(value) }],
    });
    await rs.mutate({ region: low.encodedName, mutations: [put('ada', 'Ada'), put('bob', 'Bob')] });
    await rs.mutate({ region: high.encodedName, mutations: [put('zed', 'Zed')] });
    const got = await rs.get({ region: low.encodedName, get: { row: b('ada') } });
    expect(got.cells.list.map((c) => Buffer.from(c.value).toString())).toEqual(['Ada']);
    expect(got.cells.list[0]?.type).toBe(CellType.Put);
    await rs.mutate({
      region: low.encodedName,
      mutations: [{ type: 'delete', row: b('bob'), targets: [] }],
    });
    expect((await rs.get({ region: low.encodedName, get: { row: b('bob') } })).cells.list).toEqual(
      [],
    );
    await expectNoChunkReaders();
  });

  it('refuses a row outside the region and a region not open here, with typed errors', async () => {
    await expect(rs.get({ region: low.encodedName, get: { row: b('zed') } })).rejects.toMatchObject(
      { code: 'WrongRegion' },
    );
    await expect(rs.get({ region: 'no-such-region', get: { row: b('a') } })).rejects.toBeInstanceOf(
      NotServingRegionError,
    );
  });

  it('scans in batches under a lease, and forgets an idle scanner', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => `row-${String(i).padStart(2, '0')}`);
    await rs.mutate({
      region: high.encodedName,
      mutations: rows.map((row) => ({
        type: 'put',
        row: b(row),
        cells: [{ family: b('info'), qualifier: b('n'), value: b(row) }],
      })),
    });
    const scan = { startRow: b('row-'), stopRow: b('row-~') };
    const seen: string[] = [];
    let batch = await rs.openScanner({ region: high.encodedName, scan, rows: 10 });
    for (;;) {
      for (const row of batch.rows) seen.push(Buffer.from(row.list[0]?.row ?? []).toString());
      if (!batch.more) break;
      batch = await rs.next({ scannerId: batch.scannerId, rows: 10 });
    }
    expect(seen).toEqual(rows);
    await expect(rs.next({ scannerId: batch.scannerId, rows: 1 })).rejects.toBeInstanceOf(
      UnknownScannerError,
    );

    const idle = await rs.openScanner({ region: high.encodedName, scan, rows: 1 });
    expect(idle.more).toBe(true);
    const deadline = Date.now() + LEASE_WAIT_MS;
    let expired = false;
    while (!expired && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      expired = (await rs.status({})).openScanners === 0;
    }
    expect(expired).toBe(true);
    await expect(rs.next({ scannerId: idle.scannerId, rows: 1 })).rejects.toBeInstanceOf(
      UnknownScannerError,
    );
    await expectNoChunkReaders();
  });

  it('refuses malformed requests naming the field, and keeps serving', async () => {
    const bad: [string, Promise<unknown>, string][] = [
      ['row as a string', rs.get({ region: low.encodedName, get: { row: 'ada' } }), 'get.row'],
      [
        'a cell without a value',
        rs.mutate({
          region: low.encodedName,
          mutations: [
            { type: 'put', row: b('x'), cells: [{ family: b('info'), qualifier: b('q') }] },
          ],
        }),
        'mutations[0].cells[0].value',
      ],
      [
        'an unknown mutation type',
        rs.mutate({ region: low.encodedName, mutations: [{ type: 'explode', row: b('x') }] }),
        'mutations[0].type',
      ],
      [
        'a bad filter',
        rs.openScanner({ region: low.encodedName, scan: { filter: { type: 'Nope' } }, rows: 1 }),
        'scan.filter.type',
      ],
      [
        'a region whose name does not match its parts',
        rs.openRegion({ region: { ...low, encodedName: 'f00' }, table: TABLE }),
        'region.encodedName',
      ],
    ];
    for (const [what, call, field] of bad) {
      const error = await call.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, what).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message, what).toContain(field);
    }
    const got = await rs.get({ region: low.encodedName, get: { row: b('ada') } });
    expect(got.cells.list.map((c) => Buffer.from(c.value).toString())).toEqual(['Ada']);
  });

  it('increments, appends and checks-and-mutates atomically through the service', async () => {
    const region = low.encodedName;
    const counter = { family: b('info'), qualifier: b('visits') };
    await rs.mutateRow({
      region,
      operation: { type: 'increment', row: b('ada'), columns: [{ ...counter, amount: 2n }] },
    });
    const incremented = await rs.mutateRow({
      region,
      operation: { type: 'increment', row: b('ada'), columns: [{ ...counter, amount: 40n }] },
    });
    expect(Buffer.from(incremented.cells.list[0]?.value ?? []).readBigInt64BE()).toBe(42n);
    const appended = await rs.mutateRow({
      region,
      operation: {
        type: 'append',
        row: b('ada'),
        columns: [{ family: b('info'), qualifier: b('name'), value: b(' Lovelace') }],
      },
    });
    expect(Buffer.from(appended.cells.list[0]?.value ?? []).toString()).toBe('Ada Lovelace');
    const condition = (value: Buffer | null) => ({
      kind: 'column',
      family: b('info'),
      qualifier: b('name'),
      op: 'EQUAL',
      value,
    });
    const action = {
      type: 'put',
      row: b('ada'),
      cells: [{ family: b('info'), qualifier: b('title'), value: b('Countess') }],
    };
    const miss = await rs.checkAndMutate({
      region,
      checkAndMutate: { row: b('ada'), condition: condition(b('Ada')), action },
    });
    expect(miss.success).toBe(false);
    const hit = await rs.checkAndMutate({
      region,
      checkAndMutate: { row: b('ada'), condition: condition(b('Ada Lovelace')), action },
    });
    expect(hit.success).toBe(true);
  });

  it('runs a multi over several regions, each action failing on its own', async () => {
    const { results } = await rs.multi({
      actions: [
        { kind: 'get', region: low.encodedName, get: { row: b('ada') } },
        { kind: 'get', region: 'not-here', get: { row: b('x') } },
        {
          kind: 'mutate',
          region: high.encodedName,
          mutations: [
            {
              type: 'put',
              row: b('xena'),
              cells: [{ family: b('info'), qualifier: b('name'), value: b('Xena') }],
            },
          ],
        },
        { kind: 'get', region: high.encodedName, get: { row: 'not bytes' } },
      ],
    });
    expect(results.map((r) => r.ok)).toEqual([true, false, true, false]);
    expect(results[1]).toMatchObject({ ok: false, error: { code: 'NotServingRegion' } });
    expect(results[3]).toMatchObject({ ok: false, error: { code: 'InvalidArgument' } });
    const xena = await rs.get({ region: high.encodedName, get: { row: b('xena') } });
    expect(xena.cells.list.length).toBe(1);
    await expectNoChunkReaders();
  });

  it('serves a region it is splitting until the split closes it', async () => {
    const table: TableDescriptor = { ...TABLE, name: 'splitting' };
    const parent = makeRegionInfo(table.name, Buffer.alloc(0), Buffer.alloc(0), 1);
    await rs.openRegion({ region: parent, table });
    const put = (row: string) => ({
      type: 'put',
      row: b(row),
      cells: [{ family: b('info'), qualifier: b('q'), value: b(`v-${row}`) }],
    });
    for (let file = 0; file < 3; file++) {
      const rows = Array.from({ length: 100 }, (_, i) =>
        put(`r${file}${String(i).padStart(3, '0')}`),
      );
      await rs.mutate({ region: parent.encodedName, mutations: rows });
      await rs.flushRegion({ region: parent.encodedName });
    }
    const split = rs.splitRegion({ region: parent.encodedName, splitRow: b('r1'), regionId: 2 });
    // Sent behind the split command: the parent is flushing for the split, and still serves.
    const during = await rs.get({ region: parent.encodedName, get: { row: b('r0001') } });
    await rs.mutate({ region: parent.encodedName, mutations: [put('r2-during')] });
    expect(during.cells.list.map((c) => Buffer.from(c.value).toString())).toEqual(['v-r0001']);
    const outcome = await split;
    expect(outcome.daughters).toHaveLength(2);
    await expect(
      rs.get({ region: parent.encodedName, get: { row: b('r0001') } }),
    ).rejects.toBeInstanceOf(NotServingRegionError);
    const top = outcome.daughters[1] as RegionInfo;
    await rs.openRegion({ region: top, table });
    const got = await rs.get({ region: top.encodedName, get: { row: b('r2-during') } });
    expect(got.cells.list.map((c) => Buffer.from(c.value).toString())).toEqual(['v-r2-during']);
    await rs.closeRegion({ region: top.encodedName });
  });

  it('closes a region on command: its data calls then fail NotServingRegion, its data stays', async () => {
    expect((await rs.closeRegion({ region: high.encodedName })).closed).toBe(true);
    expect((await rs.closeRegion({ region: high.encodedName })).closed).toBe(false);
    await expect(
      rs.get({ region: high.encodedName, get: { row: b('zed') } }),
    ).rejects.toBeInstanceOf(NotServingRegionError);
    await rs.openRegion({ region: high, table: TABLE });
    const got = await rs.get({ region: high.encodedName, get: { row: b('zed') } });
    expect(got.cells.list.map((c) => Buffer.from(c.value).toString())).toEqual(['Zed']);
  });
});
