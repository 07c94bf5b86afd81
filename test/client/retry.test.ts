// Retries (pure parts and the loop on a manual clock): which errors re-locate, retry or fail; no
// second send of a non-idempotent call after an ambiguous failure; HBase's backoff; the deadline
// and the retry count bound the attempts, and RetriesExhausted names them and their causes.
import { describe, expect, it } from 'vitest';
import {
  ClientClosedError,
  ConnectFailedError,
  ConnectionClosedError,
} from '../../src/rpc/errors.js';
import {
  NoServerForRegionError,
  RetriesExhaustedError,
  TableNotFoundError,
} from '../../src/client/errors.js';
import { PAUSE_DEFAULT_MS, RETRY_BACKOFF } from '../../src/client/limits.js';
import { resolveOptions } from '../../src/client/options.js';
import { parseMetaLocation } from '../../src/client/meta-location.js';
import { backoffMs, isRetriable, recoveryFor } from '../../src/client/retry-policy.js';
import { withRetries, type RetrySettings } from '../../src/client/retry.js';
import { ManualClock } from '../../src/common/clock.js';
import {
  CellTooLargeError,
  fromWire,
  InvalidArgumentError,
  TimeoutError,
} from '../../src/common/errors.js';
import { SeededRng } from '../../src/common/rng.js';
import {
  NoSuchColumnFamilyError,
  NotServingRegionError,
  RegionTooBusyError,
  UnknownScannerError,
  WrongRegionError,
} from '../../src/regionserver/errors.js';
import { MetaLocationUnknownError } from '../../src/client/errors.js';

describe('retry policy', () => {
  it('re-locates on region and server errors, retries passing ones, fails the rest', () => {
    expect(recoveryFor(new ConnectFailedError('x'))).toBe('relocate-server');
    expect(recoveryFor(new TimeoutError('x'))).toBe('relocate-server');
    expect(recoveryFor(new NotServingRegionError('x'))).toBe('relocate-region');
    expect(recoveryFor(new WrongRegionError('x'))).toBe('relocate-region');
    expect(recoveryFor(new UnknownScannerError('x'))).toBe('relocate-region');
    const moved = fromWire({ code: 'RegionMoved', message: 'moved', retriable: true });
    expect(recoveryFor(moved)).toBe('relocate-region');
    expect(recoveryFor(new RegionTooBusyError('x'))).toBe('retry');
    expect(recoveryFor(new NoServerForRegionError('x'))).toBe('retry');
    for (const e of [
      new InvalidArgumentError('x'),
      new NoSuchColumnFamilyError('x'),
      new CellTooLargeError('x'),
      new TableNotFoundError('x'),
      new Error('bug'),
    ]) {
      expect(recoveryFor(e)).toBe('fail');
    }
  });

  it('never retries a non-idempotent call after the server may have applied it', () => {
    expect(isRetriable(new TimeoutError('x'), true)).toBe(true);
    expect(isRetriable(new TimeoutError('x'), false)).toBe(false);
    expect(isRetriable(new ConnectionClosedError('x'), false)).toBe(false);
    expect(isRetriable(new ConnectFailedError('x'), false)).toBe(true);
    expect(isRetriable(new NotServingRegionError('x'), false)).toBe(true);
  });

  it("pauses as HBase's backoff table, with at most 1% jitter", () => {
    const rng = new SeededRng(1);
    RETRY_BACKOFF.forEach((step, i) => {
      const ms = backoffMs(i, PAUSE_DEFAULT_MS, rng);
      expect(ms).toBeGreaterThanOrEqual(PAUSE_DEFAULT_MS * step);
      expect(ms).toBeLessThanOrEqual(Math.ceil(PAUSE_DEFAULT_MS * step * 1.01));
    });
    expect(backoffMs(99, 100, rng)).toBeGreaterThanOrEqual(100 * 200);
  });
});

function settings(clock: ManualClock, over: Partial<RetrySettings> = {}): RetrySettings {
  return {
    operationTimeoutMs: 1_000,
    rpcTimeoutMs: 300,
    retries: 5,
    pauseMs: 100,
    clock,
    rng: new SeededRng(7),
    isClosed: () => false,
    ...over,
  };
}

