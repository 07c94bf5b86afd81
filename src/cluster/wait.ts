// Bounded waiting on the injected clock: poll a check until it yields a value or the deadline
// passes, then fail naming what was awaited, the bound, and the last error the check threw.
import type { Clock } from '../common/clock.js';
import { TimeoutError } from '../common/errors.js';

/** Resolves after `ms` on `clock`. */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

/**
 * Calls `check` every `pollMs` until it returns something other than undefined; throws a
 * TimeoutError naming `what` once `timeoutMs` have passed. A throwing check counts as "not yet",
 * unless `fatal` says the error ends the wait (then it is thrown as it is).
 */
export async function pollUntil<T>(
  clock: Clock,
  what: string,
  timeoutMs: number,
  pollMs: number,
  check: () => Promise<T | undefined> | T | undefined,
  fatal: (error: unknown) => boolean = () => false,
): Promise<T> {
  const deadline = clock.monotonicMs() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      if (fatal(error)) throw error;
      last = error;
    }
    if (clock.monotonicMs() >= deadline) {
      const cause = last === undefined ? '' : ` (last: ${describe(last)})`;
      throw new TimeoutError(`${what}: not within ${timeoutMs} ms${cause}`);
    }
    await sleep(clock, pollMs);
  }
}

/** `promise`, or undefined once `timeoutMs` have passed on `clock` (the promise runs on). */
export async function within<T>(
  clock: Clock,
  timeoutMs: number,
  promise: Promise<T>,
): Promise<{ value: T } | undefined> {
  let timer: ReturnType<Clock['setTimeout']> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = clock.setTimeout(() => resolve(undefined), timeoutMs);
  });
  try {
    return await Promise.race([promise.then((value) => ({ value })), timeout]);
  } finally {
    if (timer !== undefined) clock.clearTimeout(timer);
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
