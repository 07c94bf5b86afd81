// The table commands of HBase's `ddl` group that read or switch a table as a whole: list,
// describe, disable, enable, drop, exists, is_enabled, is_disabled, truncate, truncate_preserve.
// Output as HBase 2.x prints it (hbase-features.md §5.2).
import { SHELL_REGEX_CHARS_MAX } from '../limits.js';
import { nameArg } from '../args.js';
import { ShellCommandError } from '../errors.js';
import { describeFamily, describeTableAttributes } from '../format/descriptors.js';
import type { ShellValue } from '../values.js';
import { arg, type Command, type CommandContext } from './command.js';
import { isTableEnabled, tableExists } from './table-state.js';

/** Java's Pattern.matches: the whole name must match. */
export function fullMatcher(regex: string): (name: string) => boolean {
  if (regex.length > SHELL_REGEX_CHARS_MAX) {
    throw new ShellCommandError(
      `the regular expression is ${regex.length} characters; ` +
        `SHELL_REGEX_CHARS_MAX is ${SHELL_REGEX_CHARS_MAX}`,
    );
  }
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^(?:${regex})$`, 'u');
  } catch (error) {
    throw new ShellCommandError(`invalid regular expression ${regex}: ${(error as Error).message}`);
  }
  return (name) => pattern.test(name);
}

const list: Command = {
  name: 'list',
  group: 'ddl',
  minArgs: 0,
  maxArgs: 1,
  help: `List all user tables. An optional regular expression filters the output. Examples:

  colonnade> list
  colonnade> list 'abc.*'
  colonnade> list 'ns:abc.*'
  colonnade> list 'ns:.*'
`,
  async run(ctx, args) {
    const matches = fullMatcher(args[0] === undefined ? '.*' : nameArg(args[0], 'regex'));
    ctx.out.header(['TABLE']);
    const tables = await ctx.wait(ctx.backend.admin().listTables());
    const names = tables
      .map((t) => t.name)
      .filter(matches)
      .sort();
    for (const name of names) ctx.out.row([name]);
    ctx.out.line(`${names.length} row(s)`);
    return { value: names };
  },
};

const describe: Command = {
  name: 'describe',
  aliases: ['desc'],
  group: 'ddl',
  minArgs: 1,
  maxArgs: 1,
  unknownTable: 'does-not-exist',
  help: `Describe the named table. For example:
  colonnade> describe 't1'
  colonnade> describe 'ns1:t1'

Alternatively, you can use the abbreviated 'desc' for the same thing.
  colonnade> desc 't1'
  colonnade> desc 'ns1:t1'
`,
  async run(ctx, args) {
    const name = nameArg(arg(args, 0), 'table name');
    const admin = ctx.backend.admin();
    const table = await ctx.wait(admin.describeTable(name));
    const enabled = await ctx.wait(isTableEnabled(admin, name));
    ctx.out.header([`Table ${name} is ${enabled ? 'ENABLED' : 'DISABLED'}`]);
    ctx.out.row([`${name}${describeTableAttributes(table)}`]);
    ctx.out.header(['COLUMN FAMILIES DESCRIPTION']);
    for (const family of table.families) {
      ctx.out.row([describeFamily(family)]);
      ctx.out.line();
    }
    ctx.out.line(`${table.families.length} row(s)`);
    ctx.out.line('Quota is disabled');
    return undefined;
  },
};

/** The table the argument names, checked to exist (admin.rb's `Table t does not exist.`). */
async function existingTable(ctx: CommandContext, value: ShellValue): Promise<string> {
  const name = nameArg(value, 'table name');
  if (!(await ctx.wait(tableExists(ctx.backend.admin(), name)))) {
    throw new ShellCommandError(`Table ${name} does not exist.`);
  }
  return name;
}

const disable: Command = {
  name: 'disable',
  group: 'ddl',
  minArgs: 1,
  maxArgs: 1,
  unknownTable: 'does-not-exist',
  help: `Start disable of named table:
  colonnade> disable 't1'
  colonnade> disable 'ns1:t1'
`,
  async run(ctx, args) {
    const name = await existingTable(ctx, arg(args, 0));
    const admin = ctx.backend.admin();
    if (!(await ctx.wait(isTableEnabled(admin, name)))) {
      throw new ShellCommandError(`Table ${name} is disabled!`);
    }
    await ctx.wait(admin.disableTable(name));
    ctx.backend.clearRegionCache(name);
    return undefined;
  },
};

const enable: Command = {
  name: 'enable',
  group: 'ddl',
  minArgs: 1,
  maxArgs: 1,
  unknownTable: 'does-not-exist',
  help: `Start enable of named table:
  colonnade> enable 't1'
  colonnade> enable 'ns1:t1'
`,
  async run(ctx, args) {
    const name = await existingTable(ctx, arg(args, 0));
    const admin = ctx.backend.admin();
    if (await ctx.wait(isTableEnabled(admin, name))) return undefined;
    await ctx.wait(admin.enableTable(name));
    ctx.backend.clearRegionCache(name);
    return undefined;
  },
};

const drop: Command = {
  name: 'drop',
  group: 'ddl',
  minArgs: 1,
  maxArgs: 1,
  unknownTable: 'does-not-exist',
  help: `Drop the named table. Table must first be disabled:
  colonnade> drop 't1'
  colonnade> drop 'ns1:t1'
`,
  async run(ctx, args) {
    const name = await existingTable(ctx, arg(args, 0));
    const admin = ctx.backend.admin();
    if (await ctx.wait(isTableEnabled(admin, name))) {
      throw new ShellCommandError(`Table ${name} is enabled. Disable it first.`);
    }
    await ctx.wait(admin.deleteTable(name));
    ctx.backend.clearRegionCache(name);
    return undefined;
  },
};

const exists: Command = {
  name: 'exists',
  group: 'ddl',
  minArgs: 1,
  maxArgs: 1,
  help: `Does the named table exist?
  colonnade> exists 't1'
  colonnade> exists 'ns1:t1'
`,
  async run(ctx, args) {
    const name = nameArg(arg(args, 0), 'table name');
    const found = await ctx.wait(tableExists(ctx.backend.admin(), name));
    ctx.out.line(`Table ${name} ${found ? 'does exist' : 'does not exist'}`);
    return { value: found };
  },
};

function stateCheck(name: 'is_enabled' | 'is_disabled', wantEnabled: boolean): Command {
  const word = wantEnabled ? 'enabled' : 'disabled';
  return {
    name,
    group: 'ddl',
    minArgs: 1,
    maxArgs: 1,
    help: `Is named table ${word}? For example:
  colonnade> ${name} 't1'
  colonnade> ${name} 'ns1:t1'
`,
    async run(ctx, args) {
      const table = nameArg(arg(args, 0), 'table name');
      const enabled = await ctx.wait(isTableEnabled(ctx.backend.admin(), table));
      const answer = enabled === wantEnabled;
      ctx.out.row([String(answer)]);
      return { value: answer };
    },
  };
}

function truncateCommand(name: 'truncate' | 'truncate_preserve', preserveSplits: boolean): Command {
  const what = preserveSplits
    ? 'Disables, drops and recreates the specified table while still maintaining the previous ' +
      'region boundaries.'
    : 'Disables, drops and recreates the specified table.';
  return {
    name,
    group: 'dml',
    minArgs: 1,
    maxArgs: 1,
    unknownTable: 'does-not-exist',
    help: `  ${what}\n`,
    async run(ctx, args) {
      const table = await existingTable(ctx, arg(args, 0));
      const admin = ctx.backend.admin();
      ctx.out.line(`Truncating '${table}' table (it may take a while):`);
      ctx.out.flush();
      if (await ctx.wait(isTableEnabled(admin, table))) {
        ctx.out.line('Disabling table...');
        ctx.out.flush();
        await ctx.wait(admin.disableTable(table));
      }
      ctx.out.line('Truncating table...');
      ctx.out.flush();
      await ctx.wait(admin.truncateTable(table, preserveSplits));
      ctx.backend.clearRegionCache(table);
      return undefined;
    },
  };
}

export const DDL_COMMANDS: readonly Command[] = [
  list,
  describe,
  disable,
  enable,
  drop,
  exists,
  stateCheck('is_enabled', true),
  stateCheck('is_disabled', false),
  truncateCommand('truncate', false),
  truncateCommand('truncate_preserve', true),
];
