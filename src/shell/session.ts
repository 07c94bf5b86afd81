// One shell session: runs inputs (statements separated by `;` or newlines) one at a time, streams
// their output in whole lines, and keeps its own state (executions so far, the last echoed value).
// Sessions share nothing but the backend; a statement that fails prints HBase's ERROR lines and
// stops the input, and the session carries on with the next one.
import { type Clock, systemClock } from '../common/clock.js';
import { InvalidArgumentError } from '../common/errors.js';
import type { ShellBackend } from './backend.js';
import {
  checkArity,
  type Command,
  type CommandContext,
  CommandInterrupted,
  type CommandOutcome,
  type ShellSettings,
} from './commands/command.js';
import { findCommand } from './commands/registry.js';
import { errorMessage } from './error-messages.js';
import { ShellParseError } from './errors.js';
import { isKnownTimeZone, systemTimeZone } from './format/local-time.js';
import { ShellOutput } from './format/output.js';
import { type EchoValue, rubyInspect } from './format/ruby-inspect.js';
import {
  SHELL_OUTPUT_ROWS_MAX,
  SHELL_TERMINAL_WIDTH_DEFAULT_CHARS,
  SHELL_TERMINAL_WIDTH_MAX_CHARS,
  SHELL_TERMINAL_WIDTH_MIN_CHARS,
} from './limits.js';
import { parseInput } from './parser.js';
import type { Statement } from './values.js';

export interface ShellSessionOptions {
  readonly backend: ShellBackend;
  /** Times the `Took` lines (monotonic). @default systemClock */
  readonly clock?: Clock;
  /** IANA zone cell timestamps print in. @default the process's zone */
  readonly timeZone?: string;
  /** The terminal's width, or null when output is not a terminal. @default 104 */
  readonly terminalWidthChars?: number | null;
  /** Rows a scan prints before it stops on its own. @default SHELL_OUTPUT_ROWS_MAX */
  readonly outputRowsMax?: number;
  /** What `version` prints and help's header names. @default 'unknown' */
  readonly version?: string;
  /** Who `whoami` names. @default 'colonnade' */
  readonly user?: string;
  /**
   * What follows `ERROR: ...`: HBase 2.x's pointer (`For usage try 'help "get"'`), or the
   * command's whole help, as HBase 1.x printed it. @default 'pointer'
   */
  readonly usageOnError?: 'pointer' | 'full';
}

export interface ExecuteResult {
  /** Every statement ran without error (and none was interrupted). */
  readonly ok: boolean;
  /** An `exit` ran: the caller should end the session. */
  readonly exit: boolean;
  /** The signal aborted a statement; its output so far was sent, the rest of the input dropped. */
  readonly interrupted: boolean;
}

const OK: ExecuteResult = { ok: true, exit: false, interrupted: false };
const FAILED: ExecuteResult = { ok: false, exit: false, interrupted: false };
const INTERRUPTED: ExecuteResult = { ok: false, exit: false, interrupted: true };
const NEVER_ABORTED = new AbortController().signal;

function checkWidth(width: number | null): number | null {
  if (width === null) return null;
  if (
    !Number.isInteger(width) ||
    width < SHELL_TERMINAL_WIDTH_MIN_CHARS ||
    width > SHELL_TERMINAL_WIDTH_MAX_CHARS
  ) {
    throw new InvalidArgumentError(
      `terminal width is ${width}; it must be an integer in ` +
        `${SHELL_TERMINAL_WIDTH_MIN_CHARS}..${SHELL_TERMINAL_WIDTH_MAX_CHARS}, or null`,
    );
  }
  return width;
}

function settingsOf(options: ShellSessionOptions): ShellSettings {
  const timeZone = options.timeZone ?? systemTimeZone();
  if (!isKnownTimeZone(timeZone))
    throw new InvalidArgumentError(`time zone ${timeZone} is not known`);
  const outputRowsMax = options.outputRowsMax ?? SHELL_OUTPUT_ROWS_MAX;
  if (
    !Number.isInteger(outputRowsMax) ||
    outputRowsMax < 1 ||
    outputRowsMax > SHELL_OUTPUT_ROWS_MAX
  ) {
    throw new InvalidArgumentError(
      `outputRowsMax is ${outputRowsMax}; it must be in 1..${SHELL_OUTPUT_ROWS_MAX}`,
    );
  }
  return {
    clock: options.clock ?? systemClock,
    timeZone,
    outputRowsMax,
    version: options.version ?? 'unknown',
    user: options.user ?? 'colonnade',
  };
}

