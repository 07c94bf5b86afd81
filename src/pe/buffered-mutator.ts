// A client-side write buffer in the manner of HBase's BufferedMutator, for PE's writes with
// autoFlush false: mutations gather until their size passes the buffer, then go as one batch
// (Table.put / Table.delete of a list) while the caller keeps buffering; mutate waits only when
// MUTATOR_FLUSHES_IN_FLIGHT_MAX batches are already in flight.
// Invariant: every mutation given to mutate() is sent by the time flush() or close() resolves,
// and a failed batch's error is raised by the next mutate, flush or close.
import { assert } from '../common/assert.js';
import { Put, type Delete, type Table } from '../client/index.js';
import { MUTATOR_FLUSHES_IN_FLIGHT_MAX } from './limits.js';

type Mutation = Put | Delete;

export class BufferedMutator {
  readonly #table: Table;
  readonly #bufferBytes: number;
  #buffer: Mutation[] = [];
  #bytes = 0;
  readonly #inFlight = new Set<Promise<void>>();
  #failure: unknown;
  #closed = false;

  constructor(table: Table, bufferBytes: number) {
    assert(bufferBytes > 0, 'a write buffer holds at least a byte');
    this.#table = table;
    this.#bufferBytes = bufferBytes;
  }

  /** Buffers `mutation` (`bytes`: its size, as HBase's heapSize counts it); may start a batch. */
  async mutate(mutation: Mutation, bytes: number): Promise<void> {
    assert(!this.#closed, 'mutate after close');
    this.#raiseFailure();
    this.#buffer.push(mutation);
    this.#bytes += bytes;
    if (this.#bytes < this.#bufferBytes) return;
    while (this.#inFlight.size >= MUTATOR_FLUSHES_IN_FLIGHT_MAX) {
      await Promise.race(this.#inFlight);
    }
    this.#raiseFailure();
    this.#send();
  }

  /** Sends what is buffered and waits for every batch in flight. */
  async flush(): Promise<void> {
    this.#send();
    while (this.#inFlight.size > 0) await Promise.race(this.#inFlight);
    this.#raiseFailure();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.flush();
    } finally {
      this.#closed = true;
    }
  }

  /** Bytes buffered and not yet sent. */
  get bufferedBytes(): number {
    return this.#bytes;
  }

  #send(): void {
    if (this.#buffer.length === 0) return;
    const mutations = this.#buffer;
    this.#buffer = [];
    this.#bytes = 0;
    // Puts alone go as put(list); a mix as one batch (as HBase's, unordered within the batch).
    const onlyPuts = mutations.every((m) => m instanceof Put);
    const send = onlyPuts
      ? this.#table.put(mutations as Put[])
      : this.#table.batch(mutations).then(() => undefined);
    const batch = send.catch((error: unknown) => {
      this.#failure ??= error;
    });
    const tracked = batch.finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
  }

  #raiseFailure(): void {
    if (this.#failure === undefined) return;
    const failure = this.#failure;
    this.#failure = undefined;
    throw failure;
  }
}
