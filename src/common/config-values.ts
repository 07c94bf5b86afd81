// Typed configuration keys, and the pure parsing of one raw value (a flag's string or a JSON value)
// into its kind's type: a parse yields a value within the key's limits, or says what was expected.
import { InvalidArgumentError } from './errors.js';
import { parseHostPortList, type HostPort } from './host-port.js';

interface KeyBase {
  readonly description: string;
  /** A key without a default that is required must come from the file, the environment or a flag. */
  readonly required?: boolean;
  /** The long flag without dashes; by default the kebab-case name (`dataDir` → `--data-dir`). */
  readonly flag?: string;
  /** The flag's argument as shown by --help, e.g. `DIR`. */
  readonly metavar?: string;
}

interface RangeLimits {
  /** Inclusive bounds, in the key's unit (milliseconds, bytes). */
  readonly min?: number;
  readonly max?: number;
}

export interface StringKeySpec extends KeyBase {
  readonly kind: 'string';
  readonly default?: string;
  readonly choices?: readonly string[];
}

export interface IntegerKeySpec extends KeyBase, RangeLimits {
  readonly kind: 'integer';
  readonly default?: number;
}

export interface BooleanKeySpec extends KeyBase {
  readonly kind: 'boolean';
  readonly default?: boolean;
}

/** Milliseconds; written as a number of milliseconds or with a unit (`500ms`, `30s`, `5m`, `1h`, `1d`). */
export interface DurationKeySpec extends KeyBase, RangeLimits {
  readonly kind: 'duration-ms';
  readonly default?: number | string;
}

/** Bytes; written as a number or with a binary unit, as Hadoop does (`64k`, `128MiB`, `1g`, `2TB`). */
export interface BytesKeySpec extends KeyBase, RangeLimits {
  readonly kind: 'bytes';
  readonly default?: number | string;
}

/** A non-empty list of addresses, written `host:port,host:port` (or a JSON array of them). */
export interface HostPortListKeySpec extends KeyBase {
  readonly kind: 'host-port-list';
  readonly default?: string;
}

export type ConfigKeySpec =
  | StringKeySpec
  | IntegerKeySpec
  | BooleanKeySpec
  | DurationKeySpec
  | BytesKeySpec
  | HostPortListKeySpec;

export type ConfigKind = ConfigKeySpec['kind'];

export interface ConfigValueOfKind {
  readonly string: string;
  readonly integer: number;
  readonly boolean: boolean;
  readonly 'duration-ms': number;
  readonly bytes: number;
  readonly 'host-port-list': readonly HostPort[];
}

export type ConfigValue = ConfigValueOfKind[ConfigKind];

/** A parse's outcome: the value, or a phrase saying what was expected ("an integer in 0..65535"). */
export type Parsed = { readonly value: ConfigValue } | { readonly expected: string };

const DURATION_UNITS_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const BYTE_UNITS: Readonly<Record<string, number>> = {
  k: 2 ** 10,
  m: 2 ** 20,
  g: 2 ** 30,
  t: 2 ** 40,
};

const INTEGER_TEXT = /^[+-]?[0-9]+$/;
const AMOUNT_WITH_UNIT = /^([0-9]+(?:\.[0-9]+)?)\s*([a-z]*)$/;
const BYTE_UNIT = /^(?:([kmgt])(?:i?b)?|b?)$/;
/** How far from a whole number `1.1s` may land in floating point and still count as 1100ms. */
const WHOLE_EPSILON = 1e-6;

/** Parses `raw` as `key`'s kind and checks the key's limits. */
export function parseConfigValue(key: ConfigKeySpec, raw: unknown): Parsed {
  switch (key.kind) {
    case 'string':
      return parseString(key, raw);
    case 'integer':
      return withinRange(key, parseInteger(raw), 'an integer', '');
    case 'boolean':
      return parseBoolean(raw);
    case 'duration-ms':
      return withinRange(key, parseAmount(raw, durationUnit), DURATION_EXPECTED, 'ms');
    case 'bytes':
      return withinRange(key, parseAmount(raw, byteUnit), BYTES_EXPECTED, ' bytes');
    case 'host-port-list':
      return parseAddresses(raw);
  }
}

const DURATION_EXPECTED = 'a duration such as 500ms, 30s, 5m or 1h (a bare number is milliseconds)';
const BYTES_EXPECTED = 'a size such as 4096, 64k, 128m or 1g (binary units)';

function parseString(key: StringKeySpec, raw: unknown): Parsed {
  const choices = key.choices;
  if (choices === undefined)
    return typeof raw === 'string' ? { value: raw } : { expected: 'a string' };
  if (typeof raw === 'string' && choices.includes(raw)) return { value: raw };
  return { expected: `one of ${choices.join(', ')}` };
}

function parseBoolean(raw: unknown): Parsed {
  if (typeof raw === 'boolean') return { value: raw };
  if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
  return { expected: 'true or false' };
}

function parseInteger(raw: unknown): number | undefined {
  const n = typeof raw === 'string' && INTEGER_TEXT.test(raw.trim()) ? Number(raw) : raw;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : undefined;
}

/** A non-negative integer amount, either a bare number or a number with a unit. */
function parseAmount(
  raw: unknown,
  unitFactor: (unit: string) => number | undefined,
): number | undefined {
  let amount: number | undefined;
  if (typeof raw === 'number') {
    amount = raw;
  } else if (typeof raw === 'string') {
    const match = AMOUNT_WITH_UNIT.exec(raw.trim().toLowerCase());
    const factor = match === null ? undefined : unitFactor(match[2] ?? '');
    amount = factor === undefined ? undefined : wholeOrUndefined(Number(match?.[1]) * factor);
  }
  return amount !== undefined && Number.isSafeInteger(amount) && amount >= 0 ? amount : undefined;
}

function wholeOrUndefined(exact: number): number | undefined {
  const rounded = Math.round(exact);
  return Math.abs(exact - rounded) < WHOLE_EPSILON ? rounded : undefined;
}

function durationUnit(unit: string): number | undefined {
  return DURATION_UNITS_MS[unit === '' ? 'ms' : unit];
}

/** `k`, `kb` and `kib` all mean 1024 bytes, as in Hadoop's configuration. */
function byteUnit(unit: string): number | undefined {
  const match = BYTE_UNIT.exec(unit);
  if (match === null) return undefined;
  const prefix = match[1];
  return prefix === undefined ? 1 : BYTE_UNITS[prefix];
}

function withinRange(
  key: RangeLimits,
  value: number | undefined,
  what: string,
  unit: string,
): Parsed {
  const { min, max } = key;
  const aboveMin = value !== undefined && (min === undefined || value >= min);
  if (aboveMin && (max === undefined || value <= max)) return { value };
  if (min !== undefined && max !== undefined)
    return { expected: `${what} in ${min}..${max}${unit}` };
  if (min !== undefined) return { expected: `${what} of at least ${min}${unit}` };
  if (max !== undefined) return { expected: `${what} of at most ${max}${unit}` };
  return { expected: what };
}

function parseAddresses(raw: unknown): Parsed {
  const isTextList = Array.isArray(raw) && raw.every((entry) => typeof entry === 'string');
  const text = isTextList ? raw.join(',') : raw;
  if (typeof text !== 'string')
    return { expected: 'a host:port list (a string or an array of strings)' };
  try {
    return { value: parseHostPortList(text) };
  } catch (error: unknown) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    return { expected: `host:port[,host:port...] (${error.message})` };
  }
}
