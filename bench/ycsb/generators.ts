// YCSB's number generators (site.ycsb.generator), the same arithmetic on a seeded source:
// counters, uniform, Zipfian (Gray et al., SIGMOD 1994), scrambled Zipfian over 10^16 items hashed
// with FNV-64, skewed-latest, and the discrete operation chooser. Invariant: each generator draws
// only from the YcsbRandom it is given, so one seed gives one sequence.
import { fnvhash64 } from './fnv.js';
import type { YcsbRandom } from './random.js';

/** ZipfianGenerator.ZIPFIAN_CONSTANT. */
export const ZIPFIAN_CONSTANT = 0.99;
/** ScrambledZipfianGenerator: zeta precomputed for ITEM_COUNT items at 0.99. */
export const SCRAMBLED_ZETAN = 26.46902820178302;
export const SCRAMBLED_ITEM_COUNT = 10_000_000_000_000_000;
/** AcknowledgedCounterGenerator.WINDOW_SIZE: inserts that may be unacknowledged at once. */
export const ACKNOWLEDGE_WINDOW = 1 << 20;

export interface NumberGenerator {
  nextValue(): number;
  lastValue(): number;
}

export class CounterGenerator implements NumberGenerator {
  protected counter: number;

  constructor(start: number) {
    this.counter = start;
  }

  nextValue(): number {
    const value = this.counter;
    this.counter += 1;
    return value;
  }

  lastValue(): number {
    return this.counter - 1;
  }
}

/** A counter whose lastValue is the highest value acknowledged with no gap below it. */
export class AcknowledgedCounterGenerator extends CounterGenerator {
  #limit: number;
  readonly #pending = new Set<number>();

  constructor(start: number) {
    super(start);
    this.#limit = start - 1;
  }

  override lastValue(): number {
    return this.#limit;
  }

  acknowledge(value: number): void {
    if (this.#pending.size >= ACKNOWLEDGE_WINDOW) {
      throw new Error('Too many unacknowledged insertion keys.');
    }
    this.#pending.add(value);
    while (this.#pending.delete(this.#limit + 1)) this.#limit += 1;
  }
}

/** Uniform over [lb, ub], both included. */
export class UniformLongGenerator implements NumberGenerator {
  readonly #lb: number;
  readonly #interval: number;
  readonly #random: YcsbRandom;
  #last: number;

  constructor(lb: number, ub: number, random: YcsbRandom) {
    this.#lb = lb;
    this.#interval = ub - lb + 1;
    this.#random = random;
    this.#last = lb;
  }

  nextValue(): number {
    this.#last = this.#random.nextBelow(this.#interval) + this.#lb;
    return this.#last;
  }

  lastValue(): number {
    return this.#last;
  }
}

/** 1 + 1/2^θ + … + 1/n^θ, continued from `initialSum` over items st+1..n. */
export function zetaStatic(st: number, n: number, theta: number, initialSum = 0): number {
  let sum = initialSum;
  for (let i = st; i < n; i += 1) sum += 1 / Math.pow(i + 1, theta);
  return sum;
}

/** Items min..max, min the most popular; the item count may only grow (zeta is extended). */
export class ZipfianGenerator implements NumberGenerator {
  readonly #items: number;
  readonly #base: number;
  readonly #theta: number;
  readonly #zeta2theta: number;
  readonly #alpha: number;
  readonly #random: YcsbRandom;
  #zetan: number;
  #eta: number;
  #countForZeta: number;
  #last = 0;

  constructor(
    min: number,
    max: number,
    random: YcsbRandom,
    theta = ZIPFIAN_CONSTANT,
    zetan?: number,
  ) {
    this.#random = random;
    this.#items = max - min + 1;
    this.#base = min;
    this.#theta = theta;
    this.#zeta2theta = zetaStatic(0, 2, theta);
    this.#alpha = 1 / (1 - theta);
    this.#zetan = zetan ?? zetaStatic(0, this.#items, theta);
    this.#countForZeta = this.#items;
    this.#eta = this.#etaFor(this.#zetan);
    this.nextValue();
  }

  #etaFor(zetan: number): number {
    return (1 - Math.pow(2 / this.#items, 1 - this.#theta)) / (1 - this.#zeta2theta / zetan);
  }

  nextLong(itemcount: number): number {
    if (itemcount > this.#countForZeta) {
      // YCSB extends zeta, and recomputes eta with the original item count, as here.
      this.#zetan = zetaStatic(this.#countForZeta, itemcount, this.#theta, this.#zetan);
      this.#countForZeta = itemcount;
      this.#eta = this.#etaFor(this.#zetan);
    }
    const u = this.#random.nextDouble();
    const uz = u * this.#zetan;
    if (uz < 1) return this.#base;
    if (uz < 1 + Math.pow(0.5, this.#theta)) return this.#base + 1;
    const eta = this.#eta;
    this.#last = this.#base + Math.floor(itemcount * Math.pow(eta * u - eta + 1, this.#alpha));
    return this.#last;
  }

  nextValue(): number {
    return this.nextLong(this.#items);
  }

  lastValue(): number {
    return this.#last;
  }
}

/** Zipfian popularity scattered over min..max by hashing a Zipfian over 10^16 items. */
export class ScrambledZipfianGenerator implements NumberGenerator {
  readonly #min: number;
  readonly #itemcount: bigint;
  readonly #gen: ZipfianGenerator;
  #last: number;

  constructor(min: number, max: number, random: YcsbRandom) {
    this.#min = min;
    this.#itemcount = BigInt(max - min + 1);
    this.#gen = new ZipfianGenerator(
      0,
      SCRAMBLED_ITEM_COUNT,
      random,
      ZIPFIAN_CONSTANT,
      SCRAMBLED_ZETAN,
    );
    this.#last = min;
  }

  nextValue(): number {
    const item = this.#gen.nextValue();
    this.#last = this.#min + Number(fnvhash64(item) % this.#itemcount);
    return this.#last;
  }

  lastValue(): number {
    return this.#last;
  }
}

/** Zipfian over the recent items of `basis`: its lastValue the most popular. */
export class SkewedLatestGenerator implements NumberGenerator {
  readonly #basis: NumberGenerator;
  readonly #zipfian: ZipfianGenerator;
  #last = 0;

  constructor(basis: NumberGenerator, random: YcsbRandom) {
    this.#basis = basis;
    this.#zipfian = new ZipfianGenerator(0, basis.lastValue() - 1, random);
    this.nextValue();
  }

  nextValue(): number {
    const max = this.#basis.lastValue();
    this.#last = max - this.#zipfian.nextLong(max);
    return this.#last;
  }

  lastValue(): number {
    return this.#last;
  }
}

/** Picks one of weighted values (weights need not sum to 1). */
export class DiscreteGenerator<T> {
  readonly #values: { readonly weight: number; readonly value: T }[] = [];
  readonly #random: YcsbRandom;

  constructor(random: YcsbRandom) {
    this.#random = random;
  }

  addValue(weight: number, value: T): this {
    this.#values.push({ weight, value });
    return this;
  }

  nextValue(): T {
    const sum = this.#values.reduce((total, v) => total + v.weight, 0);
    let val = this.#random.nextDouble();
    for (const { weight, value } of this.#values) {
      const pw = weight / sum;
      if (val < pw) return value;
      val -= pw;
    }
    const last = this.#values[this.#values.length - 1];
    if (last === undefined) throw new Error('DiscreteGenerator has no values');
    return last.value; // rounding left val a hair above the last share
  }
}
