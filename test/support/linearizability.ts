// A linearizability checker for one register (Wing & Gong's search, Lowe's memo): is there an order
// of the operations, consistent with real time, in which every read returns the last write? An
// operation of unknown outcome may take effect at any point after its call, or not at all.

export interface RegisterOp {
  readonly kind: 'write' | 'read';
  /** The value written, or the value the read returned. */
  readonly value: number;
  readonly invokedAt: number;
  /** Infinity while the outcome is unknown. */
  readonly completedAt: number;
}

/** Searches at most this many states, so that a pathological history fails instead of hanging. */
const SEARCH_STATES_MAX = 2_000_000;

export function isLinearizable(history: readonly RegisterOp[], initialValue = 0): boolean {
  // A read whose answer never came changes nothing and constrains nothing.
  const ops = history.filter((op) => op.kind === 'write' || op.completedAt !== Infinity);
  const n = ops.length;
  const required = ops.reduce(
    (mask, op, i) => (op.completedAt === Infinity ? mask : mask | bit(i)),
    0n,
  );
  const seen = new Set<string>();
  let states = 0;

  const search = (done: bigint, value: number): boolean => {
    if ((done & required) === required) return true;
    const key = `${done.toString(36)}:${value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    if (++states > SEARCH_STATES_MAX)
      throw new Error(`linearizability search over ${SEARCH_STATES_MAX} states`);
    // Whatever goes next must have been called before every pending operation completed.
    let horizon = Infinity;
    for (let i = 0; i < n; i++) {
      if ((done & bit(i)) === 0n) horizon = Math.min(horizon, (ops[i] as RegisterOp).completedAt);
    }
    for (let i = 0; i < n; i++) {
      const op = ops[i] as RegisterOp;
      if ((done & bit(i)) !== 0n || op.invokedAt > horizon) continue;
      if (op.kind === 'read' && op.value !== value) continue;
      if (search(done | bit(i), op.kind === 'write' ? op.value : value)) return true;
    }
    return false;
  };
  return search(0n, initialValue);
}

function bit(i: number): bigint {
  return 1n << BigInt(i);
}
