// The shape of a shell command: its name, group, help text, Ruby arity and body, and what a body
// is handed to run (the backend, the output, the abort signal and the session's settings).
import type { Clock } from '../../common/clock.js';
import type { ShellBackend } from '../backend.js';
import { ShellCommandError } from '../errors.js';
import type { ShellOutput } from '../format/output.js';
import type { EchoValue } from '../format/ruby-inspect.js';
import type { ShellValue } from '../values.js';

/** HBase's command groups, in `help`'s order. */
export const COMMAND_GROUPS = ['general', 'ddl', 'namespace', 'dml', 'tools'] as const;
export type CommandGroup = (typeof COMMAND_GROUPS)[number];

export const GROUP_TITLES: Readonly<Record<CommandGroup, string>> = {
  general: 'GENERAL HBASE SHELL COMMANDS',
  ddl: 'TABLES MANAGEMENT COMMANDS',
  namespace: 'NAMESPACE MANAGEMENT COMMANDS',
  dml: 'DATA MANIPULATION COMMANDS',
  tools: 'HBASE SURGERY TOOLS',
};

/** A session's fixed settings, as commands read them. */
export interface ShellSettings {
  readonly clock: Clock;
  /** IANA zone for printed timestamps (Java's ZoneId.systemDefault() by default). */
  readonly timeZone: string;
  readonly outputRowsMax: number;
  readonly version: string;
  readonly user: string;
}

export interface CommandContext {
  readonly backend: ShellBackend;
  readonly out: ShellOutput;
  readonly signal: AbortSignal;
  readonly settings: ShellSettings;
  /** Waits for `promise`, or throws CommandInterrupted as soon as the signal aborts. */
  wait<T>(promise: Promise<T>): Promise<T>;
  /** Ends the timed part now (HBase's @end_time): `Took` reports up to here. */
  markEnd(): void;
}

export interface CommandOutcome {
  /** Echoed as `=> value` after the Took line; undefined is not echoed (Ruby's nil). */
  readonly value?: EchoValue;
  /** The session ends after this command (exit). */
  readonly exit?: boolean;
}

/** How a table missing from the catalog reads in this command's error. */
export type UnknownTableStyle = 'unknown' | 'does-not-exist';

export interface Command {
  readonly name: string;
  readonly group: CommandGroup;
  readonly aliases?: readonly string[];
  /** HBase's `help 'name'` text (ends with a newline). */
  readonly help: string;
  /** Positional arguments Ruby's method takes: at least min, at most max (Infinity: *rest). */
  readonly minArgs: number;
  readonly maxArgs: number;
  /** help and exit are IRB methods, not commands: no `Took` line. */
  readonly untimed?: boolean;
  /** `Unknown table t!` (the default) or admin.rb's `Table t does not exist.` */
  readonly unknownTable?: UnknownTableStyle;
  run(ctx: CommandContext, args: readonly ShellValue[]): Promise<CommandOutcome | undefined>;
}

/** The command's run was cut short by the session's abort signal. */
export class CommandInterrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'CommandInterrupted';
  }
}

/** Ruby's ArgumentError for a call with the wrong number of arguments. */
export function checkArity(command: Command, given: number): void {
  const { minArgs: min, maxArgs: max } = command;
  if (given >= min && given <= max) return;
  const expected = max === min ? `${min}` : max === Infinity ? `${min}+` : `${min}..${max}`;
  throw new ShellCommandError(`wrong number of arguments (given ${given}, expected ${expected})`);
}

/** Argument `index`, which the arity check guarantees is there. */
export function arg(args: readonly ShellValue[], index: number): ShellValue {
  const value = args[index];
  if (value === undefined) throw new ShellCommandError(`argument ${index + 1} is missing`);
  return value;
}
