// `alter`: each argument one change, applied in turn through modifyTable — a family added or
// altered (`'f'` or `{NAME => 'f', ...}`), a family deleted (`'delete' => 'f'` or
// METHOD => 'delete'), table attributes set or unset (MAX_FILESIZE, MEMSTORE_FLUSHSIZE,
// DURABILITY; METHOD => 'table_att_unset'). Prints HBase's progress lines after each change.
import type { ModifyTableSpec } from '../../client/admin.js';
import {
  familyDescriptor,
  type FamilyDescriptor,
  type TableDescriptor,
} from '../../common/operations.js';
import { listArg, nameArg, Options, textOf } from '../args.js';
import { ShellCommandError } from '../errors.js';
import { printValue } from '../printer.js';
import type { ShellValue } from '../values.js';
import { arg, type Command, type CommandContext } from './command.js';
import { familySpec, type TableSettings, tableSettings, withTuning } from './schema.js';

function spec(table: TableDescriptor, families: readonly FamilyDescriptor[]): ModifyTableSpec {
  return { ...withTuning(table, {}), families };
}

/** A family added, or the given fields of an existing one replaced. */
function alterFamily(
  table: TableDescriptor,
  value: ShellValue,
  warnings: string[],
): ModifyTableSpec {
  const { spec: given, warnings: found } = familySpec(value);
  warnings.push(...found);
  const { name, ...fields } = given;
  const existing = table.families.find((f) => f.name === name);
  const families =
    existing === undefined
      ? [...table.families, familyDescriptor(name, fields)]
      : table.families.map((f) => (f.name === name ? { ...f, ...fields } : f));
  return spec(table, families);
}

function deleteFamily(table: TableDescriptor, value: ShellValue | undefined): ModifyTableSpec {
  if (value === undefined) throw new ShellCommandError('NAME parameter missing for delete method');
  const name = nameArg(value, 'column family NAME');
  if (!table.families.some((f) => f.name === name)) {
    throw new ShellCommandError(
      `Family '${name}' does not exist in table ${table.name}, so it cannot be deleted`,
    );
  }
  if (table.families.length === 1) {
    throw new ShellCommandError(
      `Family '${name}' is the only column family in the table, so it cannot be deleted`,
    );
  }
  return spec(
    table,
    table.families.filter((f) => f.name !== name),
  );
}

const UNSETTABLE = ['MAX_FILESIZE', 'MEMSTORE_FLUSHSIZE', 'DURABILITY'];

function unsetAttributes(table: TableDescriptor, value: ShellValue | undefined): ModifyTableSpec {
  if (value === undefined)
    throw new ShellCommandError('NAME parameter missing for table_att_unset method');
  const keys = listArg(value).map((v) => textOf(v) ?? printValue(v));
  const unknown = keys.filter((key) => !UNSETTABLE.includes(key));
  if (unknown.length > 0) {
    throw new ShellCommandError(
      `Could not unset ${unknown.join(', ')}: Colonnade keeps only ${UNSETTABLE.join(', ')}`,
    );
  }
  const { maxFileBytes, memstoreFlushBytes, ...rest } = table;
  return {
    ...rest,
    durability: keys.includes('DURABILITY') ? 'USE_DEFAULT' : table.durability,
    ...(maxFileBytes === undefined || keys.includes('MAX_FILESIZE') ? {} : { maxFileBytes }),
    ...(memstoreFlushBytes === undefined || keys.includes('MEMSTORE_FLUSHSIZE')
      ? {}
      : { memstoreFlushBytes }),
  };
}

/** One argument of alter as the new descriptor (admin.rb's three cases), or undefined for none. */
function alteration(
  table: TableDescriptor,
  value: ShellValue,
  warnings: string[],
): ModifyTableSpec | undefined {
  if (value.kind === 'string' || value.kind === 'constant')
    return alterFamily(table, value, warnings);
  const options = new Options(value, 'an alter specification');
  const shortcut = options.take('delete');
  if (shortcut !== undefined) return deleteFamily(table, shortcut);
  const method = options.take('METHOD');
  if (method === undefined && options.has('NAME')) return alterFamily(table, value, warnings);
  const methodName = method === undefined ? undefined : textOf(method);
  if (methodName !== undefined && methodName !== 'table_att') {
    const name = options.take('NAME');
    const next =
      methodName === 'delete'
        ? deleteFamily(table, name)
        : methodName === 'table_att_unset'
          ? unsetAttributes(table, name)
          : undefined;
    if (next === undefined) throw new ShellCommandError(`Unknown method: ${methodName}`);
    for (const key of options.untaken()) warnings.push(`Unknown argument ignored: ${key}`);
    return next;
  }
  const settings: TableSettings = {};
  tableSettings(options, settings);
  for (const key of options.untaken()) warnings.push(`Unknown argument ignored: ${key}`);
  return Object.keys(settings).length === 0 ? undefined : withTuning(table, settings);
}

async function applyAndReport(ctx: CommandContext, next: ModifyTableSpec): Promise<void> {
  const admin = ctx.backend.admin();
  ctx.out.line('Updating all regions with the new schema...');
  ctx.out.flush();
  await ctx.wait(admin.modifyTable(next));
  ctx.backend.clearRegionCache(next.name);
  const regions = await ctx.wait(admin.getRegions(next.name));
  const updated = regions.filter((r) => r.state === 'OPEN').length;
  ctx.out.line(
    regions.length === 0 ? 'All regions updated.' : `${updated}/${regions.length} regions updated.`,
  );
  ctx.out.line('Done.');
}

export const alter: Command = {
  name: 'alter',
  group: 'ddl',
  minArgs: 1,
  maxArgs: Infinity,
  unknownTable: 'does-not-exist',
  help: `Alter a table. Tables can be altered without disabling them first.
Altering enabled tables has caused problems in HBase in the past, so use
caution and test it before using in production.

To change or add the 'f1' column family in table 't1' from
current value to keep a maximum of 5 cell VERSIONS, do:

  colonnade> alter 't1', NAME => 'f1', VERSIONS => 5

You can operate on several column families:

  colonnade> alter 't1', 'f1', {NAME => 'f2', IN_MEMORY => true}, {NAME => 'f3', VERSIONS => 5}

To delete the 'f1' column family in table 'ns1:t1', use one of:

  colonnade> alter 'ns1:t1', NAME => 'f1', METHOD => 'delete'
  colonnade> alter 'ns1:t1', 'delete' => 'f1'

You can also change table-scope attributes like MAX_FILESIZE, MEMSTORE_FLUSHSIZE
and DURABILITY:

  colonnade> alter 't1', MAX_FILESIZE => '134217728'

You can remove a table-scope attribute:

  colonnade> alter 't1', METHOD => 'table_att_unset', NAME => 'MAX_FILESIZE'

There could be more than one alteration in one command:

  colonnade> alter 't1', { NAME => 'f1', VERSIONS => 3 },
   { MAX_FILESIZE => '134217728' }, { METHOD => 'delete', NAME => 'f2' }
`,
  async run(ctx, args) {
    const name = nameArg(arg(args, 0), 'table name');
    const admin = ctx.backend.admin();
    let table = await ctx.wait(admin.describeTable(name));
    for (const value of args.slice(1)) {
      const warnings: string[] = [];
      const next = alteration(table, value, warnings);
      for (const warning of warnings) ctx.out.line(warning);
      if (next === undefined) continue;
      await applyAndReport(ctx, next);
      table = await ctx.wait(admin.describeTable(name));
    }
    return undefined;
  },
};
