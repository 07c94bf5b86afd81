// A region's meta row: entries round-trip through Put cells, a later Put replaces every column of
// an earlier one, every malformed column is CorruptMeta naming it, and inconsistent entries are
// refused before they are written.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_BYTES } from '../../../src/common/bytes.js';
import { makeCell } from '../../../src/common/cell.js';
import { InvalidArgumentError } from '../../../src/common/errors.js';
import { pack } from 'msgpackr';
import {
  CorruptMetaError,
  encodeRegionInfo,
  makeServerName,
  META_FAMILY,
  metaRowKey,
  MetaQualifier,
  parseMetaRow,
  parseRegionRow,
  parseServerName,
  formatServerName,
  regionRowDelete,
  regionRowPut,
  type MetaRegionEntry,
} from '../../../src/master/meta/index.js';
import { makeRegionInfo } from '../../../src/regionserver/region-info.js';
import { cellsOf, regionEntryArb, serverArb, withColumn } from './arbitraries.js';

const QUALIFIERS = [
  'regioninfo',
  'server',
  'serverstartcode',
  'sn',
  'state',
  'seqnumDuringOpen',
  'offline',
  'split',
  'splitA',
  'splitB',
];

const parent = makeRegionInfo('t', Buffer.from('b'), Buffer.from('m'), 10);
const splitParent: MetaRegionEntry = {
  info: parent,
  state: 'CLOSED',
  server: undefined,
  openSeqNum: 42,
  offline: true,
  daughters: {
    a: makeRegionInfo('t', Buffer.from('b'), Buffer.from('g'), 11),
    b: makeRegionInfo('t', Buffer.from('g'), Buffer.from('m'), 11),
  },
};
const openRegion: MetaRegionEntry = {
  info: makeRegionInfo('t', EMPTY_BYTES, Buffer.from('b'), 3),
  state: 'OPEN',
  server: makeServerName('rs1.example.com', 16020, 1_619_081_727_904),
  openSeqNum: 67,
  offline: false,
  daughters: undefined,
};

function corruptError(run: () => unknown): CorruptMetaError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CorruptMetaError);
    return error as CorruptMetaError;
  }
  throw new Error('expected CorruptMeta');
}

