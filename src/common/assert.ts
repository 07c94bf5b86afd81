// Programmer-error checks: a failed assertion is a bug, is never caught, and stays on in production.
import { AssertionError } from 'node:assert';

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError({ message });
}

/** Ends every `switch` over a discriminated union: the compiler proves it unreachable. */
export function assertNever(value: never, what = 'value'): never {
  throw new AssertionError({ message: `unexpected ${what}: ${JSON.stringify(value)}` });
}
