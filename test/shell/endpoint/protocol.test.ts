// The shell protocol's codec: every well-formed message survives encode → decode (property), and
// each malformed one is refused with a ShellProtocolError that says what is wrong.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ClientMessage,
  decodeClientFrame,
  decodeClientMessage,
  decodeServerMessage,
  encodeMessage,
  idOfMalformed,
  messageBytes,
  type ServerMessage,
  SHELL_COMPLETE_TEXT_CHARS_MAX,
  SHELL_MESSAGE_BYTES_MAX,
  ShellProtocolError,
} from '../../../src/shell/endpoint/index.js';

const id = fc.nat({ max: Number.MAX_SAFE_INTEGER });
const text = fc.string({ unit: 'grapheme', maxLength: 200 });

const clientMessage: fc.Arbitrary<ClientMessage> = fc.oneof(
  fc.record({ type: fc.constant('line' as const), id, text }),
  fc.record({ type: fc.constant('interrupt' as const), id }),
  fc.record({ type: fc.constant('complete' as const), id, text }),
);

const serverMessage: fc.Arbitrary<ServerMessage> = fc.oneof(
  fc.record({ type: fc.constant('hello' as const), version: text, prompt: text }),
  fc.record({ type: fc.constant('output' as const), id, chunk: text }),
  fc.record({
    type: fc.constant('done' as const),
    id,
    ok: fc.boolean(),
    exit: fc.boolean(),
    interrupted: fc.boolean(),
    prompt: text,
  }),
  fc.record({ type: fc.constant('completions' as const), id, items: fc.array(text) }),
  fc.record({ type: fc.constant('error' as const), message: text }),
  fc.record({ type: fc.constant('error' as const), message: text, id }),
);

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ShellProtocolError);
    return (error as Error).message;
  }
  throw new Error('not refused');
}

describe('the shell protocol', () => {
  it('decodes what it encodes, both ways', () => {
    fc.assert(
      fc.property(clientMessage, (m) => {
        expect(decodeClientMessage(encodeMessage(m))).toEqual(m);
        expect(decodeClientFrame(Buffer.from(encodeMessage(m)), false)).toEqual(m);
      }),
      { seed: 7001, numRuns: 300 },
    );
    fc.assert(
      fc.property(serverMessage, (m) => {
        expect(decodeServerMessage(encodeMessage(m))).toEqual(m);
      }),
      { seed: 7002, numRuns: 300 },
    );
  });

  it('never throws anything but ShellProtocolError on junk', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (junk) => {
        try {
          decodeClientMessage(junk);
        } catch (error) {
          expect(error).toBeInstanceOf(ShellProtocolError);
        }
      }),
      { seed: 7003, numRuns: 500 },
    );
  });

  it('names what is wrong with a malformed message', () => {
    expect(refusal(() => decodeClientMessage('{'))).toMatch(/^message is not JSON: /);
    expect(refusal(() => decodeClientMessage('"line"'))).toBe(
      'message is not a JSON object: "line"',
    );
    expect(refusal(() => decodeClientMessage('{"id":1}'))).toBe(
      'unknown message type none; expected "line", "interrupt" or "complete"',
    );
    expect(refusal(() => decodeClientMessage('{"type":"interrupt","id":1.5}'))).toBe(
      'a interrupt message needs an id, an integer ≥ 0; got 1.5',
    );
    expect(refusal(() => decodeClientMessage('{"type":"line","id":1,"text":3}'))).toBe(
      'a line message needs text, a string',
    );
    const long = 'x'.repeat(SHELL_COMPLETE_TEXT_CHARS_MAX + 1);
    expect(
      refusal(() => decodeClientMessage(encodeMessage({ type: 'complete', id: 1, text: long }))),
    ).toBe(
      `complete text is ${long.length} characters; the limit is ${SHELL_COMPLETE_TEXT_CHARS_MAX}`,
    );
    expect(refusal(() => decodeServerMessage('{"type":"completions","id":1,"items":[1]}'))).toBe(
      'a completions message needs items, an array of strings',
    );
  });

  it('refuses binary and oversized frames before parsing them', () => {
    expect(refusal(() => decodeClientFrame(Buffer.from('{}'), true))).toBe(
      'messages are JSON text; a binary one came',
    );
    const big = Buffer.alloc(SHELL_MESSAGE_BYTES_MAX + 1, 0x20);
    expect(refusal(() => decodeClientFrame(big, false))).toBe(
      `message is ${SHELL_MESSAGE_BYTES_MAX + 1} bytes; the limit is ${SHELL_MESSAGE_BYTES_MAX}`,
    );
  });

  it('finds the id of a malformed message, when it has one', () => {
    expect(idOfMalformed(Buffer.from('{"type":"nope","id":4}'))).toBe(4);
    expect(idOfMalformed(Buffer.from('{"type":"line"}'))).toBeUndefined();
    expect(idOfMalformed(Buffer.from('nope'))).toBeUndefined();
  });

  it('joins the forms ws hands a message over in', () => {
    const parts = [Buffer.from('ab'), Buffer.from('c')];
    expect(messageBytes(parts).toString()).toBe('abc');
    expect(messageBytes(new Uint8Array([0x61]).buffer).toString()).toBe('a');
  });
});