describe('region rows', () => {
  it('round-trip through Put cells', () => {
    fc.assert(
      fc.property(regionEntryArb, (entry) => {
        const put = regionRowPut(entry);
        expect(put.row.equals(metaRowKey(entry.info))).toBe(true);
        expect(put.cells.map((c) => c.qualifier.toString('latin1')).sort()).toEqual(
          [...QUALIFIERS].sort(),
        );
        expect(put.cells.every((c) => c.family.equals(META_FAMILY))).toBe(true);
        expect(parseRegionRow(cellsOf(put))).toEqual(entry);
        expect(parseMetaRow(cellsOf(put))).toEqual({ kind: 'region', entry });
      }),
      { numRuns: 500 },
    );
  });

  it('read the newest Put whole, whatever the older one held', () => {
    fc.assert(
      fc.property(regionEntryArb, regionEntryArb, fc.nat(1000), (older, newer, ts) => {
        const same = { ...older, info: newer.info, daughters: undefined, offline: older.offline };
        const first = cellsOf(regionRowPut(same), ts + 1, 1);
        const second = cellsOf(regionRowPut(newer), ts + 2, 2);
        expect(parseRegionRow([...first, ...second].reverse())).toEqual(newer);
        expect(parseRegionRow([...second, ...first])).toEqual(newer);
      }),
      { numRuns: 300 },
    );
  });

  it('write HBase-shaped values', () => {
    const put = regionRowPut(openRegion, { timestamp: 5 });
    const value = (q: string): Buffer =>
      put.cells.find((c) => c.qualifier.toString('latin1') === q)?.value ?? EMPTY_BYTES;
    expect(value('server').toString()).toBe('rs1.example.com:16020');
    expect(value('sn').toString()).toBe('rs1.example.com,16020,1619081727904');
    const code = Buffer.alloc(8);
    code.writeBigUInt64BE(1_619_081_727_904n);
    expect(value('serverstartcode').equals(code)).toBe(true);
    expect(value('seqnumDuringOpen').toString('hex')).toBe('0000000000000043');
    expect(value('state').toString()).toBe('OPEN');
    expect(put.cells.every((c) => c.timestamp === 5)).toBe(true);
    const del = regionRowDelete(openRegion.info, { timestamp: 9 });
    expect(del).toEqual({
      type: 'delete',
      row: metaRowKey(openRegion.info),
      targets: [],
      timestamp: 9,
    });
    expect(parseRegionRow(cellsOf(regionRowPut(splitParent)))).toEqual(splitParent);
  });

  it('name the malformed column in CorruptMeta', () => {
    const otherInfo = encodeRegionInfo(makeRegionInfo('t', Buffer.from('c'), EMPTY_BYTES, 3));
    const badName = pack([1, 't', EMPTY_BYTES, Buffer.from('b'), 3, '0'.repeat(32)]);
    const cases: [MetaRegionEntry, string, Buffer | undefined][] = [
      [openRegion, 'regioninfo', undefined],
      [openRegion, 'regioninfo', Buffer.from('garbage')],
      [openRegion, 'regioninfo', pack({ table: 't' })],
      [openRegion, 'regioninfo', pack([2, 't', EMPTY_BYTES, EMPTY_BYTES, 3, 'x'])],
      [openRegion, 'regioninfo', badName],
      [openRegion, 'regioninfo', otherInfo],
      [openRegion, 'state', undefined],
      [openRegion, 'state', Buffer.from('SPLIT')],
      [openRegion, 'state', Buffer.from('open')],
      [openRegion, 'server', Buffer.from('rs2.example.com:16020')],
      [openRegion, 'server', EMPTY_BYTES],
      [openRegion, 'sn', Buffer.from('rs1.example.com:16020')],
      [openRegion, 'sn', Buffer.from('rs1.example.com,16020,01')],
      [openRegion, 'serverstartcode', Buffer.alloc(7)],
      [openRegion, 'serverstartcode', Buffer.alloc(8)],
      [openRegion, 'seqnumDuringOpen', Buffer.alloc(4)],
      [openRegion, 'seqnumDuringOpen', Buffer.alloc(8, 0xff)],
      [openRegion, 'offline', Buffer.from([2])],
      [openRegion, 'split', Buffer.from([1])],
      [openRegion, 'splitA', otherInfo],
      [splitParent, 'splitB', undefined],
      [splitParent, 'split', Buffer.from([0])],
      [splitParent, 'offline', Buffer.from([0])],
      [
        splitParent,
        'splitA',
        encodeRegionInfo(makeRegionInfo('t', Buffer.from('b'), Buffer.from('h'), 11)),
      ],
      [
        splitParent,
        'splitB',
        encodeRegionInfo(makeRegionInfo('u', Buffer.from('g'), Buffer.from('m'), 11)),
      ],
      [
        splitParent,
        'splitA',
        encodeRegionInfo(makeRegionInfo('t', Buffer.from('b'), Buffer.from('g'), 9)),
      ],
    ];
    for (const [entry, qualifier, value] of cases) {
      const what = `${qualifier} = ${value?.toString('hex') ?? 'missing'}`;
      const error = corruptError(() =>
        parseRegionRow(withColumn(regionRowPut(entry), qualifier, value)),
      );
      expect(error.code, what).toBe('CorruptMeta');
      const named =
        error.message.includes(`info:${qualifier}`) || /daughter|split parent/.test(error.message);
      expect(named, `${what}: ${error.message}`).toBe(true);
    }
    // An OPEN region with all its server columns emptied names no server.
    const noServer = regionRowPut({ ...openRegion, state: 'CLOSED', server: undefined });
    const cells = withColumn(noServer, 'state', Buffer.from('OPEN'));
    expect(corruptError(() => parseRegionRow(cells)).message).toMatch(/OPEN but .* no server/);
  });

  it('never fail but with CorruptMeta on any column value', () => {
    fc.assert(
      fc.property(
        regionEntryArb,
        fc.constantFrom(...QUALIFIERS),
        fc.uint8Array({ maxLength: 24 }).map(Buffer.from),
        (entry, qualifier, value) => {
          try {
            parseRegionRow(withColumn(regionRowPut(entry), qualifier, value));
          } catch (error) {
            expect(error).toBeInstanceOf(CorruptMetaError);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('ignore other families and refuse a row key that is not a region row', () => {
    const put = regionRowPut(openRegion);
    const extra = makeCell({ row: put.row, family: 'rep_barrier', qualifier: 'seq', value: 'x' });
    expect(parseRegionRow([...cellsOf(put), extra])).toEqual(openRegion);
    const moved = cellsOf(put).map((c) => makeCell({ ...c, row: Buffer.from([0x05, 0x61]) }));
    expect(() => parseRegionRow(moved)).toThrow(CorruptMetaError);
  });

  it('refuse inconsistent entries before writing them', () => {
    const bad: MetaRegionEntry[] = [
      { ...openRegion, server: undefined },
      { ...openRegion, state: 'CLOSING', server: undefined },
      { ...openRegion, openSeqNum: -1 },
      { ...openRegion, openSeqNum: 2 ** 53 },
      { ...splitParent, offline: false },
      { ...splitParent, daughters: { a: splitParent.daughters!.b, b: splitParent.daughters!.a } },
      { ...splitParent, info: makeRegionInfo('t', Buffer.from('b'), Buffer.from('m'), 11) },
      { ...openRegion, info: { ...openRegion.info, encodedName: 'x' } },
      { ...openRegion, info: makeRegionInfo('t', Buffer.from('b'), Buffer.from('b'), 3) },
    ];
    for (const entry of bad) expect(() => regionRowPut(entry)).toThrow(InvalidArgumentError);
    expect(() => regionRowPut(openRegion, { timestamp: -1 })).toThrow(InvalidArgumentError);
  });
});

describe('server names', () => {
  it('round-trip as host,port,startcode', () => {
    fc.assert(
      fc.property(serverArb, (server) => {
        expect(parseServerName(formatServerName(server))).toEqual(server);
      }),
    );
  });

  it('refuse what is not one', () => {
    for (const text of [
      '',
      'a,1',
      'a,1,2,3',
      'a,x,2',
      'a,1,-2',
      'a b,1,2',
      'a,70000,2',
      'a,1,1e3',
    ]) {
      expect(() => parseServerName(text), text).toThrow(InvalidArgumentError);
    }
    expect(() => makeServerName('h', 1, 2 ** 53)).toThrow(InvalidArgumentError);
    expect(() => makeServerName('h', 1.5, 2)).toThrow(InvalidArgumentError);
    expect(MetaQualifier.sn.toString()).toBe('sn');
  });
});
