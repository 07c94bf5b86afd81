// The meta row keys: byte order equals (table, start key, region id) order, keys round-trip and
// parse only in canonical form, a reversed scan from the search key meets the region holding the
// row, a table's range holds exactly its rows, and table rows stay outside every range.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareBytes, EMPTY_BYTES } from '../../../src/common/bytes.js';
import { InvalidArgumentError, LimitExceededError } from '../../../src/common/errors.js';
import {
  CorruptMetaError,
  META_REGION_ROWS,
  META_ROW_KEY_BYTES_MAX,
  META_TABLE_ROWS,
  metaRowKey,
  metaRowKind,
  metaRowName,
  metaSearchKey,
  parseMetaRowKey,
  parseTableRowKey,
  tableRowKey,
  tableRowsRange,
  type MetaKeyRange,
  type MetaRowKey,
} from '../../../src/master/meta/index.js';
import { makeRegionInfo, regionName } from '../../../src/regionserver/region-info.js';
import { keyArb, regionIdArb, sortedKeysArb, tableNameArb } from './arbitraries.js';

const rowKeyArb: fc.Arbitrary<MetaRowKey> = fc.record({
  table: tableNameArb,
  startKey: keyArb,
  regionId: regionIdArb,
});

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** The order meta must keep: table (as UTF-8 bytes), then start key, then region id. */
function modelCompare(a: MetaRowKey, b: MetaRowKey): number {
  return (
    compareBytes(Buffer.from(a.table, 'utf8'), Buffer.from(b.table, 'utf8')) ||
    compareBytes(a.startKey, b.startKey) ||
    sign(a.regionId - b.regionId)
  );
}

const inRange = (key: Buffer, range: MetaKeyRange): boolean =>
  compareBytes(key, range.startRow) >= 0 && compareBytes(key, range.stopRow) < 0;

