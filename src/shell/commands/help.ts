// `help` (all groups, one command, or one group, as HBase's shell prints them) and `exit`. Both are
// IRB methods in HBase, not commands: they print no `Took` line. The registry hands them its
// lookups, so that this file does not import the registry that lists it.
import { nameArg } from '../args.js';
import { type Command, COMMAND_GROUPS, type CommandGroup } from './command.js';

export interface HelpLookup {
  find(name: string): Command | undefined;
  commandsOf(group: CommandGroup): Command[];
  isGroup(name: string): name is CommandGroup;
}

const GROUP_COMMENTS: Partial<Record<CommandGroup, string>> = {
  tools: "WARNING: Above commands are for 'experts'-only as misuse can damage an install",
};

function header(version: string): string {
  return (
    `Colonnade Shell, version ${version}\n` +
    `Type 'help "COMMAND"', (e.g. 'help "get"' -- the quotes are necessary) ` +
    'for help on a specific command.\n' +
    `Commands are grouped. Type 'help "COMMAND_GROUP"', (e.g. 'help "general"') ` +
    'for help on a command group.'
  );
}

const FOOTER = `Quote all names in the shell such as table and column names.  Commas delimit
command parameters.  Type <RETURN> after entering a command to run it.
Dictionaries of configuration used in the creation and alteration of tables are
Ruby Hashes. They look like this:

  {'key1' => 'value1', 'key2' => 'value2', ...}

and are opened and closed with curley-braces.  Key/values are delimited by the
'=>' character combination.  Usually keys are predefined constants such as
NAME, VERSIONS, COMPRESSION, etc.  Constants do not need to be quoted.

If you are using binary keys or values and need to enter them in the shell, use
double-quote'd hexadecimal representation. For example:

  colonnade> get 't1', "key\\x03\\x3f\\xcd"
  colonnade> get 't1', "key\\003\\023\\011"
  colonnade> put 't1', "test\\xef\\xff", 'f1:', "\\x01\\x33\\x40"

The Colonnade shell speaks the HBase shell's syntax: commands are Ruby method calls.
`;

function overview(lookup: HelpLookup, version: string, withUsage: boolean): string {
  const lines = [header(version), '', 'COMMAND GROUPS:'];
  for (const group of COMMAND_GROUPS) {
    lines.push(`  Group name: ${group}`);
    lines.push(
      `  Commands: ${lookup
        .commandsOf(group)
        .map((c) => c.name)
        .join(', ')}`,
    );
    lines.push('');
  }
  if (withUsage) lines.push('SHELL USAGE:', FOOTER);
  return lines.join('\n');
}

function groupHelp(lookup: HelpLookup, group: CommandGroup): string {
  const parts = lookup.commandsOf(group).map((c) => `Command: ${c.name}\n${c.help}`);
  const comment = GROUP_COMMENTS[group];
  if (comment !== undefined) parts.push(`${'-'.repeat(80)}\n\n${comment}\n`);
  return parts.join('\n');
}

export function helpCommands(lookup: HelpLookup): Command[] {
  const help: Command = {
    name: 'help',
    group: 'general',
    minArgs: 0,
    maxArgs: 1,
    untimed: true,
    help: `Show the list of commands, or help on one command or command group:
  colonnade> help
  colonnade> help 'get'
  colonnade> help 'dml'
`,
    async run(ctx, args) {
      const topic = args[0] === undefined ? undefined : nameArg(args[0], 'command name');
      if (topic === undefined) {
        ctx.out.text(overview(lookup, ctx.settings.version, true));
        return undefined;
      }
      const command = lookup.find(topic);
      if (command !== undefined) ctx.out.text(command.help);
      else if (lookup.isGroup(topic)) ctx.out.text(groupHelp(lookup, topic));
      else {
        ctx.out.line(`ERROR: Invalid command or command group name: ${topic}`);
        ctx.out.line();
        ctx.out.text(overview(lookup, ctx.settings.version, false));
      }
      return undefined;
    },
  };
  const exit: Command = {
    name: 'exit',
    aliases: ['quit'],
    group: 'general',
    minArgs: 0,
    maxArgs: 0,
    untimed: true,
    help: `Leave the shell.
`,
    async run() {
      return { exit: true };
    },
  };
  return [help, exit];
}