/** Waits for `promise` unless `signal` aborts first (the promise's later failure is ignored). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal === NEVER_ABORTED) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(new CommandInterrupted());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      promise.catch(() => undefined);
      reject(new CommandInterrupted());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export class ShellSession {
  readonly #backend: ShellBackend;
  readonly #settings: ShellSettings;
  readonly #usageOnError: 'pointer' | 'full';
  #widthChars: number | null;
  #executions = 0;
  #busy = false;
  #lastValue: EchoValue | undefined;

  constructor(options: ShellSessionOptions) {
    this.#backend = options.backend;
    this.#settings = settingsOf(options);
    this.#usageOnError = options.usageOnError ?? 'pointer';
    this.#widthChars = checkWidth(
      options.terminalWidthChars === undefined
        ? SHELL_TERMINAL_WIDTH_DEFAULT_CHARS
        : options.terminalWidthChars,
    );
  }

  /** Inputs executed so far. */
  get executions(): number {
    return this.#executions;
  }

  /** The value the last command echoed (`=> ...`), if any. */
  get lastValue(): EchoValue | undefined {
    return this.#lastValue;
  }

  /** HBase 2.4's prompt for the next input: `colonnade:001:0> `. */
  prompt(): string {
    return `colonnade:${String(this.#executions + 1).padStart(3, '0')}:0> `;
  }

  /** The terminal was resized (null: output is no longer a terminal). */
  setTerminalWidth(widthChars: number | null): void {
    this.#widthChars = checkWidth(widthChars);
  }

  /** Table names, for tab completion. */
  async tableNames(): Promise<string[]> {
    const tables = await this.#backend.admin().listTables();
    return tables.map((t) => t.name).sort();
  }

  /**
   * Runs `input`, statement by statement, writing output through `out` in chunks of whole lines as
   * it is produced; stops at the first failing statement, or promptly once `signal` aborts.
   * One input at a time: a call while another runs is refused.
   */
  async execute(
    input: string,
    out: (chunk: string) => void,
    signal: AbortSignal = NEVER_ABORTED,
  ): Promise<ExecuteResult> {
    const output = new ShellOutput(out, this.#widthChars);
    if (this.#busy) {
      output.line('ERROR: another command is running in this session; wait for it or interrupt it');
      output.flush();
      return FAILED;
    }
    this.#busy = true;
    this.#executions++;
    try {
      return await this.#executeAll(input, output, signal);
    } finally {
      output.flush();
      this.#busy = false;
    }
  }

  async #executeAll(
    input: string,
    output: ShellOutput,
    signal: AbortSignal,
  ): Promise<ExecuteResult> {
    let statements: Statement[];
    try {
      statements = parseInput(input);
    } catch (error) {
      if (!(error instanceof ShellParseError)) throw error;
      output.line(`${error.kind} (${error.message})`);
      return FAILED;
    }
    for (const statement of statements) {
      if (signal.aborted) return INTERRUPTED;
      const result = await this.#statement(statement, output, signal);
      output.flush();
      if (!result.ok || result.exit) return result;
    }
    return OK;
  }

  async #statement(
    statement: Statement,
    output: ShellOutput,
    signal: AbortSignal,
  ): Promise<ExecuteResult> {
    const command = findCommand(statement.command);
    if (command === undefined) {
      output.line(
        statement.args.length === 0
          ? `NameError (undefined local variable or method \`${statement.command}' for main:Object)`
          : `NoMethodError (undefined method \`${statement.command}' for main:Object)`,
      );
      return FAILED;
    }
    const clock = this.#settings.clock;
    const startedMs = clock.monotonicMs();
    let endedMs: number | undefined;
    const ctx: CommandContext = {
      backend: this.#backend,
      out: output,
      signal,
      settings: this.#settings,
      wait: (promise) => abortable(promise, signal),
      markEnd: () => {
        endedMs ??= clock.monotonicMs();
      },
    };
    const took = (): void => {
      if (command.untimed === true) return;
      const seconds = ((endedMs ?? clock.monotonicMs()) - startedMs) / 1000;
      output.line(`Took ${seconds.toFixed(4)} seconds`);
    };
    let outcome: CommandOutcome | undefined;
    try {
      checkArity(command, statement.args.length);
      outcome = await command.run(ctx, statement.args);
    } catch (error) {
      if (error instanceof CommandInterrupted || signal.aborted) return INTERRUPTED;
      await this.#printError(output, error, command, statement);
      took();
      return FAILED;
    }
    took();
    if (outcome?.value !== undefined) {
      this.#lastValue = outcome.value;
      output.line(`=> ${rubyInspect(outcome.value)}`);
    }
    return outcome?.exit === true ? { ok: true, exit: true, interrupted: false } : OK;
  }

  /** HBase's error block: a blank line, `ERROR: ...`, a blank line, the usage (or where it is). */
  async #printError(
    output: ShellOutput,
    error: unknown,
    command: Command,
    statement: Statement,
  ): Promise<void> {
    const message = await errorMessage(error, command, statement.args, this.#backend);
    output.line();
    output.line(`ERROR: ${message}`);
    output.line();
    if (this.#usageOnError === 'full') {
      output.line('Here is some help for this command:');
      output.text(command.help);
    } else {
      output.line(`For usage try 'help "${command.name}"'`);
    }
    output.line();
  }
}
