// The server side of a streamed answer: pulls items from the handler's async iterable and
// sends each only while the receiver has granted credit and the socket drains, so a slow
// receiver holds the sender to STREAM_WINDOW_CHUNKS items in flight.
import { toWire } from '../common/errors.js';
import type { CallContext } from './call-context.js';
import { MessageKind, encodeFrame, encodeFrameParts } from './message.js';

export interface StreamSenderOptions {
  readonly callId: number;
  readonly windowChunks: number;
  /** Queues one whole frame (header included). */
  readonly write: (frame: Buffer | readonly Buffer[]) => void;
  readonly isBlocked: () => boolean;
  readonly finish: () => void;
}

export class StreamSender {
  readonly #options: StreamSenderOptions;
  #credit: number;
  #wake: (() => void) | undefined;

  constructor(options: StreamSenderOptions) {
    this.#options = options;
    this.#credit = options.windowChunks;
  }

  /** The receiver took `n` items: that many more may be sent. */
  grant(n: number): void {
    this.#credit += n;
    this.wake();
  }

  /** Called on credit, socket drain or abort: lets a waiting sender look again. */
  wake(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  run(items: AsyncIterable<unknown>, context: CallContext): void {
    void this.#pump(items, context);
  }

  async #pump(items: AsyncIterable<unknown>, context: CallContext): Promise<void> {
    const { callId, write } = this.#options;
    const iterator = items[Symbol.asyncIterator]();
    try {
      for (;;) {
        while ((this.#credit <= 0 || this.#options.isBlocked()) && !context.aborted) {
          await new Promise<void>((resolve) => (this.#wake = resolve));
        }
        if (context.aborted) {
          await iterator.return?.();
          return;
        }
        const next = await iterator.next();
        if (next.done === true) break;
        if (context.aborted) {
          await iterator.return?.();
          return;
        }
        write(encodeFrameParts([MessageKind.StreamItem, callId, next.value]));
        this.#credit -= 1;
      }
      write(encodeFrame([MessageKind.StreamEnd, callId]));
    } catch (error) {
      if (!context.aborted) write(encodeFrame([MessageKind.Error, callId, toWire(error)]));
    } finally {
      this.#options.finish();
    }
  }
}
