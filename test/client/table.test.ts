// Every Table operation end to end through real RPC: a table split at g, n and t across two region
// servers, meta on one of them, located through the coordinator. Lists keep request order, batches
// report per action, and bad input fails with typed errors while the cluster keeps serving.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Append,
  CheckAndMutate,
  connect,
  Delete,
  Get,
  Increment,
  Put,
  RetriesExhaustedWithDetailsError,
  RowMutations,
  Scan,
  TableNotFoundError,
  type Connection,
  type Table,
} from '../../src/client/index.js';
import { CellTooLargeError, InvalidArgumentError } from '../../src/common/errors.js';
import { CELL_BYTES_MAX } from '../../src/common/limits.js';
import { familyDescriptor, type TableDescriptor } from '../../src/common/operations.js';
import {
  META_TABLE_NAME,
  parseRegionRow,
  type MetaRegionEntry,
} from '../../src/master/meta/index.js';
import { NoSuchColumnFamilyError } from '../../src/regionserver/errors.js';
import { ClientClosedError } from '../../src/rpc/errors.js';
import { ClientCluster } from './support/client-cluster.js';

const USERS: TableDescriptor = {
  name: 'users',
  families: [familyDescriptor('info', { maxVersions: 3 }), familyDescriptor('c')],
  durability: 'USE_DEFAULT',
};
const SPLITS = ['g', 'n', 't'];
const str = (v: Buffer | undefined): string | undefined => v?.toString('utf8');

