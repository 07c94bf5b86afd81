// Comparators and the compare-op rule of HBase's CompareFilter. HBase computes
// `comparator.compareTo(cellBytes)` and keeps a cell when the op holds for the cell against the
// comparator: RowFilter(<, 'binary:m') keeps rows below m. A comparator that cannot read the bytes
// (a long comparator on a value that is not 8 bytes) makes every op fail, where HBase would throw.
import {
  assertNever,
  compareBytes,
  InvalidArgumentError,
  LimitExceededError,
} from '../../common/index.js';
import { compileRegexString, FILTER_REGEX_CHARS_MAX } from '../../common/filter/index.js';
import type { ComparatorSpec, CompareOp } from '../../common/filter/index.js';

/** HBase's ByteArrayComparable: its value against the bytes; undefined when it cannot tell. */
export interface ByteComparator {
  compareTo(bytes: Buffer): number | undefined;
}

const LONG_BYTES = 8;

export function compileComparator(spec: ComparatorSpec): ByteComparator {
  switch (spec.type) {
    case 'binary':
      return { compareTo: (bytes) => compareBytes(spec.value, bytes) };
    case 'binaryprefix':
      // Only as many bytes of the cell as the prefix has take part.
      return {
        compareTo: (bytes) => compareBytes(spec.value, bytes.subarray(0, spec.value.length)),
      };
    case 'regexstring':
      return regexComparator(spec.pattern);
    case 'substring': {
      const needle = spec.value.toLowerCase();
      return {
        compareTo: (bytes) => (bytes.toString('utf8').toLowerCase().includes(needle) ? 0 : 1),
      };
    }
    case 'long':
      return {
        compareTo: (bytes) => {
          if (bytes.length !== LONG_BYTES) return undefined;
          const cell = bytes.readBigInt64BE(0);
          return spec.value === cell ? 0 : spec.value < cell ? -1 : 1;
        },
      };
    case 'null':
      // HBase's NullComparator: 0 only for a null value, which a cell never has.
      return { compareTo: () => 1 };
    case 'bit':
      return bitComparator(spec.value, spec.op);
    default:
      return assertNever(spec, 'comparator');
  }
}

/** Matches anywhere in the value decoded as UTF-8 (HBase's default charset), with DOTALL. */
function regexComparator(pattern: string): ByteComparator {
  if (pattern.length > FILTER_REGEX_CHARS_MAX) {
    throw new LimitExceededError(
      `regular expression is ${pattern.length} characters; ` +
        `FILTER_REGEX_CHARS_MAX is ${FILTER_REGEX_CHARS_MAX}`,
    );
  }
  let regex: RegExp;
  try {
    regex = compileRegexString(pattern);
  } catch (error: unknown) {
    throw new InvalidArgumentError(`invalid regular expression '${pattern}'`, { cause: error });
  }
  return { compareTo: (bytes) => (regex.test(bytes.toString('utf8')) ? 0 : 1) };
}

/** 0 when some byte of `value OP cell` is non-zero; 1 otherwise or when the lengths differ. */
function bitComparator(value: Buffer, op: 'AND' | 'OR' | 'XOR'): ByteComparator {
  return {
    compareTo: (bytes) => {
      if (bytes.length !== value.length) return 1;
      for (let i = 0; i < bytes.length; i++) {
        const a = value[i] ?? 0;
        const b = bytes[i] ?? 0;
        const bits = op === 'AND' ? a & b : op === 'OR' ? a | b : a ^ b;
        if (bits !== 0) return 0;
      }
      return 1;
    },
  };
}

/**
 * True when the bytes pass: the op holds for the bytes against the comparator's value. `result` is
 * the comparator's compareTo (its value against the bytes), so the op reads right to left. NO_OP
 * never passes (HBase's compare filters drop everything with it).
 */
export function compareOpPasses(op: CompareOp, result: number | undefined): boolean {
  if (result === undefined) return false;
  switch (op) {
    case 'LESS':
      return result > 0;
    case 'LESS_OR_EQUAL':
      return result >= 0;
    case 'EQUAL':
      return result === 0;
    case 'NOT_EQUAL':
      return result !== 0;
    case 'GREATER_OR_EQUAL':
      return result <= 0;
    case 'GREATER':
      return result < 0;
    case 'NO_OP':
      return false;
    default:
      return assertNever(op, 'compare op');
  }
}

/** A compiled op and comparator: `passes(bytes)`. */
export interface ByteTest {
  passes(bytes: Buffer): boolean;
}

export function compileByteTest(op: CompareOp, spec: ComparatorSpec): ByteTest {
  const comparator = compileComparator(spec);
  return { passes: (bytes) => compareOpPasses(op, comparator.compareTo(bytes)) };
}
