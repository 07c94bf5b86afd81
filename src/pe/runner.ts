// Runs one PE test as HBase's doLocalClients does: checks the table, then runs `clients` clients
// side by side in this process (each awaiting one row's work at a time, on connections shared
// round-robin), timing each row and each client, and prints PE's output.
// Invariant: every connection opened is closed, and every client has stopped, before runPe
// settles; the first client failure stops the others and is rethrown.
import type { Connection } from '../client/index.js';
import { assert } from '../common/assert.js';
import { systemClock, type Clock, type TimerHandle } from '../common/clock.js';
import { SeededRng } from '../common/rng.js';
import { isOverlappingCommand, PE_COMMANDS } from './commands.js';
import { LatencyHistogram, type LatencySummary } from './latency.js';
import { PROGRESS_INTERVAL_MS } from './limits.js';
import type { PeOptions } from './options.js';
import { noProgress, type ProgressSink } from './progress.js';
import { clientLines, startLine, summaryLines } from './report.js';
import { checkTable, type TableCheck } from './table-setup.js';
import {
  familyNames,
  qualifiers,
  type PeClientContext,
  type PeClientCounters,
} from './test-base.js';
import { PE_CLIENTS } from './tests.js';

export interface PeEnvironment {
  /** Opens one client connection; the runner closes every one it opened. */
  readonly connect: () => Promise<Connection>;
  readonly clock?: Clock;
  /** Told each line of output (without its newline). @default nothing is printed */
  readonly out?: (line: string) => void;
  readonly progress?: ProgressSink;
}

export interface PeClientResult {
  readonly index: number;
  readonly startRow: number;
  /** Rows run (testRow calls). */
  readonly rows: number;
  readonly durationMs: number;
  readonly latency: LatencySummary;
  readonly counters: PeClientCounters;
}

export interface PeRunResult {
  readonly options: PeOptions;
  /** HBase's test class name (SequentialWriteTest...). */
  readonly className: string;
  readonly table: TableCheck;
  readonly clients: readonly PeClientResult[];
  /** Rows run by every client. */
  readonly rows: number;
  /** From the first client's start to the last one's end. */
  readonly elapsedMs: number;
  /** rows / elapsed: the aggregate rate. */
  readonly opsPerSecond: number;
  /** HBase's "Avg TPS/QPS": the sum of each client's rows / duration. */
  readonly avgTps: number;
  /** Every client's latencies together. */
  readonly latency: LatencySummary;
  readonly counters: PeClientCounters;
}

interface Shared {
  readonly options: PeOptions;
  readonly clock: Clock;
  done: number;
  failed: boolean;
}

/** Client `index`'s first row (HBase: startRow, or index × rows when startRow is 0). */
export function clientStartRow(options: PeOptions, index: number): number {
  if (isOverlappingCommand(options.test)) return 0;
  return options.startRow === 0 ? index * options.rows : options.startRow;
}

async function runClient(
  shared: Shared,
  connection: Connection,
  index: number,
  histogram: LatencyHistogram,
): Promise<PeClientResult> {
  const { options, clock } = shared;
  const startRow = clientStartRow(options, index);
  const counters: PeClientCounters = { emptyReads: 0, scannedRows: 0 };
  const ctx: PeClientContext = {
    options,
    connection,
    table: connection.getTable(options.table),
    rng: new SeededRng((options.seed + index) >>> 0),
    index,
    startRow,
    counters,
    families: familyNames(options),
    qualifiers: qualifiers(options),
  };
  const client = PE_CLIENTS[options.test](ctx);
  const everyN = Math.floor(1 / options.sampleRate);
  const lastRow = startRow + options.rows;
  let rows = 0;
  const started = clock.monotonicMs();
  try {
    for (let cycle = 0; cycle < options.cycles && !shared.failed; cycle++) {
      for (let i = startRow; i < lastRow && !shared.failed; i++) {
        if (everyN > 1 && i % everyN !== 0) continue;
        const t0 = clock.monotonicMs();
        const sent = await client.testRow(i);
        if (sent && i - startRow > options.measureAfter) {
          histogram.record((clock.monotonicMs() - t0) * 1000);
        }
        rows += 1;
        shared.done += 1;
      }
    }
  } finally {
    await client.takedown();
  }
  const durationMs = clock.monotonicMs() - started;
  return { index, startRow, rows, durationMs, latency: histogram.summary(), counters };
}