describe('Table', () => {
  let cluster: ClientCluster;
  let conn: Connection;
  let users: Table;

  beforeEach(async () => {
    cluster = await ClientCluster.start();
    await cluster.createTable(USERS, SPLITS);
    conn = await connect({ coord: cluster.connectString, operationTimeoutMs: 10_000 });
    users = conn.getTable('users');
  });

  afterEach(async () => {
    await conn?.close();
    await cluster?.stop();
  });

  it('puts, gets, deletes and checks existence, one row or many across regions', async () => {
    await users.put(new Put('ada').addColumn('info', 'name', 'Ada Lovelace'));
    const rows = ['bob', 'hal', 'oz', 'zed'];
    await users.put(rows.map((r) => new Put(r).addColumn('info', 'name', r.toUpperCase())));
    expect(str((await users.get(new Get('ada'))).getValue('info', 'name'))).toBe('Ada Lovelace');
    const got = await users.get(['zed', 'nobody', 'ada', 'hal', 'oz'].map((r) => new Get(r)));
    expect(got.map((r) => str(r.getValue('info', 'name')))).toEqual([
      'ZED',
      undefined,
      'Ada Lovelace',
      'HAL',
      'OZ',
    ]);
    expect(got[1]?.isEmpty()).toBe(true);
    expect(await users.exists(new Get('oz'))).toBe(true);
    expect(await users.exists([new Get('oz'), new Get('ozz'), new Get('bob')])).toEqual([
      true,
      false,
      true,
    ]);
    await users.delete(new Delete('oz'));
    await users.delete([new Delete('bob'), new Delete('zed').addColumns('info', 'name')]);
    expect(await users.exists([new Get('oz'), new Get('bob'), new Get('zed')])).toEqual([
      false,
      false,
      false,
    ]);
    expect(await users.exists(new Get('hal'))).toBe(true);
    expect(await users.get([])).toEqual([]);
  });

  it('batches mixed actions across both servers, results in request order', async () => {
    await users.put(new Put('hal').addColumn('info', 'name', 'Hal'));
    const results = await users.batch([
      new Put('ada').addColumn('info', 'name', 'Ada'),
      new Get('hal'),
      new Increment('oz').addColumn('c', 'n', 5n),
      new Append('zed').addColumn('info', 'log', 'x'),
      new RowMutations('tim').add([new Put('tim').addColumn('info', 'a', '1')]),
      new Delete('hal'),
      new Get('nobody'),
    ]);
    expect(results).toHaveLength(7);
    expect(results[0]?.isEmpty()).toBe(true);
    // The Get and the Delete of hal go in one batch: the Get may see hal or not, never an error.
    expect(['Hal', undefined]).toContain(str(results[1]?.getValue('info', 'name')));
    expect(results[2]?.getValueAsBigInt('c', 'n')).toBe(5n);
    expect(str(results[3]?.getValue('info', 'log'))).toBe('x');
    expect(results[6]?.isEmpty()).toBe(true);
    expect(str((await users.get(new Get('ada'))).getValue('info', 'name'))).toBe('Ada');
    expect(str((await users.get(new Get('tim'))).getValue('info', 'a'))).toBe('1');
    expect(await users.exists(new Get('hal'))).toBe(false);
  });

  it('reports the failed actions of a batch and applies the others', async () => {
    const error = await users
      .batch([
        new Put('ada').addColumn('info', 'name', 'Ada'),
        new Put('oz').addColumn('nope', 'x', 'y'),
        new Put('zed').addColumn('info', 'name', 'Zed'),
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedWithDetailsError);
    const details = error as RetriesExhaustedWithDetailsError;
    expect(details.failures.map((f) => [f.index, f.row.toString()])).toEqual([[1, 'oz']]);
    expect(details.failures[0]?.error).toBeInstanceOf(NoSuchColumnFamilyError);
    expect(details.results[0]).not.toBeInstanceOf(Error);
    expect(await users.exists([new Get('ada'), new Get('zed')])).toEqual([true, true]);
  });

  it('increments, appends, mutates rows and checks-and-mutates atomically', async () => {
    const inc = await users.increment(
      new Increment('oz').addColumn('c', 'visits', 2n).addColumn('c', 'a', 1n),
    );
    expect(inc.getValueAsBigInt('c', 'visits')).toBe(2n);
    expect(inc.getValueAsBigInt('c', 'a')).toBe(1n);
    expect(await users.incrementColumnValue('oz', 'c', 'visits', 40n)).toBe(42n);
    const quiet = await users.increment(
      new Increment('oz').addColumn('c', 'visits', 1n).setReturnResults(false),
    );
    expect(quiet.isEmpty()).toBe(true);
    expect(str((await users.append(new Append('ada').addColumn('info', 'log', 'a'))).value())).toBe(
      'a',
    );
    expect(str((await users.append(new Append('ada').addColumn('info', 'log', 'b'))).value())).toBe(
      'ab',
    );
    await users.put(new Put('tim').addColumn('info', 'old', 'x'));
    await users.mutateRow(
      new RowMutations('tim').add([
        new Put('tim').addColumn('info', 'new', 'y'),
        new Delete('tim').addColumns('info', 'old'),
      ]),
    );
    const tim = await users.get(new Get('tim'));
    expect([tim.containsColumn('info', 'old'), str(tim.getValue('info', 'new'))]).toEqual([
      false,
      'y',
    ]);
    const claim = (owner: string) =>
      CheckAndMutate.newBuilder('lock')
        .ifNotExists('info', 'owner')
        .build(new Put('lock').addColumn('info', 'owner', owner));
    expect((await users.checkAndMutate(claim('me'))).isSuccess()).toBe(true);
    expect((await users.checkAndMutate(claim('you'))).isSuccess()).toBe(false);
    const bump = await users.checkAndMutate(
      CheckAndMutate.newBuilder('oz')
        .ifEquals('info', 'missing', 'never')
        .build(new Increment('oz').addColumn('c', 'visits', 1n)),
    );
    expect(bump.isSuccess()).toBe(false);
    const counted = await users.checkAndMutate(
      CheckAndMutate.newBuilder('lock')
        .ifEquals('info', 'owner', 'me')
        .build(new Increment('lock').addColumn('c', 'n', 7n)),
    );
    expect([counted.isSuccess(), counted.getResult().getValueAsBigInt('c', 'n')]).toEqual([
      true,
      7n,
    ]);
  });

  it('sums concurrent increments from several connections exactly', async () => {
    const clients = await Promise.all(
      [0, 1, 2, 3].map(() => connect({ coord: cluster.connectString })),
    );
    try {
      const rows = ['cnt', 'zcnt'];
      await Promise.all(
        clients.flatMap((c, i) =>
          Array.from({ length: 25 }, (_, j) =>
            c
              .getTable('users')
              .increment(
                new Increment(rows[(i + j) % 2] ?? 'cnt').addColumn('c', 'n', BigInt(j + 1)),
              ),
          ),
        ),
      );
      const totals = await users.get(rows.map((r) => new Get(r)));
      const sum = totals.reduce((acc, r) => acc + (r.getValueAsBigInt('c', 'n') ?? 0n), 0n);
      expect(sum).toBe(4n * ((25n * 26n) / 2n));
      expect(totals.every((r) => (r.getValueAsBigInt('c', 'n') ?? 0n) > 0n)).toBe(true);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });

  it('reads the meta table itself like any table', async () => {
    const meta = conn.getTable(META_TABLE_NAME);
    const rows: MetaRegionEntry[] = [];
    for await (const r of meta.getScanner(new Scan().setReversed(true))) {
      if (r.getRow()?.[0] === 0x01) rows.push(parseRegionRow(r.rawCells()));
    }
    expect(rows.map((e) => e.info.startKey.toString())).toEqual(['t', 'n', 'g', '']);
    expect(rows.every((e) => e.state === 'OPEN')).toBe(true);
  });

  it('refuses bad input with typed errors and keeps serving', async () => {
    const ghost = conn.getTable('ghost');
    await expect(ghost.get(new Get('a'))).rejects.toBeInstanceOf(TableNotFoundError);
    await expect(ghost.put(new Put('a').addColumn('f', 'q', 'v'))).rejects.toThrow(
      /table ghost does not exist/,
    );
    await expect(ghost.put([new Put('a').addColumn('f', 'q', 'v')])).rejects.toBeInstanceOf(
      TableNotFoundError,
    );
    await expect(ghost.getScanner(new Scan()).next()).rejects.toBeInstanceOf(TableNotFoundError);
    await expect(users.put(new Put('ada').addColumn('nope', 'q', 'v'))).rejects.toBeInstanceOf(
      NoSuchColumnFamilyError,
    );
    await expect(users.get(new Get('ada').addFamily('nope'))).rejects.toBeInstanceOf(
      NoSuchColumnFamilyError,
    );
    expect(() => new Put('a').addColumn('info', 'q', Buffer.alloc(CELL_BYTES_MAX + 1))).toThrow(
      CellTooLargeError,
    );
    await expect(users.put(new Put('a'))).rejects.toBeInstanceOf(InvalidArgumentError);
    const wrong = (value: unknown) => value as Put;
    await expect(users.put(wrong({ row: 'a' }))).rejects.toThrow(/Table.put takes a Put/);
    await expect(users.get(wrong('a') as unknown as Get)).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(users.batch([wrong(7)])).rejects.toThrow(/action 0 is a number/);
    expect(() => conn.getTable('')).toThrow(InvalidArgumentError);
    expect(() => users.getScanner({} as Scan)).toThrow(InvalidArgumentError);
    await users.put(new Put('ada').addColumn('info', 'name', 'still here'));
    expect(str((await users.get(new Get('ada'))).getValue('info', 'name'))).toBe('still here');
    await conn.close();
    await expect(users.get(new Get('ada'))).rejects.toBeInstanceOf(ClientClosedError);
  });
});
