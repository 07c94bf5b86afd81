// The cell model and HBase's cell order: makeCell's validation, and the comparator checked as a total
// order and against an independent reference. Seeded: COLONNADE_SEED=<seed> replays a failing run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBytes } from '../../src/common/bytes.js';
import {
  type Cell,
  CellType,
  cellSizeBytes,
  cellTypeName,
  isDeleteType,
  LATEST_TIMESTAMP,
  makeCell,
} from '../../src/common/cell.js';
import {
  compareCells,
  firstOnColumn,
  firstOnRow,
  lastOnColumn,
  lastOnRow,
} from '../../src/common/cell-comparator.js';
import {
  CellTooLargeError,
  InvalidArgumentError,
  LimitExceededError,
} from '../../src/common/errors.js';
import {
  CELL_BYTES_MAX,
  FAMILY_BYTES_MAX,
  QUALIFIER_BYTES_MAX,
  ROW_KEY_BYTES_MAX,
} from '../../src/common/limits.js';
import { seedFromEnv } from '../../src/common/rng.js';

const seed = seedFromEnv();
const ALL_TYPES = Object.values(CellType);

// ---- Generators: tiny alphabets, so equal rows, columns and timestamps are common ----

const smallBytes = (maxLength: number) =>
  fc.array(fc.constantFrom(0x00, 0x61, 0x62, 0xff), { maxLength }).map((xs) => Buffer.from(xs));

/** Any cell shape the comparator may meet, search keys included (not only what makeCell allows). */
const anyCell: fc.Arbitrary<Cell> = fc.record({
  row: smallBytes(2),
  family: fc.constantFrom('', 'a', 'b', 'ab').map((s) => toBytes(s)),
  qualifier: smallBytes(1),
  timestamp: fc.constantFrom(0, 1, 2, LATEST_TIMESTAMP),
  type: fc.constantFrom(...ALL_TYPES),
  value: fc.constantFrom('', 'v').map((s) => toBytes(s)),
  sequenceId: fc.constantFrom(0, 1, 7),
});

const searchKeyCell: fc.Arbitrary<Cell> = fc
  .tuple(fc.nat(3), smallBytes(2), fc.constantFrom('a', 'b'), smallBytes(1))
  .map(([kind, row, family, qualifier]) => {
    if (kind === 0) return firstOnRow(row);
    if (kind === 1) return lastOnRow(row);
    if (kind === 2) return firstOnColumn(row, toBytes(family), qualifier);
    return lastOnColumn(row, toBytes(family), qualifier);
  });

const cellOrKey = fc.oneof(
  { arbitrary: anyCell, weight: 4 },
  { arbitrary: searchKeyCell, weight: 1 },
);

// ---- The reference order: each cell becomes one string whose code-unit order is the cell order ----

/** Byte string to an order-preserving text: "1" + two hex digits per byte, "0" as terminator. */
function orderedHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => `1${b.toString(16).padStart(2, '0')}`).join('') + '0';
}

function descendingNumber(n: number, max: number, width: number): string {
  return String(max - n).padStart(width, '0');
}

function referenceKey(cell: Cell): string {
  const lastOnRowKey =
    cell.family.length === 0 && cell.qualifier.length === 0 && cell.type === CellType.Minimum;
  return [
    orderedHex(cell.row),
    lastOnRowKey ? 'Z' : 'A',
    orderedHex(cell.family),
    orderedHex(cell.qualifier),
    descendingNumber(cell.timestamp, Number.MAX_SAFE_INTEGER, 16),
    descendingNumber(cell.type, 255, 3),
    descendingNumber(cell.sequenceId, Number.MAX_SAFE_INTEGER, 16),
  ].join('|');
}

