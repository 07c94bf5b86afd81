// Framing and messages: any payloads split at any points decode to the same frames; any
// message round-trips through the codec; bad bytes are ProtocolErrors, oversize frames
// FrameTooLargeErrors. Seeded: COLONNADE_SEED=<seed> replays a failing run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedFromEnv } from '../../src/common/rng.js';
import { FrameTooLargeError, ProtocolError } from '../../src/rpc/errors.js';
import { FrameDecoder, frameHeader } from '../../src/rpc/frame.js';
import {
  MessageKind,
  decodeClientMessage,
  decodeServerMessage,
  encodeMessage,
  type ClientMessage,
} from '../../src/rpc/message.js';

const seed = seedFromEnv();

function frames(payloads: readonly Uint8Array[]): Buffer {
  return Buffer.concat(payloads.flatMap((p) => [frameHeader(p.length), Buffer.from(p)]));
}

/** Values msgpack carries exactly: what a message body may hold. */
const wireValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.maxSafeInteger(),
    // msgpackr writes -0 as the integer 0 (documented in docs/rpc.md): the only value that changes.
    fc.double({ noNaN: true }).filter((d) => !Object.is(d, -0)),
    fc.string(),
    fc.uint8Array().map((a) => Buffer.from(a)),
    fc
      .bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
      .filter((b) => b < -(2n ** 53n) || b > 2n ** 53n),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(
      fc.string().filter((k) => k !== '__proto__'),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;

describe(`frame decoder (seed ${seed})`, () => {
  it('decodes any payloads split at any points into the same frames', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (payloads, cuts) => {
          const bytes = frames(payloads);
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort(
            (a, b) => a - b,
          );
          const decoder = new FrameDecoder();
          const out: Buffer[] = [];
          let last = 0;
          for (const point of [...points, bytes.length]) {
            decoder.push(bytes.subarray(last, point), (f) => {
              out.push(Buffer.from(f));
            });
            last = point;
          }
          expect(out.map((b) => [...b])).toEqual(payloads.map((p) => [...p]));
          expect(decoder.bufferedBytes).toBe(0);
        },
      ),
      { seed },
    );
  });

  it('delivers the same frames when the sink stops early and chunks are held, then resumed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.array(fc.record({ hold: fc.boolean(), budget: fc.integer({ min: 1, max: 4 }) }), {
          minLength: 11,
          maxLength: 11,
        }),
        (payloads, cuts, steps) => {
          const bytes = frames(payloads);
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort(
            (a, b) => a - b,
          );
          const decoder = new FrameDecoder();
          const out: Buffer[] = [];
          let budget = 0;
          // A sink with a turn's budget, as the connections use it: false once it is spent.
          const sink = (f: Buffer): boolean => {
            out.push(Buffer.from(f));
            budget -= 1;
            return budget > 0;
          };
          let last = 0;
          [...points, bytes.length].forEach((point, i) => {
            const step = steps[i] ?? { hold: false, budget: 1 };
            budget = step.budget;
            const chunk = bytes.subarray(last, point);
            if (step.hold) decoder.hold(chunk);
            else decoder.push(chunk, sink);
            last = point;
          });
          for (let turn = 0; turn <= payloads.length; turn++) {
            budget = 1;
            decoder.resume(sink);
          }
          expect(out.map((b) => [...b])).toEqual(payloads.map((p) => [...p]));
          expect(decoder.bufferedBytes).toBe(0);
        },
      ),
      { seed },
    );
  });

  it('joins a frame that spans many chunks once, when its last byte arrives', () => {
    const payload = Buffer.alloc(64 * 1024, 7);
    const bytes = frames([payload, Buffer.from('next')]);
    const decoder = new FrameDecoder();
    const out: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 1000) {
      const chunk = bytes.subarray(at, Math.min(bytes.length, at + 1000));
      decoder.push(chunk, (f) => {
        out.push(f);
      });
      if (out.length === 0) expect(decoder.bufferedBytes).toBe(Math.min(bytes.length, at + 1000));
    }
    expect(out.map((f) => f.length)).toEqual([payload.length, 4]);
    expect(out[0]?.equals(payload)).toBe(true);
    expect(out[1]?.toString()).toBe('next');
  });

  it('refuses a frame over the limit as soon as its header arrives', () => {
    const decoder = new FrameDecoder(100);
    expect(() => decoder.push(frameHeader(101), () => undefined)).toThrow(FrameTooLargeError);
    const split = new FrameDecoder(100);
    split.push(frameHeader(101).subarray(0, 2), () => undefined);
    expect(() => split.push(frameHeader(101).subarray(2), () => undefined)).toThrow(
      /FRAME_BYTES_MAX/,
    );
  });

  it('holds a truncated frame without emitting it', () => {
    const decoder = new FrameDecoder();
    const bytes = frames([Buffer.from('hello')]);
    const out: Buffer[] = [];
    decoder.push(bytes.subarray(0, bytes.length - 1), (f) => {
      out.push(f);
    });
    expect(out).toHaveLength(0);
    expect(decoder.bufferedBytes).toBe(bytes.length - 1);
  });
});

describe(`message codec (seed ${seed})`, () => {
  it('round-trips any request body', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0xffff_ffff }),
        fc.string({ maxLength: 40 }),
        wireValue,
        (id, method, body) => {
          const message: ClientMessage = [MessageKind.Request, id, method, 1000, body, 8];
          expect(decodeClientMessage(encodeMessage(message))).toEqual(message);
        },
      ),
      { seed },
    );
  });

  it('round-trips any response body, and errors', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0xffff_ffff }), wireValue, (id, body) => {
        expect(decodeServerMessage(encodeMessage([MessageKind.Response, id, body]))).toEqual([
          MessageKind.Response,
          id,
          body,
        ]);
        const error = { code: 'X', message: 'm', retriable: true };
        expect(decodeServerMessage(encodeMessage([MessageKind.Error, id, error]))).toEqual([
          MessageKind.Error,
          id,
          error,
        ]);
      }),
      { seed },
    );
  });

  it('rejects garbage and malformed messages with ProtocolError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        try {
          decodeClientMessage(Buffer.from(bytes));
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
        }
      }),
      { seed },
    );
    const bad = (value: unknown): Buffer => encodeMessage(value as ClientMessage);
    expect(() => decodeClientMessage(bad({ not: 'an array' }))).toThrow(ProtocolError);
    expect(() => decodeClientMessage(bad([0, 0, 'm', 1, null, 0]))).toThrow(/call id/);
    expect(() => decodeClientMessage(bad([0, 1, 42, 1, null, 0]))).toThrow(/method/);
    expect(() => decodeClientMessage(bad([0, 1, 'm', -1, null, 0]))).toThrow(/timeoutMs/);
    expect(() => decodeClientMessage(bad([9, 1]))).toThrow(/unknown kind/);
    expect(() => decodeServerMessage(bad([2, 1, { code: 1 }]))).toThrow(/code, message/);
  });
});
