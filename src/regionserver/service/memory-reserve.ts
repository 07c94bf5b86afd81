// The region server's memory reserve (HBase's memstore chunk pool with an initial size, or a JVM
// started with -Xms = -Xmx and -XX:+AlwaysPreTouch): at start, `bytes` of malloc's memory are
// allocated, written once and freed. A memstore holds every byte it takes in chunks allocated
// while writes first fill the chunk pool (memstore/chunk-pool.ts); each fresh page costs a fault in
// which the kernel zeroes it, and in a virtual machine that cost more than the copies themselves
// (docs/benchmarks.md: a fifth of the region server's CPU under bench:bigtable's writes). The
// daemons' malloc keeps what is freed (daemon-env.ts: no trimming, large blocks from its heap),
// so the buffers of the first writes reuse these pages.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MEMORY_RESERVE_CHUNK_BYTES } from './limits.js';

/** A byte the reserve writes into every page (any non-zero value: the write is the point). */
const TOUCH_BYTE = 0xa5;

/** Allocates, touches and frees `bytes` (rounded up to whole chunks); returns the bytes taken. */
export function takeMemoryReserve(bytes: number): number {
  if (bytes <= 0) return 0;
  const taken = touchChunks(Math.ceil(bytes / MEMORY_RESERVE_CHUNK_BYTES));
  collectNow();
  return taken;
}

/** Allocates and writes `count` chunks, and drops them on return. */
function touchChunks(count: number): number {
  const held: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    // allocUnsafe, not alloc: calloc may skip fresh pages as already zero and so never touch them.
    held.push(Buffer.allocUnsafe(MEMORY_RESERVE_CHUNK_BYTES).fill(TOUCH_BYTE));
  }
  return held.length * MEMORY_RESERVE_CHUNK_BYTES;
}

/** A full collection now, so the chunks go back to malloc before the first write arrives. */
function collectNow(): void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc === 'function') gc();
}
