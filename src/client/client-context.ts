// What a Table and its scanners share with their Connection: settings, the region locator, and a
// call to the region that holds a row under the operation's retries. Invariant: every call that
// fails forgets the location it used before the retry loop sees the error.
import type { Logger } from '../common/log.js';
import type { RegionLocation } from './region-cache.js';
import type { RegionLocator } from './region-locator.js';
import type { RegionServerStub } from './meta-lookup.js';
import {
  type Attempts,
  describeOperation,
  firstRpcTimeoutMs,
  retryAfterFirst,
  type RetrySettings,
  withRetries,
} from './retry.js';

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
 * operation's description is made only when a message needs it. When the region's location is
 * cached, the first attempt goes out at once, without the retry loop's bookkeeping (a get's
 * client-side cost is mostly per-call overhead); the loop takes over only if it fails.
 */
export function callRegion<T>(
  ctx: ClientContext,
  what: string,
  table: string,
  row: Buffer,
  idempotent: boolean,
  call: RegionCall<T>,
): Promise<T> {
  const describe = (): string => describeOperation(what, table, row);
  const attempt = async (attempts: Attempts): Promise<T> => {
    const location =
      ctx.locator.cached(table, row) ??
      (await ctx.locator.locate(table, row, attempts.rpcTimeoutMs()));
    try {
      return await callAt(ctx, location, attempts.rpcTimeoutMs(), call);
    } catch (error) {
      ctx.locator.forget(location, error);
      throw error;
    }
  };
  const settings = ctx.settings;
  const location = ctx.locator.cached(table, row);
  if (location === undefined || settings.isClosed()) {
    return withRetries(settings, describe, idempotent, attempt);
  }
  const startMs = settings.clock.monotonicMs();
  let first: Promise<T>;
  try {
    first = callAt(ctx, location, firstRpcTimeoutMs(settings), call);
  } catch (error) {
    first = Promise.reject(error);
  }
  return first.catch((error: unknown) => {
    ctx.locator.forget(location, error);
    return retryAfterFirst(settings, describe, idempotent, startMs, error, attempt);
  });
}

function callAt<T>(
  ctx: ClientContext,
  location: RegionLocation,
  timeoutMs: number,
  call: RegionCall<T>,
): Promise<T> {
  return call(ctx.locator.stub(location.address), location.info.encodedName, timeoutMs, location);
}
