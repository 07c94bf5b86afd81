// The write commands of HBase's dml group: put, delete, deleteall (a row, a column, or every row
// with a prefix), incr, get_counter and append. Mutations print only `Took`; counters print
// `COUNTER VALUE = n` and append `CURRENT VALUE = v`, as HBase 2.x does.
import { Append, Delete, Get, Increment, Put, Scan } from '../../client/ops/index.js';
import { toStringBinary } from '../../common/bytes.js';
import { bytesArg, type ColumnSpec, columnArg, integerArg, nameArg, Options } from '../args.js';
import type { ShellTable } from '../backend.js';
import { ShellCommandError } from '../errors.js';
import { converterNamed } from '../format/cells.js';
import { printValue } from '../printer.js';
import type { ShellValue } from '../values.js';
import { arg, type Command, type CommandContext } from './command.js';
import {
  APPEND_HELP,
  DELETE_HELP,
  DELETEALL_HELP,
  GET_COUNTER_HELP,
  INCR_HELP,
  PUT_HELP,
} from './write-help.js';

const TIMESTAMP_MAX = Number.MAX_SAFE_INTEGER - 1;
const toLong = converterNamed('toLong');

/** An optional timestamp argument; a hash in its place (attributes) means none. */
function timestampArg(value: ShellValue | undefined): number | undefined {
  if (value === undefined || value.kind === 'hash' || value.kind === 'nil') return undefined;
  return integerArg(value, 'timestamp', 0, TIMESTAMP_MAX);
}

function tableArg(ctx: CommandContext, args: readonly ShellValue[]): ShellTable {
  return ctx.backend.table(nameArg(arg(args, 0), 'table name'));
}

function qualifiedColumn(value: ShellValue, command: string): ColumnSpec & { qualifier: Buffer } {
  const column = columnArg(value);
  if (column.qualifier === undefined) {
    throw new ShellCommandError(
      `Failed to provide both column family and column qualifier for ${command}`,
    );
  }
  return { ...column, qualifier: column.qualifier };
}

const put: Command = {
  name: 'put',
  group: 'dml',
  minArgs: 4,
  maxArgs: 6,
  help: PUT_HELP,
  async run(ctx, args) {
    const table = tableArg(ctx, args);
    const column = columnArg(arg(args, 2));
    const value = bytesArg(arg(args, 3), 'value');
    const timestamp = timestampArg(args[4]);
    const p = new Put(bytesArg(arg(args, 1), 'row'));
    const qualifier = column.qualifier ?? Buffer.alloc(0);
    if (timestamp === undefined) p.addColumn(column.family, qualifier, value);
    else p.addColumn(column.family, qualifier, timestamp, value);
    await ctx.wait(table.put(p));
    return undefined;
  },
};

/** table.rb's _deleteall_internal: a whole row, or a column (all versions) or a family. */
function deleteOf(
  row: Buffer,
  column: ShellValue | undefined,
  timestamp: number | undefined,
): Delete {
  const d = new Delete(row, timestamp);
  if (column === undefined || (column.kind === 'string' && column.bytes.length === 0)) return d;
  const spec = columnArg(column);
  if (spec.qualifier === undefined) d.addFamily(spec.family, timestamp);
  else d.addColumns(spec.family, spec.qualifier, timestamp);
  return d;
}

const del: Command = {
  name: 'delete',
  group: 'dml',
  minArgs: 3,
  maxArgs: 5,
  help: DELETE_HELP,
  async run(ctx, args) {
    const table = tableArg(ctx, args);
    const row = bytesArg(arg(args, 1), 'row');
    await ctx.wait(table.delete(deleteOf(row, arg(args, 2), timestampArg(args[3]))));
    return undefined;
  },
};

