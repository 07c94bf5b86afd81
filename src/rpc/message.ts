// The messages of the transport, as msgpack arrays whose first element names the kind.
// Decoding checks every field's type: a message of the wrong shape is a ProtocolError.
import { Packr } from 'msgpackr';
import { isWireError, type WireError } from '../common/errors.js';
import { METHOD_NAME_BYTES_MAX } from '../common/limits.js';
import { ProtocolError } from './errors.js';
import { FRAME_HEADER_BYTES, frameHeader } from './frame.js';
import { decodeWire, WIRE_UNDECODED } from './wire-decoder.js';
import { encodeWire, encodeWireParts } from './wire-encoder.js';

export const MessageKind = {
  /** Client → server: [kind, callId, method, timeoutMs, body, streamWindowChunks]. */
  Request: 0,
  /** Server → client: [kind, callId, body]. */
  Response: 1,
  /** Server → client: [kind, callId, {code, message, retriable}]; callId 0 = the connection. */
  Error: 2,
  /** Server → client: one item of a streamed answer, [kind, callId, item]. */
  StreamItem: 3,
  /** Server → client: the stream ended, [kind, callId]. */
  StreamEnd: 4,
  /** Client → server: the caller gave up, [kind, callId]. */
  Cancel: 5,
  /** Client → server: the receiver can take `n` more stream items, [kind, callId, n]. */
  Credit: 6,
  /** Server → client: send no new calls on this connection, [kind, reason]. */
  GoAway: 7,
} as const;

export type RequestMessage = readonly [0, number, string, number, unknown, number];
export type ResponseMessage = readonly [1, number, unknown];
export type ErrorMessage = readonly [2, number, WireError];
export type StreamItemMessage = readonly [3, number, unknown];
export type StreamEndMessage = readonly [4, number];
export type CancelMessage = readonly [5, number];
export type CreditMessage = readonly [6, number, number];
export type GoAwayMessage = readonly [7, string];

export type ClientMessage = RequestMessage | CancelMessage | CreditMessage;
export type ServerMessage =
  ResponseMessage | ErrorMessage | StreamItemMessage | StreamEndMessage | GoAwayMessage;

/** The connection-level call id: errors about the connection itself. */
export const CONNECTION_CALL_ID = 0;
/** Call ids wrap below this bound (uint32, skipping 0). */
export const CALL_ID_MAX = 0xffff_ffff;

// Plain msgpack maps (no record extension). Lists of cells are the one extension type (0x43,
// common/cell-block.ts); any msgpack peer can read the rest of our frames.
const packr = new Packr({ useRecords: false, mapsAsObjects: true });

// wire-encoder.ts and wire-decoder.ts take the values messages carry, with msgpackr's bytes and
// results; anything else is msgpackr's.
export function encodeMessage(message: ClientMessage | ServerMessage): Buffer {
  return encodeWire(message) ?? packr.pack(message);
}

/** The message as a whole frame: its length header, then its payload (one buffer). */
export function encodeFrame(message: ClientMessage | ServerMessage): Buffer {
  const framed = encodeWire(message, FRAME_HEADER_BYTES);
  if (framed !== undefined) {
    framed.writeUInt32BE(framed.length - FRAME_HEADER_BYTES, 0);
    return framed;
  }
  const payload = packr.pack(message);
  return Buffer.concat([frameHeader(payload.length), payload]);
}

/** The bytes of a frame, in one buffer or in parts. */
export function frameBytes(frame: Buffer | readonly Buffer[]): number {
  if (Buffer.isBuffer(frame)) return frame.length;
  let bytes = 0;
  for (const part of frame) bytes += part.length;
  return bytes;
}

/**
 * The message as a whole frame in parts (wire-encoder's encodeWireParts): its large byte strings
 * are the caller's own buffers, which must not change until the frame is written.
 */
export function encodeFrameParts(message: ClientMessage | ServerMessage): Buffer | Buffer[] {
  const parts = encodeWireParts(message, FRAME_HEADER_BYTES);
  if (parts === undefined) return encodeFrame(message);
  const [first] = parts;
  if (parts.length === 1 && first !== undefined) {
    first.writeUInt32BE(first.length - FRAME_HEADER_BYTES, 0);
    return first;
  }
  (first as Buffer).writeUInt32BE(frameBytes(parts) - FRAME_HEADER_BYTES, 0);
  return parts;
}

function decodeArray(payload: Buffer): readonly unknown[] {
  let value: unknown;
  try {
    value = decodeWire(payload);
    if (value === WIRE_UNDECODED) value = packr.unpack(payload);
  } catch (error) {
    throw new ProtocolError(`frame is not valid msgpack (${payload.length} bytes)`, {
      cause: error,
    });
  }
  if (!Array.isArray(value) || value.length < 2 || typeof value[0] !== 'number') {
    throw new ProtocolError('message is not an array that starts with its kind');
  }
  return value;
}

function isCallId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= CALL_ID_MAX;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function bad(kind: string, detail: string): ProtocolError {
  return new ProtocolError(`malformed ${kind} message: ${detail}`);
}

/** Decodes what a server receives. Throws ProtocolError. */
export function decodeClientMessage(payload: Buffer): ClientMessage {
  const m = decodeArray(payload);
  const [kind, id] = m;
  if (!isCallId(id)) throw bad('client', `call id ${String(id)} is not in 1..${CALL_ID_MAX}`);
  switch (kind) {
    case MessageKind.Request: {
      const [, , method, timeoutMs, body, window] = m;
      if (m.length !== 6) throw bad('request', `has ${m.length} fields; expected 6`);
      if (typeof method !== 'string' || method.length > METHOD_NAME_BYTES_MAX) {
        throw bad('request', `method must be a string of at most ${METHOD_NAME_BYTES_MAX} bytes`);
      }
      if (!isCount(timeoutMs)) throw bad('request', 'timeoutMs must be a whole number');
      if (!isCount(window)) throw bad('request', 'stream window must be a whole number');
      return [kind, id, method, timeoutMs, body, window];
    }
    case MessageKind.Cancel:
      return [kind, id];
    case MessageKind.Credit: {
      const n = m[2];
      if (!isCount(n)) throw bad('credit', 'credit must be a whole number');
      return [kind, id, n];
    }
    default:
      throw bad('client', `unknown kind ${String(kind)}`);
  }
}

/** Decodes what a client receives. Throws ProtocolError. */
export function decodeServerMessage(payload: Buffer): ServerMessage {
  const m = decodeArray(payload);
  const kind = m[0];
  if (kind === MessageKind.GoAway) {
    const reason = m[1];
    if (typeof reason !== 'string') throw bad('goaway', 'reason must be a string');
    return [kind, reason];
  }
  const id = m[1];
  const idOk = isCallId(id) || (kind === MessageKind.Error && id === CONNECTION_CALL_ID);
  if (typeof id !== 'number' || !idOk) throw bad('server', `bad call id ${String(id)}`);
  switch (kind) {
    case MessageKind.Response:
      return [kind, id, m[2]];
    case MessageKind.Error: {
      const error = m[2];
      if (!isWireError(error)) throw bad('error', 'needs {code, message, retriable}');
      return [kind, id, error];
    }
    case MessageKind.StreamItem:
      return [kind, id, m[2]];
    case MessageKind.StreamEnd:
      return [kind, id];
    default:
      throw bad('server', `unknown kind ${String(kind)}`);
  }
}
