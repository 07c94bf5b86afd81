// The injectable random source. Seeded runs replay exactly: a test prints its seed, and
// `COLONNADE_SEED=<seed>` replays it.
import { assert } from './assert.js';

export interface Rng {
  /** A float in [0, 1). */
  nextFloat(): number;
  /** An integer in [0, maxExclusive). */
  nextInt(maxExclusive: number): number;
}

/** sfc32, seeded through splitmix32: small, fast and good enough for jitter and tests. */
export class SeededRng implements Rng {
  readonly seed: number;
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    assert(Number.isInteger(seed), `seed must be an integer, got ${seed}`);
    this.seed = seed >>> 0;
    let s = this.seed;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#a = next();
    this.#b = next();
    this.#c = next();
    this.#d = next();
  }

  nextU32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  nextFloat(): number {
    return this.nextU32() / 4_294_967_296;
  }

  nextInt(maxExclusive: number): number {
    if (!(maxExclusive > 0 && Number.isInteger(maxExclusive)))
      assert(false, `bad bound ${maxExclusive}`);
    return Math.floor(this.nextFloat() * maxExclusive);
  }
}

export const systemRng: Rng = {
  nextFloat: () => Math.random(),
  nextInt: (maxExclusive) => Math.floor(Math.random() * maxExclusive),
};

/** The seed for a test run: `COLONNADE_SEED` when set (to replay), else a fresh one. */
export function seedFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['COLONNADE_SEED'];
  if (raw !== undefined && raw !== '') {
    const seed = Number(raw);
    assert(Number.isInteger(seed), `COLONNADE_SEED must be an integer, got ${raw}`);
    return seed >>> 0;
  }
  return Math.floor(Math.random() * 4_294_967_296);
}
