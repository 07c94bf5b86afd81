// Writes frames to a socket, coalescing the frames of one tick into a single write (copied into
// one reused buffer when small, one writev when large), and
// tracks backpressure: `blocked` is true from SOCKET_BUFFER_BYTES_MAX unsent bytes to 'drain'.
import type { Socket } from 'node:net';
import {
  FRAME_BYTES_MAX,
  FRAME_COALESCE_COPY_BYTES_MAX,
  SOCKET_BUFFER_BYTES_MAX,
} from '../common/limits.js';
import { FrameTooLargeError } from './errors.js';
import { FRAME_HEADER_BYTES } from './frame.js';
import { frameBytes } from './message.js';

export class FrameWriter {
  readonly #socket: Socket;
  readonly #onDrain: () => void;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #flushScheduled = false;
  #blocked = false;
  /** The coalescing buffer, when no write still holds it (see #writeCopied). */
  #spare: Buffer | undefined = undefined;

  constructor(socket: Socket, onDrain: () => void) {
    this.#socket = socket;
    this.#onDrain = onDrain;
    socket.on('drain', () => {
      this.#blocked = false;
      this.#onDrain();
    });
  }

  /** True from the moment the socket holds SOCKET_BUFFER_BYTES_MAX unsent bytes until 'drain'. */
  get blocked(): boolean {
    return this.#blocked;
  }

  /** Bytes accepted but not yet handed to the kernel. */
  get bufferedBytes(): number {
    return this.#pendingBytes + this.#socket.writableLength;
  }

  /**
   * Queues one frame, its length header already in place (message.ts's encodeFrame, or its parts
   * from encodeFrameParts); it goes out with the others of this tick. Returns its bytes. Throws
   * FrameTooLargeError.
   */
  write(frame: Buffer | readonly Buffer[]): number {
    const bytes = frameBytes(frame);
    const payloadBytes = bytes - FRAME_HEADER_BYTES;
    if (payloadBytes > FRAME_BYTES_MAX) {
      throw new FrameTooLargeError(
        `frame is ${payloadBytes} bytes; FRAME_BYTES_MAX is ${FRAME_BYTES_MAX}`,
      );
    }
    if (Buffer.isBuffer(frame)) this.#pending.push(frame);
    else for (const part of frame) this.#pending.push(part);
    this.#pendingBytes += bytes;
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      process.nextTick(this.#flush);
    }
    return bytes;
  }

  /** Writes what is queued now, then ends the socket (the peer sees a clean close). */
  end(): void {
    this.#flush();
    this.#socket.end();
  }

  readonly #flush = (): void => {
    this.#flushScheduled = false;
    if (this.#pendingBytes === 0 || this.#socket.destroyed) {
      this.#pending = [];
      this.#pendingBytes = 0;
      return;
    }
    const pending = this.#pending;
    const bytes = this.#pendingBytes;
    this.#pending = [];
    this.#pendingBytes = 0;
    // write() returns false past Node's 16 KiB high-water mark, which one coalesced batch of
    // answers often passes; only a real backlog counts ('drain' follows either way).
    if (pending.length === 1) {
      this.#socket.write(pending[0] as Buffer);
    } else if (bytes <= FRAME_COALESCE_COPY_BYTES_MAX) {
      this.#writeCopied(pending, bytes);
    } else {
      // Large frames (a block's data packets) are not copied again: one writev of them all.
      this.#socket.cork();
      for (const buffer of pending) this.#socket.write(buffer);
      this.#socket.uncork();
    }
    if (this.#socket.writableLength >= SOCKET_BUFFER_BYTES_MAX) this.#blocked = true;
  };

  /**
   * Copies the frames into the coalescing buffer and writes it. When the socket took every byte
   * at once (nothing left queued, the usual case), the kernel has them and the buffer is free for
   * the next tick; otherwise the socket holds it until sent, and the next tick takes a new one.
   */
  #writeCopied(pending: readonly Buffer[], bytes: number): void {
    let out = this.#spare;
    this.#spare = undefined;
    if (out === undefined) out = Buffer.allocUnsafeSlow(FRAME_COALESCE_COPY_BYTES_MAX);
    let at = 0;
    for (const buffer of pending) {
      out.set(buffer, at);
      at += buffer.length;
    }
    const socket = this.#socket;
    socket.write(out.subarray(0, bytes));
    if (socket.writableLength === 0) this.#spare = out;
  }
}
