// One measured PE run for a benchmark: `colonnade pe`'s runner on fresh connections to the
// cluster, its start and summary lines printed, its figures kept (rows/s, latencies, in flight).
import { connect } from '../../src/client/index.js';
import {
  resolvePeOptions,
  runPe,
  type PeOptionsInput,
  type PeRunResult,
} from '../../src/pe/index.js';

/** Connections for the benchmark's clients: generous timeouts (a flush of a big memstore). */
const OPERATION_TIMEOUT_MS = 600_000;
const RPC_TIMEOUT_MS = 300_000;

export function connectBench(coord: string) {
  return connect({ coord, operationTimeoutMs: OPERATION_TIMEOUT_MS, rpcTimeoutMs: RPC_TIMEOUT_MS });
}

/** Runs PE's `input.test` against the cluster at `coord`; prints PE's start and summary lines. */
export async function runPhase(coord: string, input: PeOptionsInput): Promise<PeRunResult> {
  const options = resolvePeOptions(input);
  const lines: string[] = [];
  const result = await runPe(options, {
    connect: () => connectBench(coord),
    out: (l) => lines.push(l),
  });
  const [start] = lines;
  const summary = lines.slice(-5);
  for (const line of [start ?? '', ...summary]) process.stdout.write(`  ${line}\n`);
  if (result.counters.emptyReads > 0) {
    process.stdout.write(`  (${result.counters.emptyReads} gets found no row)\n`);
  }
  return result;
}

/** `clients × 1`: PE's clients each await one call at a time. */
export function inFlight(result: PeRunResult): string {
  const o = result.options;
  if (o.autoFlush && o.multiPut > 0) return `${o.clients} × 1 batch of ${o.multiPut} puts`;
  if (!o.autoFlush && (o.test === 'sequentialWrite' || o.test === 'randomWrite')) {
    return `${o.clients} × BufferedMutator (${o.bufferSize / 1024 / 1024} MiB, 1 batch in flight)`;
  }
  if (o.test === 'scan') return `${o.clients} scanners × caching ${o.caching}`;
  return `${o.clients} × 1`;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? 0;
}