/** deleteall 't', {ROWPREFIXFILTER => 'p'}: every row starting with the prefix. */
async function deletePrefix(
  ctx: CommandContext,
  table: ShellTable,
  options: Options,
): Promise<void> {
  const prefix = options.take('ROWPREFIXFILTER');
  if (prefix === undefined) {
    throw new ShellCommandError(
      `deleteall takes a row or {ROWPREFIXFILTER => 'prefix'}, ` +
        `got ${options.untaken().join(', ')}`,
    );
  }
  const scan = new Scan().setRowPrefixFilter(bytesArg(prefix, 'ROWPREFIXFILTER'));
  scan.setFilter({ type: 'FirstKeyOnlyFilter' });
  const scanner = table.getScanner(scan);
  try {
    for await (const result of scanner) {
      if (ctx.signal.aborted) break;
      const row = result.getRow();
      if (row !== undefined) await ctx.wait(table.delete(new Delete(row)));
    }
  } finally {
    await scanner.close().catch(() => undefined);
  }
}

const deleteall: Command = {
  name: 'deleteall',
  group: 'dml',
  minArgs: 2,
  maxArgs: 5,
  help: DELETEALL_HELP,
  async run(ctx, args) {
    const table = tableArg(ctx, args);
    const target = arg(args, 1);
    if (target.kind === 'hash') {
      await deletePrefix(ctx, table, new Options(target));
      return undefined;
    }
    const row = bytesArg(target, 'row');
    const column = args[2] !== undefined && args[2].kind !== 'hash' ? args[2] : undefined;
    await ctx.wait(table.delete(deleteOf(row, column, timestampArg(args[3]))));
    return undefined;
  },
};

const incr: Command = {
  name: 'incr',
  group: 'dml',
  minArgs: 3,
  maxArgs: 5,
  help: INCR_HELP,
  async run(ctx, args) {
    const table = tableArg(ctx, args);
    const column = qualifiedColumn(arg(args, 2), 'incr');
    const by = args[3];
    let delta = 1n;
    if (by !== undefined && by.kind !== 'hash' && by.kind !== 'nil') {
      if (by.kind !== 'integer')
        throw new ShellCommandError(`the increment must be an integer, got ${printValue(by)}`);
      delta = by.value;
    }
    const increment = new Increment(bytesArg(arg(args, 1), 'row')).addColumn(
      column.family,
      column.qualifier,
      delta,
    );
    const result = await ctx.wait(table.increment(increment));
    const value = result.getValue(column.family, column.qualifier);
    ctx.out.line(
      value === undefined
        ? 'No counter found at specified coordinates'
        : `COUNTER VALUE = ${toLong(value)}`,
    );
    return undefined;
  },
};

const getCounter: Command = {
  name: 'get_counter',
  group: 'dml',
  minArgs: 3,
  maxArgs: 3,
  help: GET_COUNTER_HELP,
  async run(ctx, args) {
    const table = tableArg(ctx, args);
    const column = qualifiedColumn(arg(args, 2), 'get_counter');
    const get = new Get(bytesArg(arg(args, 1), 'row')).addColumn(column.family, column.qualifier);
    const result = await ctx.wait(table.get(get));
    const value = result.getValue(column.family, column.qualifier);
    ctx.out.line(
      value === undefined
        ? 'No counter found at specified coordinates'
        : `COUNTER VALUE = ${toLong(value)}`,
    );
    return undefined;
  },
};

const append: Command = {
  name: 'append',
  group: 'dml',
  minArgs: 4,
  maxArgs: 5,
  help: APPEND_HELP,
  async run(ctx, args) {
    const table = tableArg(ctx, args);
    const column = qualifiedColumn(arg(args, 2), 'append');
    const value = bytesArg(arg(args, 3), 'value');
    const a = new Append(bytesArg(arg(args, 1), 'row')).addColumn(
      column.family,
      column.qualifier,
      value,
    );
    const result = await ctx.wait(table.append(a));
    const current = result.getValue(column.family, column.qualifier);
    if (current !== undefined) ctx.out.line(`CURRENT VALUE = ${toStringBinary(current)}`);
    return undefined;
  },
};

export const WRITE_COMMANDS: readonly Command[] = [put, del, deleteall, incr, getCounter, append];
