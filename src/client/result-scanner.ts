// HBase's ResultScanner over many regions: an async iterable of Results that opens one server-side
// scanner at a time, in scan order, and reopens after the last row it handed out when a region
// moves, splits, or its scanner lease ends. Invariant: the server-side scanner is closed on every
// way out — the end, close(), a `for await` break, an error, or the connection closing.
import type { ScanBatch } from '../regionserver/service/protocol.js';
import type { ClientContext } from './client-context.js';
import { closeQuietly } from './meta-lookup.js';
import { type Result, type Scan, SCAN_CACHING_ROWS_DEFAULT } from './ops/index.js';
import type { RegionLocation } from './region-cache.js';
import { describeOperation, withRetries, type Attempts } from './retry.js';
import { ScanCursor } from './scan-cursor.js';

interface OpenScanner {
  readonly location: RegionLocation;
  readonly scannerId: number;
}

export class ResultScanner implements AsyncIterableIterator<Result> {
  readonly #ctx: ClientContext;
  readonly #table: string;
  readonly #cursor: ScanCursor;
  readonly #caching: number;
  readonly #what: string;
  readonly #untrack: () => void;
  #open: OpenScanner | undefined;
  #buffer: Result[] = [];
  #closed = false;

  constructor(ctx: ClientContext, table: string, scan: Scan) {
    this.#ctx = ctx;
    this.#table = table;
    this.#cursor = new ScanCursor(scan.clone());
    const caching = scan.getCaching();
    this.#caching = caching === SCAN_CACHING_ROWS_DEFAULT ? ctx.scannerCaching : caching;
    this.#what = describeOperation(scan.isReversed() ? 'reversed scan' : 'scan', table);
    this.#untrack = ctx.track(this);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The next Result; done once the scan is over (the scanner is then closed). */
  async next(): Promise<IteratorResult<Result, undefined>> {
    for (;;) {
      const result = this.#buffer.shift();
      if (result !== undefined) return { done: false, value: result };
      if (this.#closed || this.#cursor.done) {
        await this.close();
        return { done: true, value: undefined };
      }
      try {
        await this.#fetch();
      } catch (error) {
        await this.close();
        throw error;
      }
    }
  }

  /** `for await` calls this on break and on error: closes the scanner. */
  async return(): Promise<IteratorResult<Result, undefined>> {
    await this.close();
    return { done: true, value: undefined };
  }

  /** Rows handed out so far. */
  get rows(): number {
    return this.#cursor.rows;
  }

  /** Closes the server-side scanner, if one is open; later next() calls end at once. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#cursor.finish();
    this.#buffer = [];
    this.#untrack();
    const open = this.#open;
    this.#open = undefined;
    if (open === undefined) return;
    const stub = this.#ctx.locator.stub(open.location.address);
    await stub
      .closeScanner({ scannerId: open.scannerId }, { timeoutMs: this.#ctx.settings.rpcTimeoutMs })
      .catch(() => undefined);
  }

  /** One call (opening the next region or reading on), retried under one operation deadline. */
  #fetch(): Promise<void> {
    return withRetries(this.#ctx.settings, this.#what, true, (attempts) => this.#call(attempts));
  }

  async #call(attempts: Attempts): Promise<void> {
    const open = this.#open;
    const location = open?.location ?? (await this.#locate(attempts.rpcTimeoutMs()));
    const stub = this.#ctx.locator.stub(location.address);
    let batch: ScanBatch;
    try {
      const timeoutMs = attempts.rpcTimeoutMs();
      const rows = this.#cursor.rowsPerCall(this.#caching);
      if (open === undefined) {
        const scan = this.#cursor.regionScan().toSpec();
        const region = location.info.encodedName;
        batch = await stub.openScanner({ region, scan, rows }, { timeoutMs });
      } else {
        batch = await stub.next({ scannerId: open.scannerId, rows }, { timeoutMs });
      }
    } catch (error) {
      this.#open = undefined;
      if (open !== undefined) closeQuietly(stub, open.scannerId, this.#ctx.settings.rpcTimeoutMs);
      this.#ctx.locator.forget(location, error);
      throw error;
    }
    if (this.#closed) {
      if (batch.more) closeQuietly(stub, batch.scannerId, this.#ctx.settings.rpcTimeoutMs);
      return;
    }
    this.#buffer.push(...this.#cursor.accept(batch.rows.map((row) => row.list)));
    if (!batch.more) {
      this.#open = undefined;
      // A done filter ends the whole scan, as HBase's moreResults=false does.
      if (batch.filterDone === true) this.#cursor.finish();
      else this.#cursor.regionDone(location.info);
    } else if (this.#cursor.done) {
      this.#open = undefined;
      closeQuietly(stub, batch.scannerId, this.#ctx.settings.rpcTimeoutMs);
    } else {
      this.#open = { location, scannerId: batch.scannerId };
    }
  }

  #locate(timeoutMs: number): Promise<RegionLocation> {
    const position = this.#cursor.position;
    return position.kind === 'at'
      ? this.#ctx.locator.locate(this.#table, position.row, timeoutMs)
      : this.#ctx.locator.locateBefore(this.#table, position.key, timeoutMs);
  }
}
