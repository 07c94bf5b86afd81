// Shared by the client's integration tests: seeded random bytes and whole-stream reads.
import type { SeededRng } from '../../../src/common/rng.js';
import type { DfsInputStream } from '../../../src/dfs/client/index.js';

/** `length` pseudo-random bytes from `rng`. */
export function randomBytes(rng: SeededRng, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  let i = 0;
  for (; i + 4 <= length; i += 4) out.writeUInt32LE(rng.nextU32(), i);
  for (; i < length; i++) out[i] = rng.nextInt(256);
  return out;
}

/** Everything from the stream's position to its end, read `step` bytes at a time. */
export async function readAll(stream: DfsInputStream, step: number): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for (;;) {
    const piece = await stream.read(step);
    if (piece.length === 0) return Buffer.concat(pieces);
    pieces.push(Buffer.from(piece));
  }
}
