// The bare path's clients, shaped as PE's: `clients` loops side by side, each awaiting one call at
// a time on RpcClients shared round-robin (one per client, as PE's connections), with PE's rows
// and values and HdrHistogram latencies. Random gets, and random puts in batches.
import { performance } from 'node:perf_hooks';
import { SeededRng, type Rng } from '../../src/common/rng.js';
import {
  formatRow,
  generateData,
  LatencyHistogram,
  randomRow,
  type LatencySummary,
} from '../../src/pe/index.js';
import { RpcClient, type Stub } from '../../src/rpc/index.js';
import { BarePathService, type BarePut } from './service.js';

type BareStub = Stub<(typeof BarePathService)['methods']>;

export interface BareRun {
  readonly clients: number;
  /** Rows each client runs (a batch of puts counts its rows). */
  readonly rowsPerClient: number;
  /** Random rows are drawn from [0, totalRows). */
  readonly totalRows: number;
  readonly seed: number;
  readonly valueSize: number;
  /** Puts per call (put phase only). */
  readonly batchRows: number;
}

export interface BareResult {
  readonly rows: number;
  readonly elapsedMs: number;
  readonly opsPerSecond: number;
  readonly latency: LatencySummary;
  readonly emptyReads: number;
}

export class BarePathClient {
  readonly #rpc: RpcClient[];
  readonly #stubs: BareStub[];

  constructor(address: { host: string; port: number }, connections: number) {
    this.#rpc = Array.from({ length: connections }, () => new RpcClient());
    this.#stubs = this.#rpc.map((rpc) => rpc.stub(BarePathService, address));
  }

  stub(index: number): BareStub {
    const stub = this.#stubs[index % this.#stubs.length];
    if (stub === undefined) throw new Error('no connection');
    return stub;
  }

  /** Writes rows [from, to) with PE's values, `batchRows` per call, one call at a time. */
  async load(from: number, to: number, valueSize: number, batchRows: number): Promise<void> {
    const rng = new SeededRng(from);
    for (let row = from; row < to; row += batchRows) {
      const puts: BarePut[] = [];
      for (let r = row; r < Math.min(to, row + batchRows); r++) {
        puts.push({ row: formatRow(r), value: generateData(rng, valueSize) });
      }
      await this.stub(0).put({ puts });
    }
  }

  /** PE's randomRead on the bare path. */
  async randomGet(run: BareRun): Promise<BareResult> {
    let empty = 0;
    const result = await this.#drive(run, async (stub, rng) => {
      const { value } = await stub.get({ row: formatRow(randomRow(rng, run.totalRows)) });
      if (value === null) empty += 1;
      return 1;
    });
    return { ...result, emptyReads: empty };
  }

  /** PE's randomWrite with --autoFlush=true --multiPut=batchRows on the bare path. */
  async randomPut(run: BareRun): Promise<BareResult> {
    const result = await this.#drive(run, async (stub, rng) => {
      const puts: BarePut[] = [];
      for (let n = 0; n < run.batchRows; n++) {
        const row = formatRow(randomRow(rng, run.totalRows));
        puts.push({ row, value: generateData(rng, run.valueSize) });
      }
      await stub.put({ puts });
      return run.batchRows;
    });
    return { ...result, emptyReads: 0 };
  }

  close(): void {
    for (const rpc of this.#rpc) rpc.destroy();
  }

  /**
   * Runs `call` in `run.clients` loops, client i on connection i mod connections with its own
   * rng (seed + i), until each has done rowsPerClient rows; times each call.
   */
  async #drive(
    run: BareRun,
    call: (stub: BareStub, rng: Rng) => Promise<number>,
  ): Promise<Omit<BareResult, 'emptyReads'>> {
    const histogram = new LatencyHistogram();
    let rows = 0;
    const client = async (index: number): Promise<void> => {
      const stub = this.stub(index);
      const rng = new SeededRng((run.seed + index) >>> 0);
      for (let done = 0; done < run.rowsPerClient;) {
        const t0 = performance.now();
        const n = await call(stub, rng);
        histogram.record((performance.now() - t0) * 1000);
        done += n;
        rows += n;
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: run.clients }, (_, i) => client(i)));
    const elapsedMs = performance.now() - started;
    return {
      rows,
      elapsedMs,
      opsPerSecond: (rows * 1000) / elapsedMs,
      latency: histogram.summary(),
    };
  }
}
