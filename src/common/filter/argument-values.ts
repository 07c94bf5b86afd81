// Turns filter-call arguments into values as HBase's ParseFilter does: quoted strings as UTF-8
// bytes, bare ints, longs, booleans and compare ops, and 'type:value' comparators. Each converter
// refuses the wrong kind of argument with a FilterParseError at the argument's position.
import { LATEST_TIMESTAMP } from '../cell.js';
import { FilterParseError } from './errors.js';
import type { FilterArgument } from './filter-text.js';
import { FILTER_INT_ARGUMENT_MAX, FILTER_REGEX_CHARS_MAX } from './limits.js';
import { compareOpOfSymbol } from './names.js';
import { compileRegexString } from './regex.js';
import type { ComparatorSpec, CompareOp } from './spec.js';

export function argumentError(argument: FilterArgument, detail: string): FilterParseError {
  const position = argument.position;
  return new FilterParseError(`${detail} (at position ${position})`, { position });
}

function describe(argument: FilterArgument): string {
  return argument.kind === 'quoted' ? `'${argument.text}'` : argument.text;
}

/** A quoted argument's text. */
export function quotedText(argument: FilterArgument, what: string): string {
  if (argument.kind !== 'quoted') {
    throw argumentError(argument, `${what} must be a quoted string, got ${describe(argument)}`);
  }
  return argument.text;
}

/** A quoted argument's UTF-8 bytes (the language has no escapes for other bytes, as in HBase). */
export function quotedBytes(argument: FilterArgument, what: string): Buffer {
  return Buffer.from(quotedText(argument, what), 'utf8');
}

const INTEGER = /^-?[0-9]+$/;

/** A bare integer from `min` to `max`. */
function integer(argument: FilterArgument, what: string, min: bigint, max: bigint): number {
  if (argument.kind !== 'bare' || !INTEGER.test(argument.text)) {
    throw argumentError(argument, `${what} must be an unquoted integer, got ${describe(argument)}`);
  }
  const value = BigInt(argument.text);
  if (value < min || value > max) {
    throw argumentError(argument, `${what} is ${argument.text}; it must be from ${min} to ${max}`);
  }
  return Number(value);
}

/** A non-negative Java int (counts, limits and offsets). */
export function countArgument(argument: FilterArgument, what: string): number {
  return integer(argument, what, 0n, BigInt(FILTER_INT_ARGUMENT_MAX));
}

/** A non-negative long that a JavaScript number holds exactly (page sizes). */
export function longArgument(argument: FilterArgument, what: string): number {
  return integer(argument, what, 0n, BigInt(Number.MAX_SAFE_INTEGER));
}

/** A cell timestamp: from 0 to LATEST_TIMESTAMP. */
export function timestampArgument(argument: FilterArgument, what: string): number {
  return integer(argument, what, 0n, BigInt(LATEST_TIMESTAMP));
}

/** `true` or `false`, in any case, unquoted (HBase's convertByteArrayToBoolean). */
export function booleanArgument(argument: FilterArgument, what: string): boolean {
  const lower = argument.text.toLowerCase();
  if (argument.kind === 'bare' && (lower === 'true' || lower === 'false')) return lower === 'true';
  throw argumentError(argument, `${what} must be true or false, got ${describe(argument)}`);
}

export function compareOpArgument(argument: FilterArgument): CompareOp {
  const op = argument.kind === 'bare' ? compareOpOfSymbol(argument.text) : undefined;
  if (op === undefined) {
    throw argumentError(
      argument,
      `invalid compare operator ${describe(argument)}; expected one of <, <=, =, !=, >=, >`,
    );
  }
  return op;
}

/** `'type:value'`, split at the first colon. */
export function comparatorArgument(argument: FilterArgument): ComparatorSpec {
  const text = quotedText(argument, 'a comparator');
  const colon = text.indexOf(':');
  if (colon < 0) {
    throw argumentError(
      argument,
      `comparator '${text}' has no type; write 'binary:${text}' ` +
        '(types: binary, binaryprefix, regexstring, substring)',
    );
  }
  const type = text.slice(0, colon);
  const value = text.slice(colon + 1);
  switch (type) {
    case 'binary':
      return { type, value: Buffer.from(value, 'utf8') };
    case 'binaryprefix':
      return { type, value: Buffer.from(value, 'utf8') };
    case 'regexstring':
      checkRegex(argument, value);
      return { type, pattern: value };
    case 'substring':
      return { type, value };
    default:
      throw argumentError(
        argument,
        `incorrect comparator type '${type}'; ` +
          'expected binary, binaryprefix, regexstring or substring',
      );
  }
}

function checkRegex(argument: FilterArgument, pattern: string): void {
  if (pattern.length > FILTER_REGEX_CHARS_MAX) {
    throw argumentError(
      argument,
      `regular expression is ${pattern.length} characters; FILTER_REGEX_CHARS_MAX is ` +
        `${FILTER_REGEX_CHARS_MAX}`,
    );
  }
  try {
    compileRegexString(pattern);
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw argumentError(argument, `invalid regular expression '${pattern}': ${reason}`);
  }
}

/** HBase refuses regexstring and substring comparators with any op but = and !=. */
export function checkOpForComparator(
  opArgument: FilterArgument,
  op: CompareOp,
  comparator: ComparatorSpec,
): void {
  const textual = comparator.type === 'regexstring' || comparator.type === 'substring';
  if (textual && op !== 'EQUAL' && op !== 'NOT_EQUAL') {
    throw argumentError(
      opArgument,
      `a ${comparator.type} comparator can only be used with = and !=, got ${opArgument.text}`,
    );
  }
}
