// The memstore chunk pool and lab: chunks come back for reuse only after every reader that could
// see them has exited, and a model run (fast-check) of writes, flushes, failed flushes and readers
// finds every cell's bytes unchanged for as long as the memstore or a reader holds the cell.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Cell, CellType, firstOnRow, makeCell } from '../../src/common/index.js';
import type { CellScanner } from '../../src/regionserver/scanner.js';
import { ChunkPool } from '../../src/regionserver/memstore/chunk-pool.js';
import { Memstore } from '../../src/regionserver/memstore/memstore.js';
import { MemstoreLab } from '../../src/regionserver/memstore/memstore-lab.js';
import { MEMSTORE_LAB_COPY_BYTES_MAX } from '../../src/regionserver/limits.js';

const CHUNK = 64;
const immediate = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('chunk pool', () => {
  it('reuses a released chunk at once when no reader is in flight', () => {
    const pool = new ChunkPool(CHUNK, 16 * CHUNK);
    const a = pool.take();
    pool.release([a]);
    expect(pool.freeChunks).toBe(1);
    expect(pool.take()).toBe(a);
    expect(pool.allocatedChunks).toBe(1);
  });

  it('holds a released chunk until every reader that entered before has exited', () => {
    const pool = new ChunkPool(CHUNK, 16 * CHUNK);
    const a = pool.take();
    const early = pool.enter();
    const alsoEarly = pool.enter();
    pool.release([a]);
    const late = pool.enter();
    expect(pool.waitingChunks).toBe(1);
    expect(pool.take()).not.toBe(a);
    pool.exit(early);
    expect(pool.waitingChunks).toBe(1);
    pool.exit(alsoEarly);
    // The late reader entered after the release: it cannot have seen the chunk.
    expect(pool.take()).toBe(a);
    pool.exit(late);
    expect(pool.readers).toBe(0);
    expect(() => pool.exit(late)).toThrow(/exited more often/);
  });

  it('exits soon only after the current microtasks, as an RPC answer is encoded', async () => {
    const pool = new ChunkPool(CHUNK, 16 * CHUNK);
    const a = pool.take();
    const token = pool.enter();
    pool.release([a]);
    pool.exitSoon(token);
    await Promise.resolve();
    expect(pool.readers).toBe(1);
    await immediate();
    expect(pool.readers).toBe(0);
    expect(pool.take()).toBe(a);
  });

  it('prefills free chunks up to its bound, and hands them out before allocating', () => {
    const pool = new ChunkPool(CHUNK, 4 * CHUNK);
    expect(pool.prefill(10 * CHUNK + 5)).toBe(4);
    expect(pool.freeChunks).toBe(4);
    expect(pool.prefill(CHUNK)).toBe(0);
    for (let i = 0; i < 4; i++) pool.take();
    expect(pool.allocatedChunks).toBe(4);
    pool.take();
    expect(pool.allocatedChunks).toBe(5);
  });

  it('drops the oldest waiting chunks past its bound and ignores foreign buffers', () => {
    const pool = new ChunkPool(CHUNK, 2 * CHUNK);
    const reader = pool.enter();
    const chunks = [pool.take(), pool.take(), pool.take()];
    pool.release([chunks[0] as Buffer]);
    pool.release([chunks[1] as Buffer, chunks[2] as Buffer]);
    pool.release([Buffer.alloc(CHUNK + 1)]);
    expect(pool.waitingChunks).toBe(2);
    pool.exit(reader);
    expect(pool.take()).toBe(chunks[2]);
    expect(pool.take()).toBe(chunks[1]);
    expect(pool.allocatedChunks).toBe(3);
  });
});

