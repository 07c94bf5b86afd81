// The wire codec against msgpackr: for every value it takes, the encoder writes msgpackr's own
// bytes and the decoder gives msgpackr's own result; what it leaves alone goes to msgpackr; no
// byte string makes it answer differently from msgpackr. Seeded: COLONNADE_SEED=<seed> replays.
import fc from 'fast-check';
import { Packr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { CellBlock } from '../../src/common/cell-block.js';
import { type Cell, CellType } from '../../src/common/cell.js';
import {
  WIRE_BYTES_BY_REFERENCE_MIN,
  WIRE_SLAB_BYTES,
  WIRE_SLAB_KEPT_BYTES_MAX,
  WIRE_VALUE_STRING_CACHE_ENTRIES,
  WIRE_VALUE_STRING_CACHED_BYTES_MAX,
} from '../../src/common/limits.js';
import { seedFromEnv } from '../../src/common/rng.js';
import { FrameDecoder } from '../../src/rpc/frame.js';
import {
  decodeServerMessage,
  encodeFrame,
  encodeFrameParts,
  encodeMessage,
  MessageKind,
} from '../../src/rpc/message.js';
import { decodeWire, WIRE_UNDECODED } from '../../src/rpc/wire-decoder.js';
import { encodeWire } from '../../src/rpc/wire-encoder.js';

const seed = seedFromEnv();
/** The transport's msgpackr settings (rpc/message.ts). */
const packr = new Packr({ useRecords: false, mapsAsObjects: true });

const bytes = (max: number): fc.Arbitrary<Buffer> =>
  fc.uint8Array({ maxLength: max }).map((u) => Buffer.from(u));

const cellArb: fc.Arbitrary<Cell> = fc.record({
  row: fc.constantFrom('a', 'row-2').map((s) => Buffer.from(s)),
  family: fc.constantFrom('f', 'info0').map((s) => Buffer.from(s)),
  qualifier: bytes(12),
  timestamp: fc.nat(),
  type: fc.constant(CellType.Put),
  value: bytes(40),
  sequenceId: fc.constant(0),
});

/** Everything the codec takes itself (strings well formed; numbers as msgpackr keeps them). */
const wireValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.constant(undefined),
    fc.boolean(),
    fc.integer(),
    fc.integer({ min: -(2 ** 32), max: 2 ** 32 }),
    fc.maxSafeInteger(),
    fc.double({ noNaN: true }).filter((d) => !Object.is(d, -0)),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'grapheme-ascii', minLength: 20, maxLength: 300 }),
    bytes(300),
    fc.uint8Array({ maxLength: 40 }),
    fc.array(cellArb, { maxLength: 4 }).map((cells) => new CellBlock(cells)),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 20 }), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Cell blocks compared by their cells; everything else as vitest compares. */
function comparable(value: unknown): unknown {
  if (value instanceof CellBlock) return { cells: value.list.map((c) => ({ ...c })) };
  if (Array.isArray(value)) return value.map(comparable);
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, comparable(v)]));
  }
  return value;
}

