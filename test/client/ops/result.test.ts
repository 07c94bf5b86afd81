// Result's accessors on one row with several families and versions (cells in HBase's order), the
// binary-safe map keys, 8-byte counters, HBase's toString form, and refusals.
import { describe, expect, it } from 'vitest';
import { toBytesBinary } from '../../../src/common/bytes.js';
import { type Cell, CellType, makeCell } from '../../../src/common/cell.js';
import { compareCells } from '../../../src/common/cell-comparator.js';
import { InvalidArgumentError } from '../../../src/common/errors.js';
import { Result } from '../../../src/client/ops/index.js';

const b = (s: string): Buffer => Buffer.from(s);
const counter = (n: bigint): Buffer => {
  const out = Buffer.alloc(8);
  out.writeBigInt64BE(n);
  return out;
};

function cell(
  family: string,
  qualifier: string | Buffer,
  timestamp: number,
  value: string | Buffer,
): Cell {
  return makeCell({ row: 'ada', family, qualifier, timestamp, value, sequenceId: 3 });
}

const cells: Cell[] = [
  cell('stats', 'visits', 5, counter(41n)),
  cell('info', 'name', 30, 'Ada L.'),
  cell('info', 'name', 10, 'Ada'),
  cell('info', 'name', 20, 'Ada Lovelace'),
  cell('info', Buffer.from([0x00, 0xe9]), 4, 'bin'),
  cell('info', 'empty', 8, ''),
  cell('stats', 'neg', 6, counter(-2n)),
].sort(compareCells);
const result = new Result(cells);

describe('Result', () => {
  it('answers the row, size and raw cells in cell order', () => {
    expect(result.getRow()).toEqual(b('ada'));
    expect(result.size()).toBe(7);
    expect(result.isEmpty()).toBe(false);
    expect(result.rawCells()).toBe(cells);
    // The first cell: qualifier 0x00 0xE9 sorts before every letter.
    expect(result.value()).toEqual(b('bin'));
  });

  it('gives the newest version, or all of them newest first', () => {
    expect(result.getValue('info', 'name')).toEqual(b('Ada L.'));
    expect(result.getColumnLatestCell(b('info'), b('name'))?.timestamp).toBe(30);
    expect(result.getColumnCells('info', 'name').map((c) => c.timestamp)).toEqual([30, 20, 10]);
    expect(result.getColumnCells('info', 'nam')).toEqual([]);
    expect(result.getValue('info', 'missing')).toBeUndefined();
    expect(result.getValue('nofamily', 'name')).toBeUndefined();
    expect(result.getValue('info', Buffer.from([0x00, 0xe9]))).toEqual(b('bin'));
  });

  it('tells which columns are present, empty or not', () => {
    expect(result.containsColumn('info', 'name')).toBe(true);
    expect(result.containsColumn('stats', 'name')).toBe(false);
    expect(result.containsEmptyColumn('info', 'empty')).toBe(true);
    expect(result.containsNonEmptyColumn('info', 'empty')).toBe(false);
    expect(result.containsNonEmptyColumn('info', 'name')).toBe(true);
    expect(result.containsEmptyColumn('info', 'missing')).toBe(false);
  });

  it('reads 8-byte counters as signed bigints', () => {
    expect(result.getValueAsBigInt('stats', 'visits')).toBe(41n);
    expect(result.getValueAsBigInt('stats', 'neg')).toBe(-2n);
    expect(result.getValueAsBigInt('stats', 'none')).toBeUndefined();
    expect(() => result.getValueAsBigInt('info', 'name')).toThrow(InvalidArgumentError);
    expect(() => result.getValueAsBigInt('info', 'name')).toThrow(/is 6 bytes; a counter is 8/);
  });

  it('maps qualifiers by their binary-string form, newest values, in byte order', () => {
    const family = result.getFamilyMap('info');
    expect([...family.keys()]).toEqual(['\\x00\\xE9', 'empty', 'name']);
    expect(family.get('name')).toEqual(b('Ada L.'));
    expect(toBytesBinary('\\x00\\xE9')).toEqual(Buffer.from([0x00, 0xe9]));
    expect(result.getFamilyMap('absent').size).toBe(0);
  });

  it('builds the no-version and full maps', () => {
    const latest = result.getNoVersionMap();
    expect([...latest.keys()]).toEqual(['info', 'stats']);
    expect(latest.get('stats')?.get('visits')).toEqual(counter(41n));
    const all = result.getMap();
    const versions = all.get('info')?.get('name');
    expect([...(versions?.keys() ?? [])]).toEqual([30, 20, 10]);
    expect(versions?.get(20)).toEqual(b('Ada Lovelace'));
  });

  it("keeps the first cell at a timestamp in a raw result's map", () => {
    const raw = new Result(
      [
        makeCell({ row: 'r', family: 'f', qualifier: 'q', timestamp: 5, type: CellType.Delete }),
        makeCell({ row: 'r', family: 'f', qualifier: 'q', timestamp: 5, value: 'v' }),
      ].sort(compareCells),
    );
    expect(raw.getColumnLatestCell('f', 'q')?.type).toBe(CellType.Delete);
    expect(raw.getMap().get('f')?.get('q')?.get(5)).toEqual(Buffer.alloc(0));
    expect(raw.getColumnCells('f', 'q')).toHaveLength(2);
  });

  it("prints HBase's form", () => {
    const one = new Result([cell('info', 'name', 30, 'Ada L.')]);
    expect(one.toString()).toBe('keyvalues={ada/info:name/30/Put/vlen=6/seqid=3}');
    expect(Result.EMPTY.toString()).toBe('keyvalues=NONE');
  });

  it('is empty without cells, and carries existence and partial flags', () => {
    expect(Result.EMPTY.getRow()).toBeUndefined();
    expect(Result.EMPTY.isEmpty()).toBe(true);
    expect(Result.EMPTY.getValue('f', 'q')).toBeUndefined();
    expect(Result.create([], { exists: true }).getExists()).toBe(true);
    expect(Result.EMPTY.getExists()).toBeUndefined();
    expect(new Result(cells, { mayHaveMoreCellsInRow: true }).mayHaveMoreCellsInRow()).toBe(true);
  });

  it('refuses a family or qualifier of the wrong type', () => {
    expect(() => result.getValue(1 as unknown as string, 'q')).toThrow(/family must be/);
    expect(() => result.getFamilyMap(undefined as unknown as string)).toThrow(InvalidArgumentError);
  });
});
