// What a failed command prints after `ERROR: `, as HBase's shell words it (commands.rb's
// translate_hbase_exceptions): `Unknown table t1!`, `Table t1 is disabled!`, `Table already
// exists: t1!`, `Unknown column family! Valid column names: f:*`... Every other error prints its
// own message — never a stack trace.
import { ColonnadeError } from '../common/errors.js';
import { textOf } from './args.js';
import type { ShellBackend } from './backend.js';
import type { Command } from './commands/command.js';
import { findCode } from './commands/table-state.js';
import { printValue } from './printer.js';
import type { ShellValue } from './values.js';

const TRANSLATED = [
  'TableNotFound',
  'TableNotEnabled',
  'TableNotDisabled',
  'UnknownRegion',
  'NamespaceNotFound',
  'TableExists',
  'NoSuchColumnFamily',
] as const;

/** The message of the error that caused `error` (RetriesExhausted wraps the real one). */
function rootMessage(error: unknown): string {
  if (
    error instanceof ColonnadeError &&
    error.code === 'RetriesExhausted' &&
    error.cause instanceof Error
  ) {
    return rootMessage(error.cause);
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

async function validColumns(backend: ShellBackend, table: string): Promise<string> {
  try {
    const descriptor = await backend.admin().describeTable(table);
    return descriptor.families.map((f) => `${f.name}:*`).join(', ');
  } catch {
    return '';
  }
}

/** The text after `ERROR: ` for `error`, thrown by `command` called with `args`. */
export async function errorMessage(
  error: unknown,
  command: Command,
  args: readonly ShellValue[],
  backend: ShellBackend,
): Promise<string> {
  const firstValue = args[0];
  const first = firstValue === undefined ? '' : (textOf(firstValue) ?? printValue(firstValue));
  switch (findCode(error, TRANSLATED)) {
    case 'TableNotFound':
      return command.unknownTable === 'does-not-exist'
        ? `Table ${first} does not exist.`
        : `Unknown table ${first}!`;
    case 'TableNotEnabled':
      return `Table ${first} is disabled!`;
    case 'TableNotDisabled':
      return `Table ${first} should be disabled!`;
    case 'UnknownRegion':
      return `Unknown region ${first}!`;
    case 'NamespaceNotFound':
      return `Unknown namespace ${first.split(':')[0] ?? first}!`;
    case 'TableExists':
      return `Table already exists: ${first}!`;
    case 'NoSuchColumnFamily':
      return `Unknown column family! Valid column names: ${await validColumns(backend, first)}`;
    case undefined:
      return rootMessage(error);
  }
}
