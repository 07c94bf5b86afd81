// Where generateData writes PE's values: views cut from a shared slab at 8-byte boundaries, each
// with the slab's 32-bit words beside it, so that a run of one letter is two word stores instead
// of eight byte stores, and a value costs one view instead of a share of Node's 8 KiB pool (a new
// ArrayBuffer, with its external-memory accounting, every eight 1000-byte values). A slab is never
// written again where a value was cut, so a value stays as generated however long it is kept.
import { VALUE_SLAB_BYTES, VALUE_SLAB_SHARE_BYTES_MAX } from './limits.js';

const WORD_BYTES = 4;
/** Values start on this boundary: a whole number of words, as the runs are. */
const VALUE_ALIGN_BYTES = 8;

/** The space of one value: `length` bytes of `bytes` from `at`, which is words[at / 4]. */
export interface ValueSpace {
  readonly bytes: Buffer;
  readonly words: Uint32Array;
  readonly at: number;
}

let slab = newSpace(VALUE_SLAB_BYTES);
let used = 0;

/** Fresh space for a value of `length` bytes (cut from the shared slab when small). */
export function valueSpace(length: number): ValueSpace {
  if (length > VALUE_SLAB_SHARE_BYTES_MAX) return newSpace(length);
  if (used + length > VALUE_SLAB_BYTES) {
    slab = newSpace(VALUE_SLAB_BYTES);
    used = 0;
  }
  const space = { bytes: slab.bytes, words: slab.words, at: used };
  used += Math.ceil(length / VALUE_ALIGN_BYTES) * VALUE_ALIGN_BYTES;
  return space;
}

function newSpace(length: number): ValueSpace {
  // allocUnsafeSlow: an ArrayBuffer of its own, so offset 0 is word-aligned.
  const bytes = Buffer.allocUnsafeSlow(Math.ceil(length / VALUE_ALIGN_BYTES) * VALUE_ALIGN_BYTES);
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / WORD_BYTES);
  return { bytes, words, at: 0 };
}