function referenceCompare(a: Cell, b: Cell): number {
  const x = referenceKey(a);
  const y = referenceKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

const sameKey = (a: Cell, b: Cell) => referenceKey(a) === referenceKey(b);

describe(`cell comparator (seed ${seed})`, () => {
  it('agrees with the reference order', () => {
    fc.assert(
      fc.property(cellOrKey, cellOrKey, (a, b) => {
        expect(Math.sign(compareCells(a, b))).toBe(referenceCompare(a, b));
      }),
      { seed, numRuns: 2000 },
    );
  });

  it('is antisymmetric, and zero exactly on equal keys (reflexive on copies)', () => {
    fc.assert(
      fc.property(cellOrKey, cellOrKey, (a, b) => {
        expect(Math.sign(compareCells(a, b)) + Math.sign(compareCells(b, a))).toBe(0);
        expect(compareCells(a, b) === 0).toBe(sameKey(a, b));
        const copy = { ...a, row: Buffer.from(a.row), value: toBytes('other') };
        expect(compareCells(a, copy)).toBe(0);
      }),
      { seed, numRuns: 2000 },
    );
  });

  it('is transitive', () => {
    fc.assert(
      fc.property(cellOrKey, cellOrKey, cellOrKey, (a, b, c) => {
        const [x, y, z] = [a, b, c].sort(compareCells) as [Cell, Cell, Cell];
        expect(compareCells(x, y)).toBeLessThanOrEqual(0);
        expect(compareCells(y, z)).toBeLessThanOrEqual(0);
        expect(compareCells(x, z)).toBeLessThanOrEqual(0);
      }),
      { seed, numRuns: 2000 },
    );
  });

  it('sorts a list as the reference does', () => {
    fc.assert(
      fc.property(fc.array(cellOrKey, { maxLength: 40 }), (cells) => {
        const ours = [...cells].sort(compareCells).map(referenceKey);
        const theirs = cells.map(referenceKey).sort();
        expect(ours).toEqual(theirs);
      }),
      { seed },
    );
  });

  it('puts search keys around the cells they bound', () => {
    fc.assert(
      fc.property(anyCell, (cell) => {
        fc.pre(
          cell.family.length > 0 &&
            cell.type !== CellType.Minimum &&
            cell.type !== CellType.Maximum,
        );
        expect(compareCells(firstOnRow(cell.row), cell)).toBeLessThan(0);
        expect(compareCells(lastOnRow(cell.row), cell)).toBeGreaterThan(0);
        expect(
          compareCells(firstOnColumn(cell.row, cell.family, cell.qualifier), cell),
        ).toBeLessThan(0);
        expect(
          compareCells(lastOnColumn(cell.row, cell.family, cell.qualifier), cell),
        ).toBeGreaterThan(0);
      }),
      { seed },
    );
  });
});

describe('cell comparator (fixed cases)', () => {
  const at = (type: CellType, timestamp = 5, qualifier = '') =>
    makeCell({ row: 'r', family: 'f', qualifier, timestamp, type });

  it('puts delete markers before a Put at equal coordinates, in HBase order', () => {
    const cells = [
      at(CellType.Put),
      at(CellType.Delete),
      at(CellType.DeleteFamilyVersion),
      at(CellType.DeleteColumn),
      at(CellType.DeleteFamily),
    ].sort(compareCells);
    expect(cells.map((c) => cellTypeName(c.type))).toEqual([
      'DeleteFamily',
      'DeleteColumn',
      'DeleteFamilyVersion',
      'Delete',
      'Put',
    ]);
  });

  it('orders newest timestamp first, then higher sequence id first', () => {
    const old = at(CellType.Put, 1);
    const fresh = at(CellType.Put, 9);
    expect(compareCells(fresh, old)).toBeLessThan(0);
    const early = makeCell({ row: 'r', family: 'f', timestamp: 5, sequenceId: 1 });
    const late = makeCell({ row: 'r', family: 'f', timestamp: 5, sequenceId: 2 });
    expect(compareCells(late, early)).toBeLessThan(0);
  });

  it('orders rows as unsigned bytes, and lastOnRow before the next row', () => {
    const high = makeCell({ row: Uint8Array.of(0x80), family: 'f' });
    const low = makeCell({ row: Uint8Array.of(0x7f), family: 'f' });
    expect(compareCells(low, high)).toBeLessThan(0);
    expect(compareCells(lastOnRow(low.row), high)).toBeLessThan(0);
    expect(compareCells(lastOnRow(toBytes('r')), firstOnRow(toBytes('r\u0000')))).toBeLessThan(0);
  });
});

describe('makeCell', () => {
  it('fills defaults and keeps the parts', () => {
    const cell = makeCell({ row: 'row1', family: 'cf', qualifier: 'q', value: 'v' });
    expect(cell.row.toString()).toBe('row1');
    expect(cell.timestamp).toBe(LATEST_TIMESTAMP);
    expect(cell.type).toBe(CellType.Put);
    expect(cell.sequenceId).toBe(0);
    expect(cellSizeBytes(cell)).toBe(8 + 12 + 4 + 2 + 1 + 1);
  });

  it('rejects oversized parts with LimitExceededError naming value and limit', () => {
    const tooLong = (n: number) => Buffer.alloc(n + 1, 0x61);
    const cases: [() => unknown, string][] = [
      [() => makeCell({ row: tooLong(ROW_KEY_BYTES_MAX), family: 'f' }), 'ROW_KEY_BYTES_MAX'],
      [() => makeCell({ row: 'r', family: tooLong(FAMILY_BYTES_MAX) }), 'FAMILY_BYTES_MAX'],
      [
        () => makeCell({ row: 'r', family: 'f', qualifier: tooLong(QUALIFIER_BYTES_MAX) }),
        'QUALIFIER_BYTES_MAX',
      ],
    ];
    for (const [make, limit] of cases) {
      expect(make).toThrow(LimitExceededError);
      expect(make).toThrow(new RegExp(`is \\d+ bytes; ${limit} is \\d+`));
    }
    expect(() => makeCell({ row: tooLong(40_000 - 1), family: 'f' })).toThrow(
      'row key is 40000 bytes; ROW_KEY_BYTES_MAX is 32767',
    );
  });

  it('rejects a cell over CELL_BYTES_MAX with CellTooLargeError', () => {
    const make = () => makeCell({ row: 'r', family: 'f', value: Buffer.alloc(CELL_BYTES_MAX) });
    expect(make).toThrow(CellTooLargeError);
    expect(make).toThrow(`; CELL_BYTES_MAX is ${CELL_BYTES_MAX}`);
    try {
      make();
    } catch (error) {
      expect(error).toMatchObject({ code: 'CellTooLarge', retriable: false });
    }
  });

  it('rejects bad timestamps, sequence ids, rows, families and types with InvalidArgumentError', () => {
    const bad: (() => unknown)[] = [
      () => makeCell({ row: 'r', family: 'f', timestamp: -1 }),
      () => makeCell({ row: 'r', family: 'f', timestamp: 1.5 }),
      () => makeCell({ row: 'r', family: 'f', timestamp: Number.NaN }),
      () => makeCell({ row: 'r', family: 'f', timestamp: LATEST_TIMESTAMP + 2 }),
      () => makeCell({ row: 'r', family: 'f', sequenceId: -1 }),
      () => makeCell({ row: '', family: 'f' }),
      () => makeCell({ row: 'r', family: '' }),
      () => makeCell({ row: 'r', family: 'a:b' }),
      () => makeCell({ row: 'r', family: 'a/b' }),
      () => makeCell({ row: 'r', family: '.hidden' }),
      () => makeCell({ row: 'r', family: 'tab\there' }),
      () => makeCell({ row: 'r', family: 'recovered.edits' }),
      () => makeCell({ row: 'r', family: 'f', type: CellType.Minimum }),
      () => makeCell({ row: 'r', family: 'f', type: CellType.Maximum }),
      () => makeCell({ row: 'r', family: 'f', type: 3 as CellType }),
      () => makeCell({ row: 'r', family: 'f', qualifier: 'q', type: CellType.DeleteFamily }),
    ];
    for (const make of bad) {
      expect(make).toThrow(InvalidArgumentError);
    }
  });

  it('accepts UTF-8 family names and the bounds of every range', () => {
    expect(() => makeCell({ row: 'r', family: 'famille-é' })).not.toThrow();
    const row = Buffer.alloc(ROW_KEY_BYTES_MAX, 0x61);
    const family = Buffer.alloc(FAMILY_BYTES_MAX, 0x61);
    expect(() => makeCell({ row, family, timestamp: 0 })).not.toThrow();
  });

  it('knows which types are delete markers', () => {
    expect(ALL_TYPES.filter(isDeleteType).map(cellTypeName)).toEqual([
      'Delete',
      'DeleteFamilyVersion',
      'DeleteColumn',
      'DeleteFamily',
    ]);
  });
});

describe(`makeCell properties (seed ${seed})`, () => {
  it('accepts any parts within the limits and keeps them', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.stringMatching(/^[a-zA-Z0-9_-]{1,20}$/),
        fc.uint8Array({ maxLength: 64 }),
        fc.integer({ min: 0, max: LATEST_TIMESTAMP }),
        (row, family, qualifier, timestamp) => {
          const cell = makeCell({ row, family, qualifier, timestamp, type: CellType.DeleteColumn });
          expect([...cell.row]).toEqual([...row]);
          expect(cell.family.toString()).toBe(family);
          expect([...cell.qualifier]).toEqual([...qualifier]);
          expect(cell.timestamp).toBe(timestamp);
        },
      ),
      { seed },
    );
  });

  it('rejects any row just over the limit, and any negative timestamp', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: -1e15, max: -1 }),
        (over, ts) => {
          const row = Buffer.alloc(ROW_KEY_BYTES_MAX + over);
          expect(() => makeCell({ row, family: 'f' })).toThrow(LimitExceededError);
          expect(() => makeCell({ row: 'r', family: 'f', timestamp: ts })).toThrow(
            InvalidArgumentError,
          );
        },
      ),
      { seed, numRuns: 50 },
    );
  });
});
