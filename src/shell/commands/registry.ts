// Every shell command by name and alias, grouped as `help` lists them. Invariant: names and
// aliases are unique; `help` and `exit` (IRB's, untimed) are part of the registry.
import { assert } from '../../common/assert.js';
import { alter } from './alter.js';
import { type Command, COMMAND_GROUPS, type CommandGroup } from './command.js';
import { create } from './create.js';
import { DDL_COMMANDS } from './ddl.js';
import { GENERAL_COMMANDS } from './general.js';
import { helpCommands } from './help.js';
import { NAMESPACE_COMMANDS } from './namespace.js';
import { READ_COMMANDS } from './read.js';
import { TOOL_COMMANDS } from './tools.js';
import { WRITE_COMMANDS } from './write.js';

export const COMMANDS: readonly Command[] = [
  ...GENERAL_COMMANDS,
  create,
  alter,
  ...DDL_COMMANDS,
  ...NAMESPACE_COMMANDS,
  ...READ_COMMANDS,
  ...WRITE_COMMANDS,
  ...TOOL_COMMANDS,
  ...helpCommands({ find: findCommand, commandsOf, isGroup }),
];

const BY_NAME = new Map<string, Command>();
for (const command of COMMANDS) {
  for (const name of [command.name, ...(command.aliases ?? [])]) {
    assert(!BY_NAME.has(name), `shell command ${name} is registered twice`);
    BY_NAME.set(name, command);
  }
}

/** The command called `name` (or by that alias). */
export function findCommand(name: string): Command | undefined {
  return BY_NAME.get(name);
}

/** Every name a line may start with (commands and aliases), sorted: for tab completion. */
export const COMMAND_NAMES: readonly string[] = [...BY_NAME.keys()].sort();

/** The commands of a group, by name. */
export function commandsOf(group: CommandGroup): Command[] {
  return COMMANDS.filter((c) => c.group === group && !c.untimed).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  );
}

export function isGroup(name: string): name is CommandGroup {
  return (COMMAND_GROUPS as readonly string[]).includes(name);
}
