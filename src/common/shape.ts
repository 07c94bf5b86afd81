// Checks for values that arrive from the network (msgpack-decoded, so of any shape): each names
// the offending field by its path ("mutations[2].cells[0].family") in an InvalidArgumentError,
// so that a malformed request is refused with a clear message before any code trusts its types.
import { InvalidArgumentError } from './errors.js';

export type Fields = Readonly<Record<string, unknown>>;

function fail(path: string, wanted: string, value: unknown): never {
  throw new InvalidArgumentError(`${path} must be ${wanted}; it is ${describeValue(value)}`);
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Buffer.isBuffer(value)) return `${value.length} bytes`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'object') return 'a map';
  return `${typeof value} ${String(value)}`;
}

export function objectAt(value: unknown, path: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Buffer.isBuffer(value))
    fail(path, 'a map', value);
  return value as Fields;
}

export function bytesAt(value: unknown, path: string): Buffer {
  if (!Buffer.isBuffer(value)) fail(path, 'bytes', value);
  return value;
}

export function optionalBytesAt(value: unknown, path: string): Buffer | undefined {
  return value === undefined ? undefined : bytesAt(value, path);
}

export function bytesOrNullAt(value: unknown, path: string): Buffer | null {
  return value === null ? null : bytesAt(value, path);
}

export function stringAt(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, 'a string', value);
  return value;
}

export function booleanAt(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'true or false', value);
  return value;
}

export function optionalBooleanAt(value: unknown, path: string): boolean | undefined {
  return value === undefined ? undefined : booleanAt(value, path);
}

/** A finite number (integers are checked where they are used, with their own bounds). */
export function numberAt(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'a finite number', value);
  return value;
}

export function optionalNumberAt(value: unknown, path: string): number | undefined {
  return value === undefined ? undefined : numberAt(value, path);
}

export function integerAt(value: unknown, path: string): number {
  if (!Number.isSafeInteger(value)) fail(path, 'an integer', value);
  return value as number;
}

export function optionalIntegerAt(value: unknown, path: string): number | undefined {
  return value === undefined ? undefined : integerAt(value, path);
}

export function bigintAt(value: unknown, path: string): bigint {
  if (typeof value === 'bigint') return value;
  if (Number.isSafeInteger(value)) return BigInt(value as number);
  return fail(path, 'an integer', value);
}

export function listAt(value: unknown, path: string, max: number): readonly unknown[] {
  if (!Array.isArray(value)) fail(path, 'a list', value);
  if (value.length > max) {
    throw new InvalidArgumentError(`${path} has ${value.length} items; at most ${max} are allowed`);
  }
  return value;
}

export function oneOfAt<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(path, `one of ${allowed.join(', ')}`, value);
  }
  return value as T;
}

export function optionalOneOfAt<T extends string>(
  value: unknown,
  path: string,
  allowed: readonly T[],
): T | undefined {
  return value === undefined ? undefined : oneOfAt(value, path, allowed);
}
