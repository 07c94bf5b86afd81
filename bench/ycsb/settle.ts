// Waits, between two systems' turns, until every server of the run is quiet: a system's
// background work after its turn (Redis's AOF rewrite, PostgreSQL's checkpoints and autovacuum,
// Colonnade's flushes) would otherwise land in the next system's measurement. Bounded: after
// SETTLE_WAIT_MAX_MS the turn starts anyway, and the run says so.

/** One look at the servers' CPU spans this long. */
export const SETTLE_SAMPLE_MS = 250;
/** Quiet: all servers together used less than this share of one core over a sample. */
export const SETTLE_CPU_FRACTION = 0.1;
/** The longest wait for quiet before a turn. */
export const SETTLE_WAIT_MAX_MS = 20_000;

export interface Settled {
  readonly waitedMs: number;
  readonly quiet: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Samples `cpuMs` (CPU milliseconds the servers used so far) until a sample is quiet. */
export async function settle(cpuMs: () => number): Promise<Settled> {
  const start = performance.now();
  for (;;) {
    const before = cpuMs();
    await sleep(SETTLE_SAMPLE_MS);
    const used = cpuMs() - before;
    const waitedMs = performance.now() - start;
    if (used < SETTLE_CPU_FRACTION * SETTLE_SAMPLE_MS) return { waitedMs, quiet: true };
    if (waitedMs >= SETTLE_WAIT_MAX_MS) return { waitedMs, quiet: false };
  }
}
