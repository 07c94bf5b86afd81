// The client side of a streamed answer: an async iterable that buffers at most the window it
// granted and grants more credit as the consumer takes items. Leaving the loop early cancels.
import { ProtocolError } from './errors.js';

export interface StreamReceiverHooks {
  /** Tells the sender it may send `n` more items. */
  grant(n: number): void;
  /** The consumer stopped before the end. */
  cancel(): void;
}

export class StreamReceiver<T = unknown> implements AsyncIterable<T> {
  readonly windowChunks: number;
  #hooks: StreamReceiverHooks | undefined;
  #items: T[] = [];
  #ended = false;
  #error: Error | undefined;
  #wake: (() => void) | undefined;
  #taken = 0;

  constructor(windowChunks: number) {
    this.windowChunks = windowChunks;
  }

  attach(hooks: StreamReceiverHooks): void {
    this.#hooks = hooks;
  }

  push(item: T): void {
    if (this.#ended || this.#error !== undefined) return;
    if (this.#items.length >= this.windowChunks) {
      this.fail(new ProtocolError(`stream sent past its window of ${this.windowChunks} items`));
      this.#hooks?.cancel();
      return;
    }
    this.#items.push(item);
    this.#notify();
  }

  end(): void {
    this.#ended = true;
    this.#notify();
  }

  fail(error: Error): void {
    if (this.#ended || this.#error !== undefined) return;
    this.#error = error;
    this.#notify();
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => this.#next(),
      return: () => {
        if (!this.#ended && this.#error === undefined) {
          this.#ended = true;
          this.#hooks?.cancel();
        }
        this.#items = [];
        return Promise.resolve({ done: true, value: undefined });
      },
    };
  }

  async #next(): Promise<IteratorResult<T>> {
    for (;;) {
      if (this.#items.length > 0) {
        const value = this.#items.shift() as T;
        this.#taken += 1;
        if (this.#taken * 2 >= this.windowChunks) {
          this.#hooks?.grant(this.#taken);
          this.#taken = 0;
        }
        return { done: false, value };
      }
      if (this.#error !== undefined) throw this.#error;
      if (this.#ended) return { done: true, value: undefined };
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
