// Cell blocks: any list of cells round-trips through the layout and through msgpack as the
// extension, and every kind of damage is a CorruptCellBlockError (a ProtocolError once framed).
// Seeded: COLONNADE_SEED=<seed> replays a failing run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CellBlock } from '../../src/common/cell-block.js';
import {
  cellBlockBytes,
  CorruptCellBlockError,
  decodeCellBlock,
  encodeCellBlock,
} from '../../src/common/cell-block-codec.js';
import { type Cell, CellType, makeCell, STORED_CELL_TYPES } from '../../src/common/cell.js';
import { seedFromEnv } from '../../src/common/rng.js';
import { ProtocolError } from '../../src/rpc/errors.js';
import { decodeServerMessage, encodeMessage, MessageKind } from '../../src/rpc/message.js';

const seed = seedFromEnv();

const bytes = (min: number, max: number): fc.Arbitrary<Buffer> =>
  fc.uint8Array({ minLength: min, maxLength: max }).map((u) => Buffer.from(u));

// Rows and families from small alphabets, so that runs of one row or family are common.
const cellArb: fc.Arbitrary<Cell> = fc
  .record({
    row: fc.constantFrom('a', 'b', 'row-3').map((s) => Buffer.from(s)),
    family: fc.constantFrom('f', 'info', '').map((s) => Buffer.from(s)),
    qualifier: bytes(0, 20),
    timestamp: fc.oneof(fc.constant(0), fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
    type: fc.constantFrom(...STORED_CELL_TYPES),
    value: bytes(0, 300),
  })
  .filter((c) => c.family.length > 0 || c.type === CellType.Put)
  .map((c) => ({ ...c, family: c.family.length > 0 ? c.family : Buffer.from('x'), sequenceId: 0 }));

function encoded(cells: readonly Cell[]): Buffer {
  const block = Buffer.alloc(cellBlockBytes(cells));
  expect(encodeCellBlock(cells, block, 0)).toBe(block.length);
  return block;
}

const plain = (cells: readonly Cell[]): unknown[] =>
  cells.map((c) => ({
    ...c,
    row: [...c.row],
    family: [...c.family],
    qualifier: [...c.qualifier],
    value: [...c.value],
  }));

describe(`cell blocks (seed ${seed})`, () => {
  it('decode inverts encode, and the size is exact', () => {
    fc.assert(
      fc.property(fc.array(cellArb, { maxLength: 30 }), (cells) => {
        expect(plain(decodeCellBlock(encoded(cells)))).toEqual(plain(cells));
      }),
      { seed },
    );
  });

  it('crosses msgpack as one extension value inside any message', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cellArb, { maxLength: 8 }), { maxLength: 5 }), (rows) => {
        const body = { rows: rows.map((r) => new CellBlock(r)), more: true };
        const message = decodeServerMessage(encodeMessage([MessageKind.Response, 7, body]));
        const back = (message[2] as { rows: CellBlock[] }).rows;
        expect(back.map((b) => plain(b.list))).toEqual(rows.map(plain));
        for (const block of back) expect(block).toBeInstanceOf(CellBlock);
      }),
      { seed },
    );
  });

  it('names a row once for all of its cells', () => {
    const row = 'r'.repeat(100);
    const cells = [1, 2, 3].map((i) =>
      makeCell({ row, family: 'f', qualifier: `q${i}`, value: 'v' }),
    );
    expect(cellBlockBytes(cells)).toBeLessThan(3 * 100);
  });

  it('every truncation of a block is a CorruptCellBlockError', () => {
    fc.assert(
      fc.property(fc.array(cellArb, { minLength: 1, maxLength: 5 }), fc.nat(), (cells, cut) => {
        const block = encoded(cells);
        const short = block.subarray(0, cut % block.length);
        expect(() => decodeCellBlock(short)).toThrow(CorruptCellBlockError);
      }),
      { seed },
    );
  });

  it('a flipped byte is an error or still decodes within every bound, never a crash', () => {
    fc.assert(
      fc.property(
        fc.array(cellArb, { minLength: 1, maxLength: 5 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (cells, at, flip) => {
          const block = encoded(cells);
          const i = at % block.length;
          block[i] = (block[i] as number) ^ flip;
          try {
            for (const cell of decodeCellBlock(block)) {
              expect(Number.isSafeInteger(cell.timestamp)).toBe(true);
              expect(cell.row.length).toBeGreaterThan(0);
            }
          } catch (error) {
            expect(error).toBeInstanceOf(CorruptCellBlockError);
          }
        },
      ),
      { seed },
    );
  });

  it('rejects trailing bytes, unknown flags and types, and a missing row', () => {
    const good = encoded([makeCell({ row: 'r', family: 'f', qualifier: 'q', value: 'v' })]);
    expect(() => decodeCellBlock(Buffer.concat([good, Buffer.from([0])]))).toThrow(/after its 1/);
    const flags = Buffer.from(good);
    flags[4] = 0x80;
    expect(() => decodeCellBlock(flags)).toThrow(/unknown flags/);
    const noRow = Buffer.from(good);
    noRow[4] = 0;
    expect(() => decodeCellBlock(noRow)).toThrow(CorruptCellBlockError);
    const type = Buffer.from(good);
    type[type.length - 6] = 99;
    expect(() => decodeCellBlock(type)).toThrow(/type 99/);
    const count = Buffer.from(good);
    count.writeUInt32BE(1_000_000, 0);
    expect(() => decodeCellBlock(count)).toThrow(/cannot hold/);
  });

  it('a damaged block inside a frame is a ProtocolError', () => {
    const frame = encodeMessage([
      MessageKind.Response,
      7,
      {
        cells: new CellBlock([
          makeCell({
            row: 'r',
            family: 'f',
            value: 'v',
          }),
        ]),
      },
    ]);
    const damaged = Buffer.from(frame);
    damaged[damaged.length - 1 - 4 - 1] = 77; // the type byte: 1 value byte and its length before
    expect(() => decodeServerMessage(damaged)).toThrow(ProtocolError);
  });
});
