// The shell's operating errors: a line that does not parse (ShellParseError, with where and why),
// and a command refusing its arguments (ShellCommandError, printed after `ERROR: ` as HBase does).
import { ColonnadeError, type ErrorOptions, registerErrors } from '../common/errors.js';

/** How Ruby (and so the HBase shell) names the failure: bad syntax, or an unknown name. */
export type ShellParseErrorKind = 'SyntaxError' | 'NameError';

export interface ShellParseErrorOptions extends ErrorOptions {
  readonly kind?: ShellParseErrorKind;
  /** Offset of the offending character in the input, from 0. */
  readonly position?: number;
  /** Line (from 1) and column (from 1) of that character. */
  readonly line?: number;
  readonly column?: number;
  /** The input ended too early (an open quote, bracket or a trailing comma): more may follow. */
  readonly incomplete?: boolean;
}

/** A shell input that is not a sequence of valid command calls. */
export class ShellParseError extends ColonnadeError {
  static override readonly code = 'ShellParse';
  readonly kind: ShellParseErrorKind;
  readonly position: number;
  readonly line: number;
  readonly column: number;
  readonly incomplete: boolean;

  constructor(message: string, options: ShellParseErrorOptions = {}) {
    super(message, options);
    this.kind = options.kind ?? 'SyntaxError';
    this.position = options.position ?? 0;
    this.line = options.line ?? 1;
    this.column = options.column ?? 1;
    this.incomplete = options.incomplete ?? false;
  }
}

/**
 * A command refused its arguments or could not do what was asked; the message is what the user
 * reads after `ERROR: ` (e.g. "Table must have at least one column family").
 */
export class ShellCommandError extends ColonnadeError {
  static override readonly code = 'ShellCommand';
}

registerErrors(ShellParseError, ShellCommandError);
