// YCSB's generators on a seeded source: ranges, Zipfian skew (item 0 drawn with probability
// 1/zeta(n)), the scrambled Zipfian's constant, latest favouring the newest, the acknowledged
// counter's gap rule, and the discrete chooser's shares.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AcknowledgedCounterGenerator,
  DiscreteGenerator,
  SCRAMBLED_ZETAN,
  ScrambledZipfianGenerator,
  SkewedLatestGenerator,
  UniformLongGenerator,
  ZipfianGenerator,
  zetaStatic,
} from '../../bench/ycsb/generators.js';
import { YcsbRandom } from '../../bench/ycsb/random.js';

const DRAWS = 20_000;

describe('YCSB generators', () => {
  it('draws uniform values within their bounds', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 50 }),
        (seed, lb, span) => {
          const gen = new UniformLongGenerator(lb, lb + span, new YcsbRandom(seed >>> 0));
          for (let i = 0; i < 100; i += 1) {
            const v = gen.nextValue();
            if (v < lb || v > lb + span || !Number.isInteger(v)) return false;
          }
          return true;
        },
      ),
    );
  });

  it('gives doubles in [0, 1)', () => {
    const random = new YcsbRandom(7);
    for (let i = 0; i < 10_000; i += 1) {
      const d = random.nextDouble();
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(1);
    }
  });

  it('makes the first item of a Zipfian the most popular, at 1/zeta(n)', () => {
    const n = 1000;
    const gen = new ZipfianGenerator(0, n - 1, new YcsbRandom(42));
    const counts = new Map<number, number>();
    for (let i = 0; i < DRAWS; i += 1) {
      const v = gen.nextValue();
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(n);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const share0 = (counts.get(0) ?? 0) / DRAWS;
    expect(share0).toBeCloseTo(1 / zetaStatic(0, n, 0.99), 1);
    expect(counts.get(0) ?? 0).toBeGreaterThan(counts.get(1) ?? 0);
    expect(counts.get(1) ?? 0).toBeGreaterThan(counts.get(50) ?? 0);
  });

  it('uses the precomputed zeta of 10^16 items', () => {
    expect(SCRAMBLED_ZETAN).toBe(26.46902820178302);
  });

  it('scatters scrambled Zipfian values over the whole range, still skewed', () => {
    const gen = new ScrambledZipfianGenerator(100, 10_099, new YcsbRandom(3));
    const counts = new Map<number, number>();
    let below = 0;
    for (let i = 0; i < DRAWS; i += 1) {
      const v = gen.nextValue();
      expect(v).toBeGreaterThanOrEqual(100);
      expect(v).toBeLessThanOrEqual(10_099);
      counts.set(v, (counts.get(v) ?? 0) + 1);
      if (v < 5_100) below += 1;
    }
    const top = Math.max(...counts.values());
    expect(top / DRAWS).toBeGreaterThan(0.02); // the hottest key: ~1/26.5 of the draws
    expect(below / DRAWS).toBeGreaterThan(0.2); // not clustered at one end
    expect(below / DRAWS).toBeLessThan(0.8);
  });

  it('makes latest prefer the newest acknowledged item', () => {
    const basis = new AcknowledgedCounterGenerator(1000);
    const gen = new SkewedLatestGenerator(basis, new YcsbRandom(9));
    let newest = 0;
    for (let i = 0; i < DRAWS; i += 1) {
      const v = gen.nextValue();
      expect(v).toBeLessThanOrEqual(999);
      expect(v).toBeGreaterThanOrEqual(0);
      if (v === 999) newest += 1;
    }
    expect(newest / DRAWS).toBeGreaterThan(0.1);
    const k = basis.nextValue();
    basis.acknowledge(k);
    expect(gen.nextValue()).toBeLessThanOrEqual(1000);
  });

  it('acknowledges counter values only without gaps', () => {
    const counter = new AcknowledgedCounterGenerator(10);
    expect(counter.lastValue()).toBe(9);
    const [a, b, c] = [counter.nextValue(), counter.nextValue(), counter.nextValue()];
    counter.acknowledge(b);
    expect(counter.lastValue()).toBe(9);
    counter.acknowledge(a);
    expect(counter.lastValue()).toBe(11);
    counter.acknowledge(c);
    expect(counter.lastValue()).toBe(12);
  });

  it('chooses discrete values by their weights', () => {
    const gen = new DiscreteGenerator<string>(new YcsbRandom(5))
      .addValue(0.95, 'r')
      .addValue(0.05, 'u');
    let updates = 0;
    for (let i = 0; i < DRAWS; i += 1) if (gen.nextValue() === 'u') updates += 1;
    expect(updates / DRAWS).toBeCloseTo(0.05, 1);
  });

  it('replays one sequence from one seed', () => {
    const draw = (seed: number): number[] => {
      const gen = new ScrambledZipfianGenerator(0, 999, new YcsbRandom(seed));
      return Array.from({ length: 50 }, () => gen.nextValue());
    };
    expect(draw(11)).toEqual(draw(11));
    expect(draw(11)).not.toEqual(draw(12));
  });
});
