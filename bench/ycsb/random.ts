// The driver's seeded random source: doubles with 53 random bits (Java's Random.nextDouble has
// 53 too) and uniform integers, drawn from the project's sfc32 generator, so that a seed replays
// the same sequence of operations against every system.
import { SeededRng } from '../../src/common/rng.js';

const TWO_POW_26 = 67_108_864;
const TWO_POW_53 = 9_007_199_254_740_992;

export class YcsbRandom {
  readonly seed: number;
  readonly #rng: SeededRng;

  constructor(seed: number) {
    this.seed = seed;
    this.#rng = new SeededRng(seed);
  }

  /** A double in [0, 1) with 53 random bits. */
  nextDouble(): number {
    const high = this.#rng.nextU32() >>> 5;
    const low = this.#rng.nextU32() >>> 6;
    return (high * TWO_POW_26 + low) / TWO_POW_53;
  }

  /** An integer in [0, bound), bound ≤ 2^53. */
  nextBelow(bound: number): number {
    return Math.floor(this.nextDouble() * bound);
  }

  /** 32 random bits. */
  nextU32(): number {
    return this.#rng.nextU32();
  }
}
