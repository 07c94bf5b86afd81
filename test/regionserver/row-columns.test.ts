// The memstore's per-row index by column (RowColumns) and its Get scanner (RowCellsScanner) against
// a sorted array (fast-check): adds, replacements and removals keep cell order; every seek lands
// where compareCells says; a view taken before later writes still reads exactly what it saw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Cell,
  CellType,
  compareCells,
  firstOnColumn,
  firstOnRow,
  lastOnColumn,
  lastOnRow,
  makeCell,
  toBytes,
} from '../../src/common/index.js';
import { RowColumns } from '../../src/regionserver/memstore/row-columns.js';
import { RowCellsScanner } from '../../src/regionserver/memstore/row-scanner.js';

const ROW = toBytes('row-1');

const cellArb = fc
  .record({
    family: fc.constantFrom('f', 'g'),
    qualifier: fc.integer({ min: 0, max: 4 }),
    timestamp: fc.integer({ min: 1, max: 6 }),
    type: fc.constantFrom(CellType.Put, CellType.Put, CellType.Delete, CellType.DeleteColumn),
    seq: fc.integer({ min: 1, max: 30 }),
  })
  .map(({ family, qualifier, timestamp, type, seq }) =>
    makeCell({
      row: 'row-1',
      family,
      qualifier: qualifier === 0 ? '' : `q${qualifier}`,
      timestamp,
      type,
      value: `v${seq}`,
      sequenceId: seq,
    }),
  );

const stepArb = fc.tuple(cellArb, fc.constantFrom('add', 'add', 'add', 'remove'));

/** Applies one step to the sorted model; returns what RowColumns must return for it. */
function applyToModel(model: Cell[], cell: Cell, action: string): Cell | undefined {
  const at = model.findIndex((c) => compareCells(c, cell) >= 0);
  const existing = at >= 0 && compareCells(model[at] as Cell, cell) === 0 ? model[at] : undefined;
  if (action === 'add') {
    if (existing !== undefined) model[at] = cell;
    else if (at < 0) model.push(cell);
    else model.splice(at, 0, cell);
  } else if (existing !== undefined) {
    model.splice(at, 1);
  }
  return existing;
}

/** A row and its sorted model, both given `cells`. */
function filled(cells: readonly Cell[]): { row: RowColumns; model: Cell[] } {
  const row = new RowColumns();
  const model: Cell[] = [];
  for (const cell of cells) {
    row.add(cell);
    applyToModel(model, cell, 'add');
  }
  return { row, model };
}

function apply(row: RowColumns, cell: Cell, action: string): Cell | undefined {
  return action === 'add' ? row.add(cell) : row.remove(cell);
}

/** Search keys of every kind a Get uses, on this row and on rows either side. */
const keyArb: fc.Arbitrary<Cell> = fc.oneof(
  cellArb,
  fc.constant(firstOnRow(ROW)),
  fc.constant(lastOnRow(ROW)),
  fc.constant(firstOnRow(toBytes('row-0'))),
  fc.constant(firstOnRow(toBytes('row-2'))),
  fc
    .tuple(fc.constantFrom('f', 'g', 'h', 'e'), fc.integer({ min: 0, max: 5 }), fc.boolean())
    .map(([family, q, first]) =>
      (first ? firstOnColumn : lastOnColumn)(ROW, toBytes(family), toBytes(q === 0 ? '' : `q${q}`)),
    ),
);

function drain(scanner: RowCellsScanner, limit: number): Cell[] {
  const out: Cell[] = [];
  for (let c = scanner.peek(); c !== undefined && out.length < limit; c = scanner.peek()) {
    out.push(c);
    scanner.next();
  }
  return out;
}

describe('RowColumns', () => {
  it('keeps cell order through adds, replacements and removals (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 300 }), (steps) => {
        const row = new RowColumns();
        const model: Cell[] = [];
        for (const [cell, action] of steps) {
          const expected = applyToModel(model, cell, action);
          expect(apply(row, cell, action)).toBe(expected);
        }
        expect(row.cells()).toEqual(model);
        expect(row.empty).toBe(model.length === 0);
      }),
      { numRuns: 200 },
    );
  });

  it('appends a fresh version without copying the column', () => {
    const row = new RowColumns();
    for (let ts = 1; ts <= 1000; ts++) {
      row.add(makeCell({ row: 'row-1', family: 'f', qualifier: 'q', timestamp: ts, value: 'v' }));
    }
    const view = row.view();
    expect(view.lengths).toEqual([1000]);
    expect(view.count).toBe(1);
    const scanner = new RowCellsScanner(ROW, view);
    scanner.seek(firstOnRow(ROW));
    expect(scanner.peek()?.timestamp).toBe(1000);
  });
});

describe('RowCellsScanner views', () => {
  it('hides the writes that change arrays in place: a new last column, a newer version', () => {
    const cell = (qualifier: string, timestamp: number, seq: number): Cell =>
      makeCell({ row: 'row-1', family: 'f', qualifier, timestamp, value: 'v', sequenceId: seq });
    const row = new RowColumns();
    const a1 = cell('a', 1, 1);
    const b1 = cell('b', 1, 2);
    row.add(a1);
    row.add(b1);
    const scanner = new RowCellsScanner(ROW, row.view());
    row.add(cell('a', 2, 3)); // a lone cell becomes [a1, a2] in place
    row.add(cell('c', 1, 4)); // a new last column, pushed in place
    row.add(cell('b', 2, 5));
    scanner.seek(firstOnRow(ROW));
    expect(drain(scanner, 10)).toEqual([a1, b1]);
    scanner.seek(firstOnColumn(ROW, toBytes('f'), toBytes('c')));
    expect(scanner.peek()).toBeUndefined();
    expect(row.cells().map((c) => c.sequenceId)).toEqual([3, 1, 5, 2, 4]);
  });
});

describe('RowCellsScanner', () => {
  it('lands every seek where compareCells says (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(cellArb, { maxLength: 120 }),
        fc.array(fc.tuple(keyArb, fc.integer({ min: 0, max: 4 })), { maxLength: 20 }),
        (cells, seeks) => {
          const { row, model } = filled(cells);
          const scanner = new RowCellsScanner(ROW, row.view());
          expect(scanner.peek()).toBeUndefined();
          for (const [key, steps] of seeks) {
            scanner.seek(key);
            let at = model.findIndex((c) => compareCells(c, key) >= 0);
            if (at < 0) at = model.length;
            expect(drain(scanner, steps + 1)).toEqual(model.slice(at, at + steps + 1));
          }
          const last = model[model.length - 1];
          expect(scanner.lastRowBefore(undefined)).toEqual(last === undefined ? undefined : ROW);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads what its view saw, whatever is written after (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(cellArb, { maxLength: 80 }),
        fc.array(stepArb, { maxLength: 80 }),
        (before, after) => {
          const { row, model } = filled(before);
          const seen = model.slice();
          const scanner = new RowCellsScanner(ROW, row.view());
          for (const [cell, action] of after) {
            apply(row, cell, action);
            applyToModel(model, cell, action);
          }
          scanner.seek(firstOnRow(ROW));
          expect(drain(scanner, Number.MAX_SAFE_INTEGER)).toEqual(seen);
          expect(row.cells()).toEqual(model);
        },
      ),
      { numRuns: 200 },
    );
  });
});
