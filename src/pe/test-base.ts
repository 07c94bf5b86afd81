// What every PE test shares (HBase's TestBase): the per-client context, the test's shape (one row's
// work in testRow, the buffered rest in takedown), and the columns gets and scans ask for.
import type { Connection, Get, Result, Scan, Table } from '../client/index.js';
import type { Rng } from '../common/rng.js';
import { columnQualifier, familyName } from './keys.js';
import { FAMILY_NAME_BASE } from './limits.js';
import type { PeOptions } from './options.js';

/** What a client counts beside its latencies. */
export interface PeClientCounters {
  /** Gets that found nothing (reads of rows never written). */
  emptyReads: number;
  /** Rows returned by scanners. */
  scannedRows: number;
}

export interface PeClientContext {
  readonly options: PeOptions;
  readonly connection: Connection;
  readonly table: Table;
  /** This client's own random source (seeded from the run's seed and the client's index). */
  readonly rng: Rng;
  /** 0-based; PE's TestClient-<index>. */
  readonly index: number;
  /** The first row this client runs (HBase's opts.startRow of the client). */
  readonly startRow: number;
  readonly counters: PeClientCounters;
  /** The families `info0`.. and qualifiers "0".. the options ask for (made once per client). */
  readonly families: readonly string[];
  readonly qualifiers: readonly string[];
}

export interface PeClient {
  /**
   * HBase's testRow: row i's work. False when no request was sent yet (a batch still gathering),
   * so that its latency is not recorded.
   */
  testRow(row: number): Promise<boolean>;
  /** Sends what is still buffered and closes scanners; part of the client's timed run. */
  takedown(): Promise<void>;
}

export type PeClientFactory = (ctx: PeClientContext) => PeClient;

/** The families `info0`..`info<families-1>`. */
export function familyNames(options: PeOptions): string[] {
  return Array.from({ length: options.families }, (_, f) => familyName(FAMILY_NAME_BASE, f));
}

/** The qualifiers "0".."<columns-1>". */
export function qualifiers(options: PeOptions): string[] {
  return Array.from({ length: options.columns }, (_, c) => columnQualifier(c));
}

/** HBase's read tests: every column of every family by name (addColumns), or whole families. */
export function selectColumns<Q extends Get | Scan>(query: Q, ctx: PeClientContext): Q {
  for (const family of ctx.families) {
    if (!ctx.options.addColumns) {
      query.addFamily(family);
      continue;
    }
    for (const qualifier of ctx.qualifiers) query.addColumn(family, qualifier);
  }
  return query;
}

/** HBase's getValueLength: valueSize, or uniform in [0, valueSize) with --valueRandom. */
export function valueLength(ctx: PeClientContext): number {
  const { valueSize, valueRandom } = ctx.options;
  return valueRandom && valueSize > 0 ? ctx.rng.nextInt(valueSize) : valueSize;
}

/** Counts a get's result that found nothing. */
export function noteGet(ctx: PeClientContext, result: Result): void {
  if (result.isEmpty()) ctx.counters.emptyReads += 1;
}

/** A test whose every row is one awaited call. */
export function perRow(
  run: (row: number) => Promise<unknown>,
  takedown = async () => {},
): PeClient {
  return {
    testRow: async (row) => {
      await run(row);
      return true;
    },
    takedown,
  };
}
