// The injected clock and random source: ManualClock fires timers in due order only when told;
// SeededRng replays exactly from its seed.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/common/clock.js';
import { SeededRng, seedFromEnv } from '../../src/common/rng.js';
import {
  RECONNECT_BACKOFF_INITIAL_MS,
  RECONNECT_BACKOFF_JITTER,
  RECONNECT_BACKOFF_MAX_MS,
} from '../../src/common/limits.js';
import { nextBackoff } from '../../src/rpc/address-pool.js';

const seed = seedFromEnv();

describe('ManualClock', () => {
  it('fires due timers in order of due time, then of creation, and moves time', () => {
    const clock = new ManualClock(1_000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 20);
    clock.setTimeout(() => fired.push('a'), 10);
    clock.setTimeout(() => fired.push('c'), 20);
    const cancelled = clock.setTimeout(() => fired.push('x'), 15);
    clock.clearTimeout(cancelled);
    clock.advance(15);
    expect(fired).toEqual(['a']);
    expect(clock.monotonicMs()).toBe(15);
    expect(clock.nowMs()).toBe(1_015);
    clock.advance(5);
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('fires a timer set by a timer in the same advance when it falls due', () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.monotonicMs());
      clock.setTimeout(() => fired.push(clock.monotonicMs()), 5);
    }, 5);
    clock.advance(20);
    expect(fired).toEqual([5, 10]);
  });
});

describe(`SeededRng (seed ${seed})`, () => {
  it('replays the same sequence from the same seed', () => {
    const a = new SeededRng(seed);
    const b = new SeededRng(seed);
    const sa = Array.from({ length: 100 }, () => a.nextU32());
    const sb = Array.from({ length: 100 }, () => b.nextU32());
    expect(sa).toEqual(sb);
    expect(new Set(sa).size).toBeGreaterThan(90);
  });

  it('keeps nextInt and nextFloat in range', () => {
    const rng = new SeededRng(seed);
    for (let i = 0; i < 10_000; i += 1) {
      const f = rng.nextFloat();
      expect(f >= 0 && f < 1).toBe(true);
      const n = rng.nextInt(7);
      expect(Number.isInteger(n) && n >= 0 && n < 7).toBe(true);
    }
  });

  it('reads COLONNADE_SEED to replay a run', () => {
    expect(seedFromEnv({ COLONNADE_SEED: '42' })).toBe(42);
    expect(() => seedFromEnv({ COLONNADE_SEED: 'x' })).toThrow(/COLONNADE_SEED/);
  });
});

describe(`reconnect backoff (seed ${seed})`, () => {
  it('doubles from the initial wait up to the cap, within the jitter', () => {
    const rng = new SeededRng(seed);
    let base = 0;
    let expected = RECONNECT_BACKOFF_INITIAL_MS;
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const next = nextBackoff(base, rng);
      expect(next.baseMs).toBe(expected);
      expect(next.waitMs).toBeGreaterThanOrEqual(
        Math.floor(expected * (1 - RECONNECT_BACKOFF_JITTER)),
      );
      expect(next.waitMs).toBeLessThanOrEqual(Math.ceil(expected * (1 + RECONNECT_BACKOFF_JITTER)));
      base = next.baseMs;
      expected = Math.min(RECONNECT_BACKOFF_MAX_MS, expected * 2);
    }
    expect(base).toBe(RECONNECT_BACKOFF_MAX_MS);
  });
});
