// callRegion on a manual clock with a stand-in locator: a cached location's first attempt goes out
// without the retry loop, and a failure of it is judged, counted and timed as any attempt's.
import { describe, expect, it } from 'vitest';
import { callRegion, type ClientContext } from '../../src/client/client-context.js';
import { RetriesExhaustedError } from '../../src/client/errors.js';
import type { RegionServerStub } from '../../src/client/meta-lookup.js';
import type { RegionLocation } from '../../src/client/region-cache.js';
import type { RegionLocator } from '../../src/client/region-locator.js';
import type { RetrySettings } from '../../src/client/retry.js';
import { ManualClock } from '../../src/common/clock.js';
import { silentLogger } from '../../src/common/log.js';
import { SeededRng } from '../../src/common/rng.js';
import { ClientClosedError } from '../../src/rpc/errors.js';
import { NoSuchColumnFamilyError, RegionTooBusyError } from '../../src/regionserver/errors.js';

const LOCATION = {
  info: { encodedName: 'r1' },
  serverName: 'h,1,1',
  address: 'h:1',
} as unknown as RegionLocation;
const STUB = {} as RegionServerStub;

interface Harness {
  readonly clock: ManualClock;
  readonly ctx: ClientContext;
  readonly log: string[];
}

function harness(cached: boolean, over: Partial<RetrySettings> = {}): Harness {
  const clock = new ManualClock();
  const log: string[] = [];
  let known = cached;
  const locator = {
    cached: () => (known ? LOCATION : undefined),
    locate: () => {
      log.push('locate');
      known = true;
      return Promise.resolve(LOCATION);
    },
    stub: () => STUB,
    forget: () => {
      log.push('forget');
    },
  } as unknown as RegionLocator;
  const settings: RetrySettings = {
    operationTimeoutMs: 1_000,
    rpcTimeoutMs: 300,
    retries: 5,
    pauseMs: 100,
    clock,
    rng: new SeededRng(3),
    isClosed: () => false,
    ...over,
  };
  const ctx: ClientContext = {
    settings,
    locator,
    scannerCaching: 100,
    logger: silentLogger,
    track: () => () => undefined,
  };
  return { clock, ctx, log };
}

/** Moves the manual clock on until `run` settles. */
async function drive<T>(clock: ManualClock, run: Promise<T>): Promise<T> {
  let settled = false;
  const done = run.finally(() => {
    settled = true;
  });
  done.catch(() => undefined);
  for (let i = 0; i < 1_000 && !settled; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(10);
  }
  return done;
}

describe('callRegion', () => {
  it('sends the first attempt to a cached location with the first RPC timeout', async () => {
    const { clock, ctx, log } = harness(true);
    const seen: [string, number][] = [];
    const value = await drive(
      clock,
      callRegion(ctx, 'get', 't', Buffer.from('a'), true, (stub, region, timeoutMs) => {
        expect(stub).toBe(STUB);
        seen.push([region, timeoutMs]);
        return Promise.resolve('ok');
      }),
    );
    expect(value).toBe('ok');
    expect(seen).toEqual([['r1', 300]]);
    expect(log).toEqual([]);
  });

  it('locates first when nothing is cached', async () => {
    const { clock, ctx, log } = harness(false);
    const value = await drive(
      clock,
      callRegion(ctx, 'get', 't', Buffer.from('a'), true, () => Promise.resolve(7)),
    );
    expect(value).toBe(7);
    expect(log).toEqual(['locate']);
  });

  it('counts a failed first attempt: at most 1 + retries calls, each forgetting', async () => {
    const { clock, ctx, log } = harness(true, { retries: 2, operationTimeoutMs: 60_000 });
    let calls = 0;
    const error = await drive(
      clock,
      callRegion(ctx, 'put', 't', Buffer.from('a'), true, () => {
        calls++;
        return Promise.reject(new RegionTooBusyError('busy'));
      }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect((error as RetriesExhaustedError).attempts).toBe(3);
    expect((error as RetriesExhaustedError).message).toMatch(/put on row "a" of table t failed/);
    expect(calls).toBe(3);
    expect(log).toEqual(['forget', 'forget', 'forget']);
  });

  it('runs the deadline from the first attempt, not from the retry', async () => {
    const { clock, ctx } = harness(true);
    const timeouts: number[] = [];
    const value = await drive(
      clock,
      callRegion(ctx, 'get', 't', Buffer.from('a'), true, async (_stub, _region, timeoutMs) => {
        timeouts.push(timeoutMs);
        if (timeouts.length === 1) {
          clock.advance(850);
          throw new RegionTooBusyError('busy');
        }
        return 'late';
      }),
    );
    expect(value).toBe('late');
    // 1,000 ms operation: 850 ms went in the first attempt, the pause took some of the rest.
    expect(timeouts[0]).toBe(300);
    expect(timeouts[1]).toBeLessThanOrEqual(150);
  });

  it('passes a non-retriable error of the first attempt straight to the caller', async () => {
    const { ctx, log } = harness(true);
    let calls = 0;
    const error = await callRegion(ctx, 'put', 't', Buffer.from('a'), true, () => {
      calls++;
      return Promise.reject(new NoSuchColumnFamilyError('no family x'));
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoSuchColumnFamilyError);
    expect(calls).toBe(1);
    expect(log).toEqual(['forget']);
  });

  it('starts no attempt on a closed connection, cached location or not', async () => {
    const { ctx } = harness(true, { isClosed: () => true });
    let calls = 0;
    const error = await callRegion(ctx, 'get', 't', Buffer.from('a'), true, () => {
      calls++;
      return Promise.resolve(1);
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientClosedError);
    expect(calls).toBe(0);
  });
});