describe('meta row keys', () => {
  it('sort by (table, start key, region id) as plain bytes', () => {
    fc.assert(
      fc.property(fc.array(rowKeyArb, { minLength: 2, maxLength: 30 }), (rows) => {
        const byKey = [...rows].sort((a, b) => compareBytes(metaRowKey(a), metaRowKey(b)));
        const byModel = [...rows].sort(modelCompare);
        expect(byKey.map((r) => metaRowKey(r).toString('hex'))).toEqual(
          byModel.map((r) => metaRowKey(r).toString('hex')),
        );
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(rowKeyArb, rowKeyArb, (a, b) => {
        expect(sign(compareBytes(metaRowKey(a), metaRowKey(b)))).toBe(sign(modelCompare(a, b)));
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trip through parseMetaRowKey', () => {
    fc.assert(
      fc.property(rowKeyArb, (row) => {
        expect(parseMetaRowKey(metaRowKey(row))).toEqual(row);
      }),
      { numRuns: 1000 },
    );
  });

  it('accept only canonical encodings; anything else is CorruptMeta', () => {
    const bytesArb = fc
      .array(fc.constantFrom(0x00, 0x01, 0x02, 0x61, 0xff), { maxLength: 24 })
      .map((b) => Buffer.from([0x01, ...b]));
    fc.assert(
      fc.property(fc.oneof(bytesArb, fc.uint8Array({ maxLength: 30 }).map(Buffer.from)), (key) => {
        let parsed: MetaRowKey;
        try {
          parsed = parseMetaRowKey(key);
        } catch (error) {
          expect(error).toBeInstanceOf(CorruptMetaError);
          expect((error as CorruptMetaError).code).toBe('CorruptMeta');
          return;
        }
        expect(metaRowKey(parsed).equals(key)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuse malformed keys with CorruptMeta', () => {
    const good = metaRowKey({ table: 't', startKey: Buffer.from([0, 0xff]), regionId: 7 });
    const id = (hex: string): Buffer => Buffer.from(hex, 'hex');
    const bad: [string, Buffer][] = [
      ['empty', EMPTY_BYTES],
      ['a table row', tableRowKey('t')],
      ['an unknown tag', Buffer.concat([Buffer.from([0x09]), good.subarray(1)])],
      ['no table terminator', Buffer.from([0x01, 0x74])],
      ['a bad escape', id('017400050000010000000000000001')],
      ['a cut region id', good.subarray(0, good.length - 1)],
      ['a long region id', Buffer.concat([good, id('00')])],
      [
        'a region id above 2^53',
        Buffer.concat([good.subarray(0, good.length - 8), id('0020000000000000')]),
      ],
      ['an empty table name', id('01000100010000000000000001')],
      ['a table name that is not UTF-8', id('01ff000100010000000000000001')],
    ];
    for (const [what, key] of bad) {
      expect(() => parseMetaRowKey(key), what).toThrow(CorruptMetaError);
    }
    expect(() => metaRowKind(Buffer.from([0x07]))).toThrow(CorruptMetaError);
    expect(() => parseTableRowKey(good)).toThrow(CorruptMetaError);
    expect(() => parseTableRowKey(Buffer.from([0x02, 0xc3]))).toThrow(CorruptMetaError);
  });

  it('refuse what cannot be stored with typed errors', () => {
    expect(() => metaRowKey({ table: '', startKey: EMPTY_BYTES, regionId: 1 })).toThrow(
      InvalidArgumentError,
    );
    expect(() => metaRowKey({ table: 'a\ud800', startKey: EMPTY_BYTES, regionId: 1 })).toThrow(
      InvalidArgumentError,
    );
    expect(() => metaRowKey({ table: 't', startKey: EMPTY_BYTES, regionId: -1 })).toThrow(
      InvalidArgumentError,
    );
    expect(() => metaRowKey({ table: 't', startKey: EMPTY_BYTES, regionId: 1.5 })).toThrow(
      InvalidArgumentError,
    );
    expect(() =>
      metaRowKey({ table: 'x'.repeat(2000), startKey: EMPTY_BYTES, regionId: 1 }),
    ).toThrow(LimitExceededError);
    // Zero bytes take two bytes each: a start key of half the limit in zeros no longer fits.
    const zeros = Buffer.alloc(META_ROW_KEY_BYTES_MAX / 2);
    expect(() => metaRowKey({ table: 't', startKey: zeros, regionId: 1 })).toThrow(
      /META_ROW_KEY_BYTES_MAX/,
    );
    const fits = Buffer.alloc(META_ROW_KEY_BYTES_MAX - 16, 0x61);
    expect(metaRowKey({ table: 't', startKey: fits, regionId: 1 }).length).toBeLessThanOrEqual(
      META_ROW_KEY_BYTES_MAX,
    );
  });

  it('print as HBase region names', () => {
    const info = makeRegionInfo('ns:t', Buffer.from([0x61, 0x00, 0x2c]), EMPTY_BYTES, 1234);
    const key = metaRowKey(info);
    expect(metaRowName(key)).toBe(`ns:t,a\\x00,,1234.${info.encodedName}.`);
    expect(metaRowName(key)).toBe(regionName(info));
    expect(metaRowName(metaRowKey(makeRegionInfo('t')))).toMatch(/^t,,1\.[0-9a-f]{32}\.$/);
    expect(metaRowName(tableRowKey('ns:t'))).toBe('ns:t');
  });
});

interface Layout {
  /** Per table, its regions' start keys (the first empty), each with its current region id. */
  readonly tables: Map<string, { startKey: Buffer; regionId: number; staleIds: number[] }[]>;
}

/** Several tables, each split at sorted keys into contiguous regions, some with stale rows. */
const layoutArb: fc.Arbitrary<Layout> = fc
  .uniqueArray(
    fc.record({
      table: tableNameArb,
      splits: sortedKeysArb(0, 6),
      ids: fc.array(fc.record({ id: fc.integer({ min: 100, max: 2 ** 40 }), stale: fc.nat(2) }), {
        minLength: 7,
        maxLength: 7,
      }),
    }),
    { minLength: 1, maxLength: 5, selector: (t) => t.table },
  )
  .map((tables) => ({
    tables: new Map(
      tables.map((t) => [
        t.table,
        [EMPTY_BYTES, ...t.splits].map((startKey, i) => {
          const { id, stale } = t.ids[i] ?? { id: 100, stale: 0 };
          // Stale rows share the start key with smaller ids (split parents, merged regions).
          return {
            startKey,
            regionId: id,
            staleIds: Array.from({ length: stale }, (_, s) => id - 1 - s * 37),
          };
        }),
      ]),
    ),
  }));

function layoutKeys(
  layout: Layout,
): { key: Buffer; table: string | undefined; current: boolean }[] {
  const keys: { key: Buffer; table: string | undefined; current: boolean }[] = [];
  for (const [table, regions] of layout.tables) {
    keys.push({ key: tableRowKey(table), table: undefined, current: false });
    for (const r of regions) {
      keys.push({ key: metaRowKey({ table, ...r }), table, current: true });
      for (const id of r.staleIds) {
        keys.push({
          key: metaRowKey({ table, startKey: r.startKey, regionId: id }),
          table,
          current: false,
        });
      }
    }
  }
  return keys.sort((a, b) => compareBytes(a.key, b.key));
}

/** Rows near the split keys: the keys, their prefixes and extensions, and random bytes. */
function rowArb(layout: Layout): fc.Arbitrary<{ table: string; row: Buffer }> {
  const tables = [...layout.tables.keys()];
  return fc
    .record({
      table: fc.constantFrom(...tables),
      pick: fc.nat(),
      edit: fc.constantFrom('same', 'shorter', 'longer', 'random'),
      extra: keyArb,
    })
    .map(({ table, pick, edit, extra }) => {
      const regions = layout.tables.get(table) ?? [];
      const near = regions[pick % regions.length]?.startKey ?? EMPTY_BYTES;
      if (edit === 'same') return { table, row: near };
      if (edit === 'shorter') return { table, row: near.subarray(0, Math.max(0, near.length - 1)) };
      if (edit === 'longer') return { table, row: Buffer.concat([near, extra]) };
      return { table, row: extra };
    });
}

describe('metaSearchKey and tableRowsRange', () => {
  it('meet the region holding the row first in a reversed scan', () => {
    fc.assert(
      fc.property(
        layoutArb.chain((layout) =>
          fc.tuple(fc.constant(layout), fc.array(rowArb(layout), { minLength: 1, maxLength: 20 })),
        ),
        ([layout, lookups]) => {
          const keys = layoutKeys(layout);
          for (const { table, row } of lookups) {
            const search = metaSearchKey(table, row);
            const found = keys.filter((k) => compareBytes(k.key, search) <= 0).at(-1);
            expect(found?.table).toBe(table);
            expect(found?.current).toBe(true);
            const parsed = parseMetaRowKey(found?.key ?? EMPTY_BYTES);
            const regions = layout.tables.get(table) ?? [];
            const holder = regions.filter((r) => compareBytes(r.startKey, row) <= 0).at(-1);
            expect(parsed.startKey.equals(holder?.startKey ?? EMPTY_BYTES)).toBe(true);
            expect(parsed.regionId).toBe(holder?.regionId);
            expect(inRange(search, tableRowsRange(table))).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hold exactly the rows of one table, and never a table row', () => {
    fc.assert(
      fc.property(layoutArb, tableNameArb, (layout, other) => {
        const keys = layoutKeys(layout);
        for (const table of [...layout.tables.keys(), other]) {
          const range = tableRowsRange(table);
          for (const k of keys) {
            expect(inRange(k.key, range)).toBe(k.table === table);
          }
          expect(inRange(tableRowKey(table), range)).toBe(false);
          expect(inRange(range.startRow, META_REGION_ROWS)).toBe(true);
        }
        for (const k of keys) {
          const kind = metaRowKind(k.key);
          expect(kind).toBe(k.table === undefined ? 'table' : 'region');
          expect(inRange(k.key, kind === 'table' ? META_TABLE_ROWS : META_REGION_ROWS)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keep table rows outside every table range', () => {
    fc.assert(
      fc.property(tableNameArb, tableNameArb, keyArb, (a, b, row) => {
        expect(inRange(tableRowKey(b), tableRowsRange(a))).toBe(false);
        expect(parseTableRowKey(tableRowKey(b))).toBe(b);
        expect(inRange(metaSearchKey(a, row), tableRowsRange(b))).toBe(a === b);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuse a row longer than any row can be', () => {
    expect(() => metaSearchKey('t', Buffer.alloc(40_000))).toThrow(LimitExceededError);
    expect(() => tableRowsRange('')).toThrow(InvalidArgumentError);
  });
});
