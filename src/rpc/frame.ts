// Framing: each frame is a 4-byte big-endian length, then that many payload bytes.
// The decoder is pure (no I/O): it turns arbitrary chunks into whole frames, or fails.
import { FRAME_BYTES_MAX } from '../common/limits.js';
import { FrameTooLargeError } from './errors.js';

export const FRAME_HEADER_BYTES = 4;

/** Receives one frame's payload; returning false holds back the frames after it. */
export type FrameSink = (payload: Buffer) => boolean | void;

/** Prefixes `payload` with its length. */
export function frameHeader(payloadBytes: number): Buffer {
  const header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
  header.writeUInt32BE(payloadBytes, 0);
  return header;
}

/**
 * Splits a byte stream into frames. Frames that lie whole inside one chunk are returned as
 * views of it (no copy); only a frame that spans chunks is copied once.
 */
export class FrameDecoder {
  readonly #frameBytesMax: number;
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  constructor(frameBytesMax = FRAME_BYTES_MAX) {
    this.#frameBytesMax = frameBytesMax;
  }

  /** Bytes held that do not yet make a whole frame. */
  get bufferedBytes(): number {
    return this.#pendingBytes;
  }

  /**
   * Feeds a chunk; calls `onFrame` for each whole frame until it returns false, keeping the
   * rest for `resume`. Throws FrameTooLargeError.
   */
  push(chunk: Buffer, onFrame: FrameSink): void {
    if (this.#pendingBytes === 0) {
      this.#process(chunk, onFrame);
      return;
    }
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    if (this.#pendingBytes < FRAME_HEADER_BYTES) return;
    if (this.#pendingBytes < this.#peekLength() + FRAME_HEADER_BYTES) return;
    this.resume(onFrame);
  }

  /** Keeps a chunk behind the frames held back, to be delivered by the next `resume`. */
  hold(chunk: Buffer): void {
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
  }

  /** Delivers frames held back when `onFrame` last returned false. */
  resume(onFrame: FrameSink): void {
    if (this.#pendingBytes === 0) return;
    const data =
      this.#pending.length === 1
        ? (this.#pending[0] as Buffer)
        : Buffer.concat(this.#pending, this.#pendingBytes);
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#process(data, onFrame);
  }

  #process(data: Buffer, onFrame: FrameSink): void {
    let offset = 0;
    while (data.length - offset >= FRAME_HEADER_BYTES) {
      const length = data.readUInt32BE(offset);
      this.#checkLength(length);
      const end = offset + FRAME_HEADER_BYTES + length;
      if (end > data.length) break;
      const more = onFrame(data.subarray(offset + FRAME_HEADER_BYTES, end));
      offset = end;
      if (more === false) break;
    }
    if (offset < data.length) {
      const rest = data.subarray(offset);
      if (rest.length >= FRAME_HEADER_BYTES) this.#checkLength(rest.readUInt32BE(0));
      this.#pending.push(rest);
      this.#pendingBytes = rest.length;
    }
  }

  #peekLength(): number {
    const head =
      this.#pending[0] !== undefined && this.#pending[0].length >= FRAME_HEADER_BYTES
        ? this.#pending[0]
        : Buffer.concat(this.#pending, this.#pendingBytes);
    const length = head.readUInt32BE(0);
    this.#checkLength(length);
    return length;
  }

  #checkLength(length: number): void {
    if (length > this.#frameBytesMax) {
      throw new FrameTooLargeError(
        `frame is ${length} bytes; FRAME_BYTES_MAX is ${this.#frameBytesMax}`,
      );
    }
  }
}
