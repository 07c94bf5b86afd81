// YCSB's key names: `"user" + fnvhash64(keynum)` (insertorder=hashed) or `"user"` + the zero-padded
// keynum (ordered), and Java's String.hashCode (the Redis binding's scan index). Java's signed
// 64-bit arithmetic is reproduced exactly with BigInt, so the keys are YCSB's own.

const FNV_OFFSET_BASIS_64 = 0xcbf29ce484222325n;
const FNV_PRIME_64 = 1099511628211n;
const BYTE_MASK = 0xffn;

/** YCSB's Utils.fnvhash64: FNV-1a over the 8 bytes of a long, then Math.abs (as a Java long). */
export function fnvhash64(value: number | bigint): bigint {
  let val = BigInt.asIntN(64, BigInt(value));
  let hash = BigInt.asIntN(64, FNV_OFFSET_BASIS_64);
  for (let i = 0; i < 8; i += 1) {
    const octet = val & BYTE_MASK;
    val >>= 8n;
    hash = BigInt.asIntN(64, (hash ^ octet) * FNV_PRIME_64);
  }
  // Java's Math.abs(Long.MIN_VALUE) is Long.MIN_VALUE: asIntN keeps that.
  return BigInt.asIntN(64, hash < 0n ? -hash : hash);
}

/** CoreWorkload.buildKeyName. */
export function buildKeyName(keynum: number, zeropadding = 1, orderedinserts = false): string {
  const value = orderedinserts ? String(keynum) : fnvhash64(keynum).toString();
  const fill = zeropadding - value.length;
  return `user${fill > 0 ? '0'.repeat(fill) : ''}${value}`;
}

/** Java's String.hashCode (UTF-16 code units, 32-bit wrap-around). */
export function javaStringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i += 1) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}
