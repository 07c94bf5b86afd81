// Turning parsed shell values into what commands need — names, bytes, numbers, booleans, option
// hashes, `family:qualifier` columns — with HBase's leniency (numbers as strings, constants as
// their names) and a ShellCommandError naming the value when one cannot be used.
import { constantValue } from './constants.js';
import { ShellCommandError } from './errors.js';
import { rubyFloat } from './format/ruby-inspect.js';
import { printValue } from './printer.js';
import type { ShellValue } from './values.js';

/** A value as Ruby's to_s would give it, or undefined for arrays, hashes and nil. */
export function textOf(value: ShellValue): string | undefined {
  switch (value.kind) {
    case 'string':
      return value.bytes.toString('utf8');
    case 'constant':
      return constantValue(value.name);
    case 'integer':
      return value.value.toString();
    case 'float':
      return rubyFloat(value.value);
    case 'boolean':
      return String(value.value);
    default:
      return undefined;
  }
}

/** A name (table, namespace, region, server): a string or a constant. */
export function nameArg(value: ShellValue, what: string): string {
  if (value.kind === 'string' || value.kind === 'constant') return textOf(value) as string;
  throw new ShellCommandError(`${what} must be a String, got ${printValue(value)}`);
}

/** Row keys, values: Ruby's `x.to_s.to_java_bytes` (strings as their bytes, numbers as digits). */
export function bytesArg(value: ShellValue, what: string): Buffer {
  if (value.kind === 'string') return value.bytes;
  const text = textOf(value);
  if (text === undefined || value.kind === 'boolean') {
    throw new ShellCommandError(`${what} must be a String or a number, got ${printValue(value)}`);
  }
  return Buffer.from(text, 'utf8');
}

/** An integer, given as a number or a string of digits (HBase's JInteger.valueOf). */
export function integerArg(value: ShellValue, what: string, min: number, max: number): number {
  let n: bigint | undefined;
  if (value.kind === 'integer') n = value.value;
  else if (value.kind === 'string' && /^-?\d{1,20}$/.test(value.bytes.toString('latin1').trim())) {
    n = BigInt(value.bytes.toString('latin1').trim());
  }
  if (n === undefined) {
    throw new ShellCommandError(`${what} must be an integer, got ${printValue(value)}`);
  }
  if (n < BigInt(min) || n > BigInt(max)) {
    throw new ShellCommandError(`${what} is ${n}; it must be in ${min}..${max}`);
  }
  return Number(n);
}

/** true/false, or the strings 'true'/'false' in any case (HBase's JBoolean.valueOf). */
export function booleanArg(value: ShellValue, what: string): boolean {
  if (value.kind === 'boolean') return value.value;
  const text = value.kind === 'string' ? value.bytes.toString('utf8').toLowerCase() : undefined;
  if (text === 'true' || text === 'false') return text === 'true';
  throw new ShellCommandError(`${what} must be true or false, got ${printValue(value)}`);
}

/** An array of values, or one value taken as an array of one (HBase's `[x].flatten`). */
export function listArg(value: ShellValue): readonly ShellValue[] {
  return value.kind === 'array' ? value.items : [value];
}

/**
 * A hash's entries by key text (a later duplicate wins, as in Ruby). `take` marks keys as used,
 * so that a command can list the ones it ignored.
 */
export class Options {
  readonly #values = new Map<string, ShellValue>();
  readonly #taken = new Set<string>();

  constructor(hash: ShellValue | undefined, what = 'options') {
    if (hash === undefined || hash.kind === 'nil') return;
    if (hash.kind !== 'hash') {
      throw new ShellCommandError(`${what} must be a Hash, got ${printValue(hash)}`);
    }
    for (const [key, value] of hash.entries) {
      const text = textOf(key);
      if (text === undefined)
        throw new ShellCommandError(`a hash key must be a String, got ${printValue(key)}`);
      this.#values.set(text, value);
    }
  }

  static isHash(value: ShellValue | undefined): boolean {
    return value !== undefined && value.kind === 'hash';
  }

  has(key: string): boolean {
    return this.#values.has(key);
  }

  /** The value under `key` (nil counts as absent), marking it used. */
  take(key: string): ShellValue | undefined {
    this.#taken.add(key);
    const value = this.#values.get(key);
    return value === undefined || value.kind === 'nil' ? undefined : value;
  }

  /** Keys nobody took, in the order given. */
  untaken(): string[] {
    return [...this.#values.keys()].filter((key) => !this.#taken.has(key));
  }

  get size(): number {
    return this.#values.size;
  }
}

/** A column as the shell writes it: `family`, `family:qualifier` or `family:qualifier:CONV`. */
export interface ColumnSpec {
  readonly family: Buffer;
  /** Undefined for a whole family (`'f'`); empty for `'f:'`. */
  readonly qualifier: Buffer | undefined;
  readonly converter: string | undefined;
}

const COLON = 0x3a;

/** HBase's parse_column_format_spec: split at the first ':', then the qualifier at its first. */
export function columnArg(value: ShellValue, what = 'column'): ColumnSpec {
  const bytes = bytesArg(value, what);
  const colon = bytes.indexOf(COLON);
  if (colon < 0) return { family: bytes, qualifier: undefined, converter: undefined };
  const family = bytes.subarray(0, colon);
  const rest = bytes.subarray(colon + 1);
  const second = rest.indexOf(COLON);
  if (second < 0) return { family, qualifier: rest, converter: undefined };
  return {
    family,
    qualifier: rest.subarray(0, second),
    converter: rest.subarray(second + 1).toString('utf8'),
  };
}