describe(`wire codec (seed ${seed})`, () => {
  it('writes msgpackr’s bytes for every value it takes', () => {
    fc.assert(
      fc.property(wireValue, (value) => {
        const ours = encodeWire(value);
        expect(ours).toBeDefined();
        expect(Buffer.compare(ours as Buffer, packr.pack(value))).toBe(0);
      }),
      { seed, numRuns: 400 },
    );
  });

  it('decodes msgpackr’s bytes to msgpackr’s values', () => {
    fc.assert(
      fc.property(wireValue, (value) => {
        const packed = Buffer.from(packr.pack(value));
        const ours = decodeWire(packed);
        expect(ours).not.toBe(WIRE_UNDECODED);
        expect(comparable(ours)).toEqual(comparable(packr.unpack(packed)));
      }),
      { seed, numRuns: 400 },
    );
  });

  it('decodes repeated string values through its cache, with more strings than slots', () => {
    // Region names repeat in every call. Names of one length, three per slot: they must collide.
    const names = Array.from(
      { length: 3 * WIRE_VALUE_STRING_CACHE_ENTRIES },
      (_, i) => `TestTable,row-${String(i).padStart(5, '0')},1764054321234.0123456789abcdef.`,
    );
    names.push('x'.repeat(WIRE_VALUE_STRING_CACHED_BYTES_MAX + 1), 'é'.repeat(20));
    for (const order of [names, [...names].reverse(), names]) {
      for (const name of order) {
        expect(decodeWire(Buffer.from(packr.pack({ region: name, method: 'get' })))).toEqual({
          region: name,
          method: 'get',
        });
      }
    }
  });

  it('answers as msgpackr does for any bytes it decodes or rejects, and leaves the rest to it', () => {
    const msgpackish = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      wireValue.chain((value) => {
        const packed = Buffer.from(packr.pack(value));
        return fc.tuple(fc.nat(packed.length), fc.nat(255), fc.boolean()).map(([at, byte, cut]) => {
          const damaged = Buffer.from(packed);
          if (cut) return damaged.subarray(0, at);
          if (at < damaged.length) damaged[at] = byte;
          return damaged;
        });
      }),
    );
    fc.assert(
      fc.property(msgpackish, (raw) => {
        const input = Buffer.from(raw);
        let ours: unknown;
        try {
          ours = decodeWire(input);
        } catch (error) {
          // a damaged cell block: msgpackr's extension throws the same error
          expect(() => packr.unpack(input)).toThrow((error as Error).message);
          return;
        }
        if (ours === WIRE_UNDECODED) return;
        expect(comparable(ours)).toEqual(comparable(packr.unpack(input)));
      }),
      { seed, numRuns: 1_000 },
    );
  });

  it('leaves values it does not take to msgpackr, and the message still round-trips', () => {
    class Point {
      x = 1;
    }
    for (const body of [new Map([['a', 1]]), new Date(0), 2n ** 60n, new Point(), new Set([1])]) {
      expect(encodeWire([MessageKind.Response, 1, { body }])).toBeUndefined();
      const message = decodeServerMessage(encodeMessage([MessageKind.Response, 1, { body }]));
      expect(message[2]).toEqual(packr.unpack(packr.pack({ body })));
    }
  });

  it('writes lone surrogates as U+FFFD, which any msgpack reader decodes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => {
        const ours = encodeWire(s) as Buffer;
        expect(packr.unpack(ours)).toBe(Buffer.from(s, 'utf8').toString('utf8'));
      }),
      { seed },
    );
  });

  it('keeps every message it handed out intact across slabs, large messages included', () => {
    const out: { value: unknown; bytes: Buffer }[] = [];
    const bigs = [WIRE_SLAB_BYTES * 2 + 3, WIRE_SLAB_KEPT_BYTES_MAX + 5].map((n) =>
      Buffer.alloc(n, 7),
    );
    for (let i = 0; i < 2_000; i++) {
      const value =
        i % 500 === 7
          ? { before: 'x'.repeat(i % 40), big: bigs[Math.floor(i / 500) % 2], after: [i, 'tail'] }
          : { i, text: 'y'.repeat(i % 300), bin: Buffer.alloc(i % 200, i & 0xff) };
      out.push({ value, bytes: encodeWire(value) as Buffer });
    }
    for (const { value, bytes: written } of out) {
      expect(Buffer.compare(written, packr.pack(value))).toBe(0);
    }
  });

  it('frames a message in one buffer: its length, then the bytes encodeMessage gives', () => {
    fc.assert(
      fc.property(fc.oneof(wireValue, fc.constant(new Map([[1, 2]]))), (body) => {
        const frame = encodeFrame([MessageKind.Response, 9, body]);
        const payloads: Buffer[] = [];
        new FrameDecoder().push(frame, (payload) => void payloads.push(Buffer.from(payload)));
        expect(payloads).toEqual([encodeMessage([MessageKind.Response, 9, body])]);
      }),
      { seed, numRuns: 200 },
    );
  });

  it('frames in parts with encodeFrame’s bytes, large byte strings as their own buffers', () => {
    const large = fc
      .integer({ min: WIRE_BYTES_BY_REFERENCE_MIN, max: WIRE_BYTES_BY_REFERENCE_MIN * 3 })
      .map((n) => Buffer.alloc(n, n & 0xff));
    const body = fc.oneof(
      wireValue,
      fc.record({ head: wireValue, data: large, tail: fc.array(wireValue, { maxLength: 3 }) }),
      fc.array(fc.oneof(large, wireValue), { maxLength: 5 }),
      // Many entries after a large string: the map's header is in an earlier part.
      fc.record({ data: large, rest: fc.dictionary(fc.string(), wireValue, { maxKeys: 40 }) }),
    );
    fc.assert(
      fc.property(body, (value) => {
        const parts = framedInParts(value);
        for (const buffer of collectLarge(value)) expect(parts).toContain(buffer);
      }),
      { seed, numRuns: 200 },
    );
  });

  it('frames a message that outgrows its slab in parts, going on in new slabs', () => {
    // A batch of puts: many values below WIRE_BYTES_BY_REFERENCE_MIN, several slabs in all, and
    // a cell block larger than a slab, which must stay contiguous.
    const value = fc.integer({ min: 200, max: WIRE_BYTES_BY_REFERENCE_MIN - 1 });
    const body = fc.record({
      puts: fc.array(
        fc.record({ row: bytes(26), value: value.map((n) => Buffer.alloc(n, n & 0xff)) }),
        { minLength: 1, maxLength: 40 },
      ),
      cells: fc
        .integer({ min: 1, max: 3 })
        .map((n) => new CellBlock(blockOfBytes(n * WIRE_SLAB_BYTES + 1))),
    });
    fc.assert(
      fc.property(body, (message) => void framedInParts(message)),
      { seed, numRuns: 50 },
    );
  });
});

/**
 * The parts of `value` framed by encodeFrameParts, checked: joined, they are encodeFrame's bytes,
 * and the message encoded after them does not rewrite them.
 */
function framedInParts(value: unknown): Buffer[] {
  const frame = encodeFrameParts([MessageKind.Response, 9, value]);
  const parts = Buffer.isBuffer(frame) ? [frame] : frame;
  const joined = Buffer.concat(parts);
  expect(Buffer.compare(joined, encodeFrame([MessageKind.Response, 9, value]))).toBe(0);
  encodeFrameParts([MessageKind.Response, 10, value]);
  expect(Buffer.compare(Buffer.concat(parts), joined)).toBe(0);
  return parts;
}

/** Put cells of one row whose cell block is at least `bytes` long. */
function blockOfBytes(bytes: number): Cell[] {
  const valueBytes = 1000;
  return Array.from({ length: Math.ceil(bytes / valueBytes) }, (_, i) => ({
    row: Buffer.from('r'),
    family: Buffer.from('f'),
    qualifier: Buffer.from(String(i)),
    timestamp: i,
    type: CellType.Put,
    value: Buffer.alloc(valueBytes, i & 0xff),
    sequenceId: 0,
  }));
}

function collectLarge(value: unknown, out: Buffer[] = []): Buffer[] {
  if (Buffer.isBuffer(value)) {
    if (value.length >= WIRE_BYTES_BY_REFERENCE_MIN) out.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectLarge(item, out);
  } else if (value !== null && typeof value === 'object' && !(value instanceof CellBlock)) {
    for (const item of Object.values(value)) collectLarge(item, out);
  }
  return out;
}