function expectedRows(options: PeOptions): number {
  const everyN = Math.floor(1 / options.sampleRate);
  return options.clients * options.cycles * Math.ceil(options.rows / everyN);
}

/** Reports `shared.done` to the sink every PROGRESS_INTERVAL_MS until the returned stop. */
function trackProgress(shared: Shared, sink: ProgressSink, label: string): () => void {
  if (sink === noProgress) return () => undefined;
  sink.start(expectedRows(shared.options), label);
  let timer: TimerHandle | undefined;
  const tick = (): void => {
    sink.update(shared.done);
    timer = shared.clock.setTimeout(tick, PROGRESS_INTERVAL_MS);
    timer.unref();
  };
  tick();
  return () => {
    if (timer !== undefined) shared.clock.clearTimeout(timer);
    sink.update(shared.done);
    sink.stop();
  };
}

/** Runs the test `options` names; resolves with its figures once every client is done. */
export async function runPe(options: PeOptions, env: PeEnvironment): Promise<PeRunResult> {
  const clock = env.clock ?? systemClock;
  const out = env.out ?? (() => undefined);
  const className = PE_COMMANDS[options.test].className;
  const connections: Connection[] = [];
  try {
    for (let c = 0; c < options.connections; c++) connections.push(await env.connect());
    const [first] = connections;
    assert(first !== undefined, 'a run has at least one connection');
    const table = await checkTable(first.getAdmin(), options);
    out(startLine(options, className, table));
    const shared: Shared = { options, clock, done: 0, failed: false };
    const histograms = Array.from({ length: options.clients }, () => new LatencyHistogram());
    const stopProgress = trackProgress(shared, env.progress ?? noProgress, options.test);
    const started = clock.monotonicMs();
    const settled = await Promise.allSettled(
      histograms.map((histogram, index) => {
        const connection = connections[index % connections.length] ?? first;
        return runClient(shared, connection, index, histogram).catch((error: unknown) => {
          shared.failed = true;
          throw error;
        });
      }),
    );
    const elapsedMs = clock.monotonicMs() - started;
    stopProgress();
    const failure = settled.find((s) => s.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
    const clients = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const result = summarize(options, className, table, clients, histograms, elapsedMs);
    for (const client of clients) for (const line of clientLines(result, client)) out(line);
    for (const line of summaryLines(result)) out(line);
    return result;
  } finally {
    await Promise.allSettled(connections.map((c) => c.close()));
  }
}

function summarize(
  options: PeOptions,
  className: string,
  table: TableCheck,
  clients: readonly PeClientResult[],
  histograms: readonly LatencyHistogram[],
  elapsedMs: number,
): PeRunResult {
  const all = new LatencyHistogram();
  for (const histogram of histograms) all.add(histogram);
  const rows = clients.reduce((sum, c) => sum + c.rows, 0);
  const avgTps = clients.reduce(
    (sum, c) => sum + (c.rows * 1000) / Math.max(c.durationMs, 1e-3),
    0,
  );
  const counters = {
    emptyReads: clients.reduce((sum, c) => sum + c.counters.emptyReads, 0),
    scannedRows: clients.reduce((sum, c) => sum + c.counters.scannedRows, 0),
  };
  return {
    options,
    className,
    table,
    clients,
    rows,
    elapsedMs,
    opsPerSecond: (rows * 1000) / Math.max(elapsedMs, 1e-3),
    avgTps,
    latency: all.summary(),
    counters,
  };
}
