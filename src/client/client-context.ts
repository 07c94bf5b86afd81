// What a Table and its scanners share with their Connection: settings, the region locator, and a
// call to the region that holds a row under the operation's retries. Invariant: every call that
// fails forgets the location it used before the retry loop sees the error.
import type { Logger } from '../common/log.js';
import type { RegionLocation } from './region-cache.js';
import type { RegionLocator } from './region-locator.js';
import type { RegionServerStub } from './meta-lookup.js';
import { describeOperation, withRetries, type RetrySettings } from './retry.js';

/** A scanner the connection closes when it closes. */
export interface Closable {
  close(): Promise<void>;
}

export interface ClientContext {
  readonly settings: RetrySettings;
  readonly locator: RegionLocator;
  /** Rows per scanner call for a Scan that keeps the default caching. */
  readonly scannerCaching: number;
  readonly logger: Logger;
  /** Tracks an open scanner until it closes (returns the untrack function). */
  readonly track: (scanner: Closable) => () => void;
}

/** One region call: the server's stub, the region's encoded name and the RPC timeout. */
export type RegionCall<T> = (
  stub: RegionServerStub,
  region: string,
  timeoutMs: number,
  location: RegionLocation,
) => Promise<T>;

/**
 * Calls the region of `table` holding `row`, retrying (and re-locating) as retry-policy says. The
 * operation's description is made only when a message needs it.
 */
export function callRegion<T>(
  ctx: ClientContext,
  what: string,
  table: string,
  row: Buffer,
  idempotent: boolean,
  call: RegionCall<T>,
): Promise<T> {
  return withRetries(
    ctx.settings,
    () => describeOperation(what, table, row),
    idempotent,
    async (attempts) => {
      const location =
        ctx.locator.cached(table, row) ??
        (await ctx.locator.locate(table, row, attempts.rpcTimeoutMs()));
      try {
        const stub = ctx.locator.stub(location.address);
        return await call(stub, location.info.encodedName, attempts.rpcTimeoutMs(), location);
      } catch (error) {
        ctx.locator.forget(location, error);
        throw error;
      }
    },
  );
}
