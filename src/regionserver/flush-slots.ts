// The region server's background flushers (HBase's `hbase.hstore.flusher.count`): at most
// BACKGROUND_FLUSHES_MAX memstore flushes run at once, the rest wait in arrival order. Regions
// that fill together (random writes spread over every region, or one writer per region) otherwise
// flush together: their sorts and file writes take the event loop and the datanode's queue at
// once, and every write waits behind them. Explicit flushes (admin, close, split) do not queue.
// A region waits here at most once (region-flush.ts coalesces its requests), so the queue is
// bounded by the regions open in the process.
import { BACKGROUND_FLUSHES_MAX } from './limits.js';

export class FlushSlots {
  readonly #max: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(max = BACKGROUND_FLUSHES_MAX) {
    this.#max = max;
  }

  /** Flushes running now. */
  get running(): number {
    return this.#running;
  }

  /** Flushes waiting for a slot. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Runs `work` once a slot is free; the slot is given back however it ends. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#max) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next === undefined) this.#running--;
      else next();
    }
  }
}

/** The process's flushers, shared by its regions. */
export const backgroundFlushSlots = new FlushSlots();
