// Programmer-error checks: a failed assertion is a bug, is never caught, and stays on in production.
import { AssertionError } from 'node:assert';

/**
 * A template message is built before the call, on every call: on a hot path write
 * `if (!ok) assert(false, \`...\`)`, so that the message is built only on failure.
 */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError({ message });
}

/** Ends every `switch` over a discriminated union: the compiler proves it unreachable. */
export function assertNever(value: never, what = 'value'): never {
  throw new AssertionError({ message: `unexpected ${what}: ${JSON.stringify(value)}` });
}
