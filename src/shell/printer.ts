// Prints shell values and statements back as shell source, so that parsing the text gives the same
// values again (parseInput(printStatements(s)) equals s). Strings come out double-quoted, with
// every byte that is not printable ASCII as \xNN and with ", \ and # escaped.
import { assertNever } from '../common/assert.js';
import type { ShellValue, Statement } from './values.js';

/** A byte string as a double-quoted shell literal. */
export function printBytes(bytes: Uint8Array): string {
  let out = '"';
  for (const byte of bytes) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte === 0x23) out += '\\#';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `${out}"`;
}

/** A float so that it reads back as the same float (always with a '.' or an exponent). */
function printFloat(value: number): string {
  if (!Number.isFinite(value)) {
    throw new RangeError(`${value} has no shell literal`);
  }
  if (Object.is(value, -0)) return '-0.0';
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

export function printValue(value: ShellValue): string {
  switch (value.kind) {
    case 'string':
      return printBytes(value.bytes);
    case 'integer':
      return value.value.toString();
    case 'float':
      return printFloat(value.value);
    case 'boolean':
      return value.value ? 'true' : 'false';
    case 'nil':
      return 'nil';
    case 'constant':
      return value.name;
    case 'array':
      return `[${value.items.map(printValue).join(', ')}]`;
    case 'hash':
      return `{${value.entries.map(printEntry).join(', ')}}`;
    default:
      return assertNever(value, 'shell value');
  }
}

function printEntry([key, value]: readonly [ShellValue, ShellValue]): string {
  return `${printValue(key)} => ${printValue(value)}`;
}

export function printStatement(statement: Statement): string {
  if (statement.args.length === 0) return statement.command;
  return `${statement.command} ${statement.args.map(printValue).join(', ')}`;
}

/** Statements one per line. */
export function printStatements(statements: readonly Statement[]): string {
  return statements.map(printStatement).join('\n');
}