describe('memstore lab', () => {
  it('copies bytes into its chunks, spills into new ones, and keeps large values as given', () => {
    const pool = new ChunkPool(CHUNK, 16 * CHUNK);
    const lab = new MemstoreLab(pool);
    const first = Buffer.from('a'.repeat(40));
    const copy = lab.copy(first);
    expect(copy).toEqual(first);
    expect(copy).not.toBe(first);
    expect(copy.buffer).not.toBe(first.buffer);
    const second = lab.copy(Buffer.from('b'.repeat(40)));
    expect(second.buffer).not.toBe(copy.buffer);
    expect(lab.chunks).toBe(2);
    expect(lab.copy(Buffer.alloc(0)).length).toBe(0);
    const large = Buffer.alloc(MEMSTORE_LAB_COPY_BYTES_MAX + 1);
    expect(lab.copy(large)).toBe(large);
    first.fill(0);
    expect(copy.toString()).toBe('a'.repeat(40));
  });

  it('gives its chunks back on release, and an adopted lab releases both', () => {
    const pool = new ChunkPool(CHUNK, 16 * CHUNK);
    const lab = new MemstoreLab(pool);
    const other = new MemstoreLab(pool);
    lab.copy(Buffer.alloc(10, 1));
    other.copy(Buffer.alloc(10, 2));
    lab.adopt(other);
    other.release();
    expect(pool.freeChunks).toBe(0);
    lab.release();
    expect(pool.freeChunks).toBe(2);
  });
});

type Op =
  | { kind: 'put'; row: number; length: number }
  | { kind: 'snapshot' }
  | { kind: 'flushed' }
  | { kind: 'flushFailed' }
  | { kind: 'read' }
  | { kind: 'exit'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('put' as const),
      row: fc.integer({ min: 0, max: 30 }),
      length: fc.integer({ min: 0, max: 50 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'snapshot' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'flushed' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'flushFailed' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'read' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('exit' as const), pick: fc.nat() }),
  },
);

describe('memstore with a chunk pool (model)', () => {
  it('never changes the bytes of a cell the memstore or a reader still holds', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 60, maxLength: 200 }), (ops) => {
        const pool = new ChunkPool(CHUNK, 8 * CHUNK);
        const memstore = new Memstore(pool);
        const expected = new Map<Cell, string>();
        const readers: { token: number; cells: Cell[] }[] = [];
        let seq = 0;
        const check = (cell: Cell): void => {
          expect(`${cell.row.toString()}=${cell.value.toString()}`).toBe(expected.get(cell));
        };
        const held = (): Cell[] => memstore.scanners().flatMap((scanner) => drain(scanner));
        for (const op of ops) {
          if (op.kind === 'put') {
            seq++;
            const lab = memstore.lab as MemstoreLab;
            const row = `r${op.row}`;
            const value = String(seq % 10).repeat(op.length);
            const cell = makeCell({
              row: lab.copy(Buffer.from(row)),
              family: 'f',
              qualifier: 'q',
              timestamp: seq,
              type: CellType.Put,
              value: lab.copy(Buffer.from(value)),
              sequenceId: seq,
            });
            expected.set(cell, `${row}=${value}`);
            memstore.add(cell);
          } else if (op.kind === 'snapshot') {
            if (!memstore.snapshotInProgress && memstore.activeCells > 0) memstore.snapshot();
          } else if (op.kind === 'flushed') {
            if (memstore.snapshotInProgress) memstore.clearSnapshot();
          } else if (op.kind === 'flushFailed') {
            if (memstore.snapshotInProgress) memstore.restoreSnapshot();
          } else if (op.kind === 'read') {
            const token = pool.enter();
            readers.push({ token, cells: held() });
          } else if (readers.length > 0) {
            const [reader] = readers.splice(op.pick % readers.length, 1);
            if (reader !== undefined) {
              reader.cells.forEach(check);
              pool.exit(reader.token);
            }
          }
          held().forEach(check);
          for (const reader of readers) reader.cells.forEach(check);
        }
      }),
    );
  });
});

/** Every cell a memstore scanner yields, from the first. */
function drain(scanner: CellScanner): Cell[] {
  const out: Cell[] = [];
  scanner.seek(firstOnRow(Buffer.alloc(0)));
  for (let cell = scanner.peek(); cell !== undefined; cell = scanner.peek()) {
    out.push(cell);
    scanner.next();
  }
  return out;
}
