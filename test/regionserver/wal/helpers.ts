// Shared pieces of the WAL tests: entries built from seeds, fast-check arbitraries of cells and
// entries, an in-memory WalSource, and collecting a reader's entries with its summary.
import fc from 'fast-check';
import { makeCell, STORED_CELL_TYPES, type Cell } from '../../../src/common/cell.js';
import type { Rng } from '../../../src/common/rng.js';
import type { WalEntry, WalReadSummary, WalSource } from '../../../src/regionserver/wal/index.js';

export function entry(regionName: string, sequenceId: number, valueBytes = 16): WalEntry {
  const cell = makeCell({
    row: `row-${sequenceId}`,
    family: 'f',
    qualifier: 'q',
    timestamp: 1_700_000_000_000 + sequenceId,
    value: Buffer.alloc(valueBytes, sequenceId % 251),
    sequenceId,
  });
  return { regionName, sequenceId, writeTimeMs: 1_700_000_000_000, cells: [cell] };
}

/** `count` entries round-robin over `regions`, with per-region increasing ids. */
export function entries(count: number, regions: readonly string[], rng?: Rng): WalEntry[] {
  const next = new Map<string, number>();
  return Array.from({ length: count }, (_, i) => {
    const region = regions[rng === undefined ? i % regions.length : rng.nextInt(regions.length)];
    const name = region ?? 'r';
    const sequenceId = (next.get(name) ?? 0) + 1;
    next.set(name, sequenceId);
    return entry(name, sequenceId);
  });
}

const STORED_TYPES = STORED_CELL_TYPES;

const bytes = (max: number): fc.Arbitrary<Buffer> =>
  fc.uint8Array({ maxLength: max }).map((a) => Buffer.from(a));
const safeInt = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const smallOrHuge = fc.oneof(safeInt, fc.constant(Number.MAX_SAFE_INTEGER), fc.nat(1000));

export const cellArbitrary: fc.Arbitrary<Cell> = fc.record({
  row: fc.uint8Array({ minLength: 1, maxLength: 40 }).map((a) => Buffer.from(a)),
  family: bytes(10),
  qualifier: bytes(20),
  timestamp: smallOrHuge,
  type: fc.constantFrom(...STORED_TYPES),
  value: bytes(300),
  sequenceId: smallOrHuge,
});

export const entryArbitrary: fc.Arbitrary<WalEntry> = fc.record({
  regionName: fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }),
  sequenceId: smallOrHuge,
  writeTimeMs: smallOrHuge,
  cells: fc.array(cellArbitrary, { maxLength: 8 }),
});

/** A WalSource over bytes in memory, read in pieces of at most `pieceBytes`. */
export function memorySource(data: Buffer, pieceBytes = Number.MAX_SAFE_INTEGER): WalSource {
  let position = 0;
  return {
    length: data.length,
    read: async (length: number) => {
      const n = Math.min(length, pieceBytes, data.length - position);
      const out = Buffer.from(data.subarray(position, position + n));
      position += n;
      return out;
    },
    close: async () => undefined,
  };
}

/** Every entry of a reader, and the summary it returned. */
export async function collect(
  reader: AsyncGenerator<WalEntry, WalReadSummary>,
): Promise<{ entries: WalEntry[]; summary: WalReadSummary }> {
  const out: WalEntry[] = [];
  for (;;) {
    const step = await reader.next();
    if (step.done === true) return { entries: out, summary: step.value };
    out.push(step.value);
  }
}

/** Comparable form of an entry (Buffers as hex). */
export function plain(e: WalEntry): unknown {
  return {
    ...e,
    cells: e.cells.map((c) => ({
      ...c,
      row: c.row.toString('hex'),
      family: c.family.toString('hex'),
      qualifier: c.qualifier.toString('hex'),
      value: c.value.toString('hex'),
    })),
  };
}
