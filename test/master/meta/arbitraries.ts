// Generators and helpers shared by the meta codec's tests: table names that are often prefixes of
// one another, keys rich in the bytes the escaping treats specially, region entries and table
// descriptors, and a Put turned into the cells a Get would return.
import fc from 'fast-check';
import { compareBytes, EMPTY_BYTES } from '../../../src/common/bytes.js';
import { CellType, makeCell, type Cell } from '../../../src/common/cell.js';
import type { Put } from '../../../src/common/mutations.js';
import type { FamilyDescriptor, TableDescriptor } from '../../../src/common/operations.js';
import {
  makeServerName,
  REGION_STATES,
  type MetaRegionEntry,
  type ServerName,
} from '../../../src/master/meta/index.js';
import { makeRegionInfo } from '../../../src/regionserver/region-info.js';

/** Short names over a tiny alphabet (so prefixes abound), with NUL, ',' and a non-ASCII letter. */
export const tableNameArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({
    unit: fc.constantFrom('a', 'b', '\u0000', ',', ':', '\u00ff'),
    minLength: 1,
    maxLength: 4,
  }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }),
);

/** Keys over the bytes that matter to the escaping (0x00, 0x01, 0x02, ',', 0xFE, 0xFF), or any. */
export const keyArb: fc.Arbitrary<Buffer> = fc
  .oneof(
    fc.array(fc.constantFrom(0x00, 0x01, 0x02, 0x2c, 0x61, 0xfe, 0xff), { maxLength: 5 }),
    fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 8 }),
  )
  .map((bytes) => Buffer.from(bytes));

export const regionIdArb: fc.Arbitrary<number> = fc.oneof(
  fc.maxSafeNat(),
  fc.constantFrom(0, 1, 255, 256, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER),
);

export const serverArb: fc.Arbitrary<ServerName> = fc
  .tuple(
    fc.constantFrom('rs1.example.com', 'localhost', '10.0.0.7', '::1', 'fe80::1'),
    fc.integer({ min: 0, max: 65_535 }),
    fc.maxSafeNat(),
  )
  .map(([host, port, code]) => makeServerName(host, port, code));

/** Distinct keys, sorted, none empty. */
export function sortedKeysArb(min: number, max: number): fc.Arbitrary<Buffer[]> {
  return fc
    .uniqueArray(
      keyArb.filter((k) => k.length > 0),
      {
        minLength: min,
        maxLength: max,
        selector: (k) => k.toString('hex'),
      },
    )
    .map((keys) => keys.sort(compareBytes));
}

/** A region entry, consistent: a server when the state needs one, daughters only when offline. */
export const regionEntryArb: fc.Arbitrary<MetaRegionEntry> = fc
  .record({
    table: tableNameArb,
    keys: sortedKeysArb(3, 3),
    openStart: fc.boolean(),
    openEnd: fc.boolean(),
    regionId: fc.integer({ min: 0, max: 2 ** 40 }),
    daughterIds: fc.tuple(
      fc.integer({ min: 1, max: 2 ** 40 }),
      fc.integer({ min: 1, max: 2 ** 40 }),
    ),
    state: fc.constantFrom(...REGION_STATES),
    server: fc.option(serverArb, { nil: undefined }),
    openSeqNum: fc.maxSafeNat(),
    offline: fc.boolean(),
    split: fc.boolean(),
  })
  .map((r) => {
    const [k1, k2, k3] = r.keys as [Buffer, Buffer, Buffer];
    const start = r.openStart ? EMPTY_BYTES : k1;
    const end = r.openEnd ? EMPTY_BYTES : k3;
    const info = makeRegionInfo(r.table, start, end, r.regionId);
    const needsServer = r.state === 'OPEN' || r.state === 'OPENING' || r.state === 'CLOSING';
    const server = needsServer && r.server === undefined ? makeServerName('h', 1, 2) : r.server;
    const split = r.split && r.offline;
    const daughters = split
      ? {
          a: makeRegionInfo(r.table, start, k2, r.regionId + r.daughterIds[0]),
          b: makeRegionInfo(r.table, k2, end, r.regionId + r.daughterIds[1]),
        }
      : undefined;
    return {
      info,
      state: r.state,
      server,
      openSeqNum: r.openSeqNum,
      offline: r.offline,
      daughters,
    };
  });

const familyArb: fc.Arbitrary<Omit<FamilyDescriptor, 'name'>> = fc
  .record({
    maxVersions: fc.integer({ min: 1, max: 10 }),
    minSlack: fc.nat(10),
    ttlSeconds: fc.integer({ min: 1, max: 2_147_483_647 }),
    keepDeletedCells: fc.constantFrom('FALSE', 'TRUE', 'TTL' as const),
    bloomType: fc.constantFrom('NONE', 'ROW', 'ROWCOL' as const),
    blockSizeBytes: fc.integer({ min: 1, max: 1 << 24 }),
    blockCache: fc.boolean(),
    inMemory: fc.boolean(),
  })
  .map(({ minSlack, ...f }) => ({ ...f, minVersions: Math.max(0, f.maxVersions - minSlack) }));

export function descriptorArb(table: string): fc.Arbitrary<TableDescriptor> {
  return fc
    .record({
      names: fc.uniqueArray(fc.constantFrom('cf', 'a', 'info', 'x y', 'é'), {
        minLength: 1,
        maxLength: 4,
      }),
      families: fc.array(familyArb, { minLength: 4, maxLength: 4 }),
      durability: fc.constantFrom(
        'USE_DEFAULT',
        'SKIP_WAL',
        'ASYNC_WAL',
        'SYNC_WAL',
        'FSYNC_WAL' as const,
      ),
      memstoreFlushBytes: fc.option(fc.integer({ min: 1, max: 2 ** 40 }), { nil: undefined }),
      maxFileBytes: fc.option(fc.integer({ min: 1, max: 2 ** 40 }), { nil: undefined }),
    })
    .map((d) => {
      const out: { -readonly [K in keyof TableDescriptor]: TableDescriptor[K] } = {
        name: table,
        families: d.names.map((name, i) => ({ name, ...(d.families[i] ?? d.families[0]!) })),
        durability: d.durability,
      };
      if (d.memstoreFlushBytes !== undefined) out.memstoreFlushBytes = d.memstoreFlushBytes;
      if (d.maxFileBytes !== undefined) out.maxFileBytes = d.maxFileBytes;
      return out;
    });
}

/** The cells a non-raw Get of the Put's row returns, stamped `timestamp` where the Put has none. */
export function cellsOf(put: Put, timestamp = 1_000, sequenceId = 1): Cell[] {
  return put.cells.map((c) =>
    makeCell({
      row: put.row,
      family: c.family,
      qualifier: c.qualifier,
      timestamp: c.timestamp ?? timestamp,
      type: CellType.Put,
      value: c.value,
      sequenceId,
    }),
  );
}

/** The cells of `put` with one column's value replaced (or dropped when `value` is undefined). */
export function withColumn(put: Put, qualifier: string, value: Buffer | undefined): Cell[] {
  const cells = cellsOf(put).filter((c) => c.qualifier.toString('latin1') !== qualifier);
  if (value === undefined) return cells;
  return [...cells, makeCell({ row: put.row, family: 'info', qualifier, timestamp: 1_000, value })];
}
