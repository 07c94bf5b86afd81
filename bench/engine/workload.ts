// The engine benchmark's workload, identical for both engines: PE-style keys (26-byte zero-padded
// decimal row numbers), 1 KiB values cut from a seeded random pool (uncompressible, distinct per
// row, so every read can be checked), a seeded random order, and a driver that keeps a fixed
// number of operations in flight.
import { SeededRng } from '../../src/common/rng.js';

/** HBase PE's ROW_LENGTH. */
export const KEY_BYTES = 26;
export const VALUE_BYTES = 1024;
const POOL_BYTES = 4 * 1024 * 1024;
/** A prime stride through the pool, so that neighbouring rows get unrelated values. */
const POOL_STRIDE = 40_961;

export function rowKey(row: number): Buffer {
  return Buffer.from(String(row).padStart(KEY_BYTES, '0'), 'latin1');
}

export class Workload {
  readonly rows: number;
  readonly #pool: Buffer;
  readonly #rng: SeededRng;

  constructor(rows: number, seed: number) {
    this.rows = rows;
    this.#rng = new SeededRng(seed);
    this.#pool = Buffer.allocUnsafe(POOL_BYTES);
    for (let i = 0; i < POOL_BYTES; i += 4) this.#pool.writeUInt32LE(this.#rng.nextU32(), i);
  }

  /** Row `row`'s value, a view into the pool (callers copy it where a store keeps it). */
  valueView(row: number): Buffer {
    const offset = (row * POOL_STRIDE) % (POOL_BYTES - VALUE_BYTES);
    return this.#pool.subarray(offset, offset + VALUE_BYTES);
  }

  /** Every row once, in a seeded random order (Fisher–Yates). */
  permutation(): Uint32Array {
    const order = new Uint32Array(this.rows);
    for (let i = 0; i < this.rows; i++) order[i] = i;
    for (let i = this.rows - 1; i > 0; i--) {
      const j = this.#rng.nextInt(i + 1);
      const t = order[i] ?? 0;
      order[i] = order[j] ?? 0;
      order[j] = t;
    }
    return order;
  }

  /** `count` rows drawn uniformly at random (with repeats), as PE's randomRead does. */
  randomRows(count: number): Uint32Array {
    const rows = new Uint32Array(count);
    for (let i = 0; i < count; i++) rows[i] = this.#rng.nextInt(this.rows);
    return rows;
  }

  /** Throws when `value` is not row `row`'s value. */
  check(row: number, value: Uint8Array | undefined): void {
    if (value === undefined) throw new Error(`row ${row} is missing`);
    if (!this.valueView(row).equals(value)) throw new Error(`row ${row} reads back a wrong value`);
  }
}

/** Runs `op(0..total-1)` keeping `depth` in flight; returns the elapsed seconds. */
export async function inFlight(
  total: number,
  depth: number,
  op: (i: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const start = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total) await op(next++);
  };
  await Promise.all(Array.from({ length: Math.min(depth, total) }, worker));
  return (performance.now() - start) / 1000;
}
