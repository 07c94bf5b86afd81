// KeyValueHeap: a merge of sources in cell order, with seeks that move only the sources behind the
// key, promises only when a source returns one, and lastRowBefore as the largest over sources.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Cell,
  compareCells,
  firstOnColumn,
  firstOnRow,
  makeCell,
} from '../../../src/common/index.js';
import { KeyValueHeap } from '../../../src/regionserver/query/index.js';
import { ArrayScanner } from '../support/array-scanner.js';

function put(row: string, qualifier: string, timestamp: number, sequenceId: number): Cell {
  return makeCell({ row, family: 'f', qualifier, timestamp, sequenceId });
}

async function drain(heap: KeyValueHeap): Promise<Cell[]> {
  const out: Cell[] = [];
  for (let cell = heap.peek(); cell !== undefined; cell = heap.peek()) {
    out.push(cell);
    const moved = heap.next();
    if (moved !== undefined) await moved;
  }
  return out;
}

const cellArb = fc
  .record({
    row: fc.constantFrom('a', 'b', 'c', 'd'),
    qualifier: fc.constantFrom('', 'x', 'y'),
    timestamp: fc.integer({ min: 0, max: 5 }),
    sequenceId: fc.integer({ min: 1, max: 1_000_000 }),
  })
  .map((c) => put(c.row, c.qualifier, c.timestamp, c.sequenceId));

describe('KeyValueHeap', () => {
  it('merges any sources into one sorted stream (sync and async)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cellArb, { maxLength: 12 }), { maxLength: 5 }),
        fc.boolean(),
        async (inputs, async) => {
          const heap = new KeyValueHeap(inputs.map((cells) => new ArrayScanner(cells, { async })));
          const all = inputs.flat().sort(compareCells);
          expect(await drain(heap)).toEqual(all);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('seeks anywhere and reseeks forward, like a sorted array would', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cellArb, { maxLength: 10 }), { minLength: 1, maxLength: 4 }),
        fc.array(cellArb, { minLength: 1, maxLength: 4 }),
        async (inputs, keys) => {
          const heap = new KeyValueHeap(inputs.map((cells) => new ArrayScanner(cells)));
          const all = inputs.flat().sort(compareCells);
          const [first, ...rest] = [...keys].sort(compareCells);
          await heap.seek(first as Cell);
          expect(heap.peek()).toEqual(all.find((c) => compareCells(c, first as Cell) >= 0));
          for (const key of rest) {
            const before = heap.peek();
            const target = before === undefined || compareCells(before, key) < 0 ? key : before;
            heap.reseek(key);
            expect(heap.peek()).toEqual(all.find((c) => compareCells(c, target) >= 0));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('answers synchronously when every source does, with a promise otherwise', async () => {
    const cells = [put('a', 'x', 1, 1), put('b', 'x', 1, 2)];
    const sync = new KeyValueHeap([new ArrayScanner(cells)]);
    expect(sync.next()).toBeUndefined();
    expect(sync.seek(firstOnRow(Buffer.from('a')))).toBeUndefined();
    expect(sync.lastRowBefore(undefined)).toEqual(Buffer.from('b'));
    const mixed = new KeyValueHeap([
      new ArrayScanner(cells),
      new ArrayScanner([put('c', 'x', 1, 3)], { async: true }),
    ]);
    const seeking = mixed.seek(firstOnRow(Buffer.from('a')));
    expect(seeking).toBeInstanceOf(Promise);
    await seeking;
    expect(mixed.peek()).toEqual(cells[0]);
    expect(await mixed.lastRowBefore(Buffer.from('c'))).toEqual(Buffer.from('b'));
    expect(await mixed.lastRowBefore(undefined)).toEqual(Buffer.from('c'));
    expect(await mixed.lastRowBefore(Buffer.from('a'))).toBeUndefined();
  });

  it('reseeks only the sources behind the key', () => {
    const behind = new ArrayScanner([put('a', 'x', 1, 1), put('a', 'y', 1, 2)]);
    const ahead = new ArrayScanner([put('b', 'x', 1, 3)]);
    const heap = new KeyValueHeap([behind, ahead]);
    const movesBefore = ahead.moves;
    heap.reseek(firstOnColumn(Buffer.from('a'), Buffer.from('f'), Buffer.from('y')));
    expect(heap.peek()?.qualifier.toString()).toBe('y');
    expect(ahead.moves).toBe(movesBefore);
  });

  it('closes every source', () => {
    const sources = [new ArrayScanner([put('a', 'x', 1, 1)]), new ArrayScanner([])];
    const heap = new KeyValueHeap(sources);
    heap.close();
    expect(heap.peek()).toBeUndefined();
    expect(sources.every((s) => s.closed)).toBe(true);
  });
});
