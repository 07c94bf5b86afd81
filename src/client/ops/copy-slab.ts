// Private copies of caller bytes for the operation builders. A small copy is cut from a shared
// slab (one allocation per COPY_SLAB_BYTES instead of one pool refill per ~7 KB, which cost a PE
// put about a microsecond in place); a large one gets its own buffer. Copies never overlap, and a
// slab is never written again where a copy was cut.
import { COPY_SLAB_BYTES, COPY_SLAB_SHARE_BYTES_MAX } from './limits.js';

let slab: Buffer = Buffer.allocUnsafeSlow(COPY_SLAB_BYTES);
let used = 0;

/** A private copy of `bytes`. */
export function copyBytes(bytes: Uint8Array): Buffer {
  const length = bytes.length;
  if (length > COPY_SLAB_SHARE_BYTES_MAX) return Buffer.from(bytes);
  if (used + length > COPY_SLAB_BYTES) {
    slab = Buffer.allocUnsafeSlow(COPY_SLAB_BYTES);
    used = 0;
  }
  const copy = slab.subarray(used, used + length);
  copy.set(bytes);
  used += length;
  return copy;
}
