// A table's meta row (state and descriptor) round-trips, its two halves can be written apart, and
// anything malformed is CorruptMeta naming the column; meta's own schema and region are as meant.
import fc from 'fast-check';
import { pack } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { compareBytes } from '../../../src/common/bytes.js';
import { InvalidArgumentError } from '../../../src/common/errors.js';
import { familyDescriptor, type TableDescriptor } from '../../../src/common/operations.js';
import {
  checkTableDescriptor,
  CorruptMetaError,
  decodeTableDescriptor,
  encodeTableDescriptor,
  META_REGION_INFO,
  META_REGION_ROWS,
  META_TABLE_DESCRIPTOR,
  META_TABLE_NAME,
  META_TABLE_ROWS,
  parseMetaRow,
  parseTableRow,
  TABLE_STATES,
  tableDescriptorPut,
  tableRowDelete,
  tableRowKey,
  tableRowPut,
  tableStatePut,
  type MetaTableEntry,
} from '../../../src/master/meta/index.js';
import { regionContainsRow } from '../../../src/regionserver/region-info.js';
import { cellsOf, descriptorArb, tableNameArb, withColumn } from './arbitraries.js';

const entryArb: fc.Arbitrary<MetaTableEntry> = tableNameArb.chain((table) =>
  fc.record({
    table: fc.constant(table),
    state: fc.constantFrom(...TABLE_STATES),
    descriptor: descriptorArb(table),
  }),
);

const simple: TableDescriptor = {
  name: 'ns:t',
  families: [familyDescriptor('cf'), familyDescriptor('d', { maxVersions: 3 })],
  durability: 'USE_DEFAULT',
};

describe('table rows', () => {
  it('round-trip through Put cells', () => {
    fc.assert(
      fc.property(entryArb, (entry) => {
        const put = tableRowPut(entry);
        expect(put.row.equals(tableRowKey(entry.table))).toBe(true);
        expect(parseTableRow(cellsOf(put))).toEqual(entry);
        expect(parseMetaRow(cellsOf(put))).toEqual({ kind: 'table', entry });
        expect(decodeTableDescriptor(encodeTableDescriptor(entry.descriptor), 'd')).toEqual(
          entry.descriptor,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('take the state and the descriptor from separate Puts, the newest of each', () => {
    fc.assert(
      fc.property(entryArb, fc.constantFrom(...TABLE_STATES), (entry, later) => {
        const cells = [
          ...cellsOf(tableRowPut(entry), 10),
          ...cellsOf(tableStatePut(entry.table, later), 20),
        ];
        expect(parseTableRow(cells)).toEqual({ ...entry, state: later });
        const modified = { ...entry.descriptor, durability: 'ASYNC_WAL' as const };
        const more = [...cells, ...cellsOf(tableDescriptorPut(modified), 30)];
        expect(parseTableRow(more)).toEqual({ ...entry, state: later, descriptor: modified });
      }),
      { numRuns: 200 },
    );
  });

  it('name the malformed column in CorruptMeta', () => {
    const put = tableRowPut({ table: 'ns:t', state: 'ENABLED', descriptor: simple });
    const badFamily = { ...simple, families: [{ ...familyDescriptor('cf'), minVersions: 2 }] };
    const cases: [string, Buffer | undefined][] = [
      ['state', undefined],
      ['state', Buffer.from('enabled')],
      ['state', Buffer.from('ENABLED\u0000')],
      ['descriptor', undefined],
      ['descriptor', Buffer.from([0xc1])],
      ['descriptor', pack([1, 2])],
      ['descriptor', pack({ ...simple, name: 'other' })],
      ['descriptor', pack({ ...simple, families: [] })],
      ['descriptor', pack({ ...simple, families: [familyDescriptor('a:b')] })],
      [
        'descriptor',
        pack({ ...simple, families: [familyDescriptor('cf'), familyDescriptor('cf')] }),
      ],
      ['descriptor', pack(badFamily)],
      ['descriptor', pack({ ...simple, durability: 'NEVER' })],
      ['descriptor', pack({ ...simple, maxFileBytes: 0 })],
    ];
    for (const [qualifier, value] of cases) {
      const what = `${qualifier} = ${value?.toString('hex') ?? 'missing'}`;
      const run = (): unknown => parseTableRow(withColumn(put, qualifier, value));
      expect(run, what).toThrow(CorruptMetaError);
      expect(run, what).toThrow(`info:${qualifier}`);
    }
    const notATable = cellsOf(put).map((c) => ({ ...c, row: Buffer.from([0x02]) }));
    expect(() => parseTableRow(notATable)).toThrow(CorruptMetaError);
  });

  it('never fail but with CorruptMeta on any descriptor bytes', () => {
    const put = tableRowPut({ table: 'ns:t', state: 'ENABLED', descriptor: simple });
    const good = encodeTableDescriptor(simple);
    const mangled = fc
      .tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 }))
      .map(([at, byte]) => {
        const copy = Buffer.from(good);
        copy[at] = byte;
        return copy;
      });
    fc.assert(
      fc.property(fc.oneof(mangled, fc.uint8Array({ maxLength: 40 }).map(Buffer.from)), (value) => {
        try {
          parseTableRow(withColumn(put, 'descriptor', value));
        } catch (error) {
          expect(error).toBeInstanceOf(CorruptMetaError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuse bad input before writing it', () => {
    expect(() => tableStatePut('t', 'GONE' as 'ENABLED')).toThrow(InvalidArgumentError);
    expect(() => tableStatePut('', 'ENABLED')).toThrow(InvalidArgumentError);
    expect(() =>
      tableRowPut({ table: 't', state: 'ENABLED', descriptor: { ...simple, name: 'u' } }),
    ).toThrow(InvalidArgumentError);
    expect(() => tableDescriptorPut({ ...simple, families: [] })).toThrow(InvalidArgumentError);
    expect(() => checkTableDescriptor({ ...simple, families: [familyDescriptor('.x')] })).toThrow(
      InvalidArgumentError,
    );
    expect(tableRowDelete('t', { timestamp: 3 })).toEqual({
      type: 'delete',
      row: tableRowKey('t'),
      targets: [],
      timestamp: 3,
    });
  });
});

describe('the meta table', () => {
  it('is one region covering every key, with a family kept in memory', () => {
    expect(META_TABLE_NAME).toBe('colonnade:meta');
    expect(checkTableDescriptor(META_TABLE_DESCRIPTOR)).toEqual(META_TABLE_DESCRIPTOR);
    const [family] = META_TABLE_DESCRIPTOR.families;
    expect(META_TABLE_DESCRIPTOR.families).toHaveLength(1);
    expect(family?.name).toBe('info');
    expect(family?.maxVersions).toBe(3);
    expect(family?.inMemory).toBe(true);
    expect(META_REGION_INFO.regionId).toBe(1);
    expect(META_REGION_INFO.table).toBe(META_TABLE_NAME);
    for (const range of [META_REGION_ROWS, META_TABLE_ROWS]) {
      expect(regionContainsRow(META_REGION_INFO, range.startRow)).toBe(true);
      expect(regionContainsRow(META_REGION_INFO, range.stopRow)).toBe(true);
    }
    expect(compareBytes(META_REGION_ROWS.stopRow, META_TABLE_ROWS.startRow)).toBe(0);
  });
});