/** Runs the loop while moving the manual clock on until it settles. */
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

describe('withRetries', () => {
  it('retries until an attempt succeeds, cutting RPC timeouts to the deadline', async () => {
    const clock = new ManualClock();
    const timeouts: number[] = [];
    const value = await drive(
      clock,
      withRetries(settings(clock), 'get', true, async (attempts) => {
        timeouts.push(attempts.rpcTimeoutMs());
        if (attempts.attempts < 3) throw new NotServingRegionError('moved');
        return 'ok';
      }),
    );
    expect(value).toBe('ok');
    expect(timeouts[0]).toBe(300);
    expect(timeouts).toHaveLength(3);
  });

  it('gives up at the deadline with RetriesExhausted naming the attempts and causes', async () => {
    const clock = new ManualClock();
    const error = await drive(
      clock,
      withRetries(settings(clock, { retries: 100 }), 'put on row "a" of table t', true, () =>
        Promise.reject(new ConnectFailedError('connect ECONNREFUSED 127.0.0.1:9')),
      ),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    const exhausted = error as RetriesExhaustedError;
    expect(exhausted.code).toBe('RetriesExhausted');
    expect(exhausted.attempts).toBeGreaterThan(2);
    expect(exhausted.message).toMatch(/put on row "a" of table t failed after \d+ attempts/);
    expect(exhausted.message).toContain('ConnectFailed: connect ECONNREFUSED');
    expect(exhausted.cause).toBeInstanceOf(ConnectFailedError);
    expect(exhausted.causes.length).toBeGreaterThan(0);
    expect(clock.monotonicMs()).toBeLessThanOrEqual(1_100);
  });

  it('makes at most 1 + retries attempts', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const error = await drive(
      clock,
      withRetries(settings(clock, { retries: 2, operationTimeoutMs: 60_000 }), 'get', true, () => {
        calls++;
        return Promise.reject(new RegionTooBusyError('busy'));
      }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(calls).toBe(3);
  });

  it('passes a non-retriable error straight to the caller', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const error = await withRetries(settings(clock), 'put', true, () => {
      calls++;
      return Promise.reject(new NoSuchColumnFamilyError('no family x'));
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoSuchColumnFamilyError);
    expect(calls).toBe(1);
  });

  it('starts no attempt on a closed connection', async () => {
    const clock = new ManualClock();
    const error = await withRetries(settings(clock, { isClosed: () => true }), 'get', true, () =>
      Promise.resolve(1),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientClosedError);
  });
});

describe('meta location and options', () => {
  it('reads {"server":"host,port,startcode"} and refuses anything else', () => {
    const location = parseMetaLocation(Buffer.from('{"server":"127.0.0.1,16020,1700"}'));
    expect(location.address).toBe('127.0.0.1:16020');
    expect(location.serverName).toBe('127.0.0.1,16020,1700');
    for (const bad of ['', 'x', '{}', '{"server":"nohost"}', '{"server":7}']) {
      expect(() => parseMetaLocation(Buffer.from(bad))).toThrow(MetaLocationUnknownError);
    }
  });

  it('checks every connection option and fills in the defaults', () => {
    const resolved = resolveOptions({ coord: '127.0.0.1:2181' });
    expect(resolved.retries).toBe(15);
    expect(resolved.pauseMs).toBe(100);
    expect(resolved.scannerCaching).toBe(100);
    expect(() => resolveOptions({ coord: '' })).toThrow(InvalidArgumentError);
    expect(() => resolveOptions({ coord: 'h:1', retries: -1 })).toThrow(/retries is -1/);
    expect(() => resolveOptions({ coord: 'h:1', operationTimeoutMs: 0 })).toThrow(
      /operationTimeoutMs is 0/,
    );
    expect(() => resolveOptions({ coord: 'h:1', rpcTimeoutMs: 1.5 })).toThrow(InvalidArgumentError);
  });
});
