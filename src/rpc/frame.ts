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
 * views of it (no copy); a frame that spans chunks is copied once, when its last byte arrives:
 * the chunks of a partial frame wait in a list, so a large frame that comes in many chunks (a
 * 2 MiB batch of puts in 64 KiB reads) is not copied again on every chunk or every turn.
 */
export class FrameDecoder {
  readonly #frameBytesMax: number;
  /** Bytes not yet delivered, in order: a partial frame, or frames held back by the sink. */
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  constructor(frameBytesMax = FRAME_BYTES_MAX) {
    this.#frameBytesMax = frameBytesMax;
  }

  /** Bytes held that are not yet delivered as frames. */
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
    this.hold(chunk);
    this.resume(onFrame);
  }

  /** Keeps a chunk behind the frames held back, to be delivered by the next `resume`. */
  hold(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
  }

  /** Delivers the whole frames held (until `onFrame` returns false); a partial one waits. */
  resume(onFrame: FrameSink): void {
    while (this.#pendingBytes >= FRAME_HEADER_BYTES) {
      const frameEnd = FRAME_HEADER_BYTES + this.#peekLength();
      if (this.#pendingBytes < frameEnd) return;
      if (!this.#process(this.#takeFront(frameEnd), onFrame)) return;
    }
  }

  /** Delivers the frames in `data`, then keeps its rest in front of the pending chunks. */
  #process(data: Buffer, onFrame: FrameSink): boolean {
    let offset = 0;
    let more = true;
    while (more && data.length - offset >= FRAME_HEADER_BYTES) {
      const length = data.readUInt32BE(offset);
      this.#checkLength(length);
      const end = offset + FRAME_HEADER_BYTES + length;
      if (end > data.length) break;
      more = onFrame(data.subarray(offset + FRAME_HEADER_BYTES, end)) !== false;
      offset = end;
    }
    if (offset < data.length) {
      const rest = offset === 0 ? data : data.subarray(offset);
      if (rest.length >= FRAME_HEADER_BYTES) this.#checkLength(rest.readUInt32BE(0));
      this.#pending.unshift(rest);
      this.#pendingBytes += rest.length;
    }
    return more;
  }

  /** Removes the front chunks that hold at least `bytes` bytes, joined into one buffer. */
  #takeFront(bytes: number): Buffer {
    const pending = this.#pending;
    const first = pending[0] as Buffer;
    let count = 1;
    let taken = first.length;
    while (taken < bytes) taken += (pending[count++] as Buffer).length;
    const parts = pending.splice(0, count);
    this.#pendingBytes -= taken;
    return count === 1 ? first : Buffer.concat(parts, taken);
  }

  /** The length field of the first pending frame (which may span chunks). */
  #peekLength(): number {
    const pending = this.#pending;
    const first = pending[0] as Buffer;
    let length: number;
    if (first.length >= FRAME_HEADER_BYTES) {
      length = first.readUInt32BE(0);
    } else {
      length = 0;
      let chunk = 0;
      let at = 0;
      for (let i = 0; i < FRAME_HEADER_BYTES; i++) {
        while (at >= (pending[chunk] as Buffer).length) {
          chunk++;
          at = 0;
        }
        length = length * 256 + ((pending[chunk] as Buffer)[at++] as number);
      }
    }
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
