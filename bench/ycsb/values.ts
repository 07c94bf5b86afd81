// Field values as YCSB's RandomByteIterator makes them: printable bytes `' ' + (random & 95)`.
// A 1 MiB pool of such characters is drawn once from the seed, and each value is a slice of it at
// a random offset, so that making a value costs the driver almost nothing on any system.
import type { YcsbRandom } from './random.js';

export const VALUE_POOL_CHARS = 1 << 20;

export class ValueSource {
  readonly #pool: string;
  readonly #random: YcsbRandom;

  constructor(random: YcsbRandom, poolChars = VALUE_POOL_CHARS) {
    this.#random = random;
    const codes = new Uint8Array(poolChars);
    for (let i = 0; i < poolChars; i += 1) codes[i] = 32 + (random.nextU32() & 95);
    this.#pool = Buffer.from(codes).toString('latin1');
  }

  /** `length` random characters (each one byte in UTF-8: codes 32..127). */
  next(length: number): string {
    const offset = this.#random.nextBelow(this.#pool.length - length + 1);
    return this.#pool.slice(offset, offset + length);
  }
}
