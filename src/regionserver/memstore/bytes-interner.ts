// Shares one copy of each short, common name (a qualifier such as `field0` or `0`) among the
// memstore cells that carry it, instead of one request view per cell. Each view is a JS object of
// about 100 bytes that lives until the flush, so a table with a few column names saves that much
// heap per cell, and comparing two cells' qualifiers becomes comparing two references.
// Bounded: names longer than INTERN_BYTES_MAX, and new names once INTERN_NAMES_MAX are known,
// pass through unchanged; `clear` (at a flush) lets the next memstore learn its own names.
import { bytesEqual } from '../../common/bytes.js';

/** Names longer than this are not interned (long qualifiers are rarely repeated). */
export const INTERN_BYTES_MAX = 64;
/**
 * Distinct names one interner keeps; past this, new names pass through. Small on purpose: the
 * names are heap the memstore's size does not count (about 180 bytes each beyond what the cells
 * hold anyway), and a region server keeps one interner per store, so a table of unique column
 * names (time series) costs at most about 46 KB per store; schemas name few columns.
 */
export const INTERN_NAMES_MAX = 256;

/**
 * Slots of the recent-names cache in front of the map: by length and last byte, so a schema's
 * names (`field0` … `field9`, `0`) each keep a slot and most cells skip the string and the lookup.
 */
const RECENT_SLOTS = 64;

export class BytesInterner {
  readonly #known = new Map<string, Buffer>();
  readonly #recent: (Buffer | undefined)[] = new Array<Buffer | undefined>(RECENT_SLOTS).fill(
    undefined,
  );
  readonly #namesMax: number;
  readonly #bytesMax: number;

  constructor(namesMax = INTERN_NAMES_MAX, bytesMax = INTERN_BYTES_MAX) {
    this.#namesMax = namesMax;
    this.#bytesMax = bytesMax;
  }

  /** Distinct names kept. */
  get size(): number {
    return this.#known.size;
  }

  /** The shared copy of `bytes` (equal content), or `bytes` itself past the bounds. */
  intern(bytes: Buffer): Buffer {
    const n = bytes.length;
    if (n > this.#bytesMax) return bytes;
    const slot = n === 0 ? 0 : (n * 31 + (bytes[n - 1] as number)) % RECENT_SLOTS;
    const recent = this.#recent[slot];
    if (recent !== undefined && bytesEqual(recent, bytes)) return recent;
    const key = bytes.toString('latin1');
    let known = this.#known.get(key);
    if (known === undefined) {
      if (this.#known.size >= this.#namesMax) return bytes;
      // A copy of its own: the request's frame is not kept alive by the shared name.
      known = Buffer.from(bytes);
      this.#known.set(key, known);
    }
    this.#recent[slot] = known;
    return known;
  }

  clear(): void {
    this.#known.clear();
    this.#recent.fill(undefined);
  }
}
