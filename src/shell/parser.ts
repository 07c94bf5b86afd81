// The shell's parser: one input (statements separated by `;` or newlines) into command calls, in
// Ruby's call syntax as the HBase shell uses it — `cmd 'a', {K => v}`, `cmd('a')`, a trailing
// `K => v, ...` list as one hash. Pure; refuses anything else with a ShellParseError (SyntaxError,
// or NameError for an unknown name). Newlines inside brackets or after `,`/`=>` continue a call.
import { isShellConstant } from './constants.js';
import { parseError, type Punct, type Token, tokenize } from './lexer.js';
import {
  SHELL_ARGUMENTS_MAX,
  SHELL_COLLECTION_ITEMS_MAX,
  SHELL_LINE_CHARS_MAX,
  SHELL_NESTING_DEPTH_MAX,
  SHELL_STATEMENTS_MAX,
} from './limits.js';
import type { HashEntry, ShellValue, Statement } from './values.js';

/** Parses a whole input into its statements (none for blank input or only comments). */
export function parseInput(text: string): Statement[] {
  if (text.length > SHELL_LINE_CHARS_MAX) {
    throw parseError(
      text,
      SHELL_LINE_CHARS_MAX,
      `input is ${text.length} characters; SHELL_LINE_CHARS_MAX is ${SHELL_LINE_CHARS_MAX}`,
    );
  }
  return new Parser(text, tokenize(text)).program();
}

/** Whether the input stops inside a statement (an open quote or bracket, a trailing comma). */
export function isIncompleteInput(text: string): boolean {
  try {
    parseInput(text);
    return false;
  } catch (error) {
    return error instanceof Error && 'incomplete' in error && error.incomplete === true;
  }
}

function describe(token: Token): string {
  switch (token.type) {
    case 'string':
      return 'a string literal';
    case 'integer':
    case 'float':
      return 'a number';
    case 'name':
      return `'${token.text}'`;
    case 'punct':
      return `'${token.text}'`;
    case 'newline':
      return 'end of line';
    case 'end':
      return 'end of input';
  }
}

const CONSTANT_START = /^[A-Z]/;

class Parser {
  readonly #text: string;
  readonly #tokens: readonly Token[];
  #index = 0;
  /** Open brackets and parentheses: inside them newlines are only whitespace. */
  #depth = 0;

  constructor(text: string, tokens: readonly Token[]) {
    this.#text = text;
    this.#tokens = tokens;
  }

  program(): Statement[] {
    const statements: Statement[] = [];
    for (;;) {
      while (this.#isSeparator(this.#peek())) this.#index++;
      if (this.#peek().type === 'end') return statements;
      if (statements.length >= SHELL_STATEMENTS_MAX) {
        throw this.#error(
          this.#peek(),
          `more than SHELL_STATEMENTS_MAX (${SHELL_STATEMENTS_MAX}) statements`,
        );
      }
      statements.push(this.#statement());
      const after = this.#peek();
      if (!this.#isSeparator(after) && after.type !== 'end') {
        throw this.#error(
          after,
          `syntax error, unexpected ${describe(after)}, expecting end of statement`,
        );
      }
    }
  }

  #statement(): Statement {
    const head = this.#peek();
    if (head.type !== 'name') {
      throw this.#error(
        head,
        `syntax error, unexpected ${describe(head)}; a statement starts with a command`,
      );
    }
    this.#index++;
    if (CONSTANT_START.test(head.text)) this.#name(head); // throws: a constant is no command
    if (head.text === 'true' || head.text === 'false' || head.text === 'nil') {
      throw this.#error(
        head,
        `syntax error, unexpected ${describe(head)}; a statement starts with a command`,
      );
    }
    const next = this.#peek();
    if (this.#isPunct(next, '(')) {
      this.#open();
      const args = this.#arguments(')');
      this.#close(')');
      return { command: head.text, args };
    }
    if (this.#startsValue(next)) return { command: head.text, args: this.#arguments(undefined) };
    return { command: head.text, args: [] };
  }

  /** Arguments up to `closer` (inside parentheses) or to the end of the statement. */
  #arguments(closer: Punct | undefined): ShellValue[] {
    const args: ShellValue[] = [];
    const pairs: HashEntry[] = [];
    for (;;) {
      const token = this.#peek();
      if (closer !== undefined && this.#isPunct(token, closer)) break;
      const value = this.#value();
      if (this.#isPunct(this.#peek(), '=>')) {
        this.#index++;
        this.#skipNewlines();
        pairs.push([value, this.#value()]);
        this.#checkCount(pairs.length, token, 'entries in a hash', SHELL_COLLECTION_ITEMS_MAX);
      } else if (pairs.length > 0) {
        throw this.#error(token, 'syntax error: a plain argument cannot follow KEY => value pairs');
      } else {
        args.push(value);
        this.#checkCount(args.length, token, 'arguments', SHELL_ARGUMENTS_MAX);
      }
      if (!this.#isPunct(this.#peek(), ',')) break;
      this.#index++;
      this.#skipNewlines();
    }
    if (pairs.length > 0) args.push({ kind: 'hash', entries: pairs });
    return args;
  }

  #value(): ShellValue {
    const token = this.#next();
    switch (token.type) {
      case 'string':
        return { kind: 'string', bytes: token.bytes };
      case 'integer':
        return { kind: 'integer', value: token.value };
      case 'float':
        return { kind: 'float', value: token.value };
      case 'name':
        return this.#name(token);
      case 'punct':
        return this.#punctValue(token);
      case 'newline':
      case 'end':
        throw this.#error(token, `syntax error, unexpected ${describe(token)}, expecting a value`);
    }
  }

  #punctValue(token: Token & { type: 'punct' }): ShellValue {
    if (token.text === '[') return this.#array(token);
    if (token.text === '{') return this.#hash(token);
    if (token.text === '-') {
      const number = this.#peek();
      if (number.type === 'integer') {
        this.#index++;
        return { kind: 'integer', value: -number.value };
      }
      if (number.type === 'float') {
        this.#index++;
        return { kind: 'float', value: -number.value };
      }
    }
    throw this.#error(token, `syntax error, unexpected ${describe(token)}, expecting a value`);
  }

  #name(token: Token & { type: 'name' }): ShellValue {
    const text = token.text;
    if (text === 'true' || text === 'false') return { kind: 'boolean', value: text === 'true' };
    if (text === 'nil') return { kind: 'nil' };
    if (CONSTANT_START.test(text)) {
      if (!isShellConstant(text)) {
        throw this.#error(token, `uninitialized constant ${text}`, 'NameError');
      }
      return { kind: 'constant', name: text };
    }
    throw this.#error(
      token,
      `undefined local variable or method \`${text}' for main:Object`,
      'NameError',
    );
  }

  #array(open: Token): ShellValue {
    this.#open(open);
    const items: ShellValue[] = [];
    while (!this.#isPunct(this.#peek(), ']')) {
      items.push(this.#value());
      this.#checkCount(items.length, open, 'items in an array', SHELL_COLLECTION_ITEMS_MAX);
      if (!this.#isPunct(this.#peek(), ',')) break;
      this.#index++;
    }
    this.#close(']');
    return { kind: 'array', items };
  }

  #hash(open: Token): ShellValue {
    this.#open(open);
    const entries: HashEntry[] = [];
    while (!this.#isPunct(this.#peek(), '}')) {
      const key = this.#value();
      const arrow = this.#next();
      if (!this.#isPunct(arrow, '=>')) {
        throw this.#error(arrow, `syntax error, unexpected ${describe(arrow)}, expecting '=>'`);
      }
      entries.push([key, this.#value()]);
      this.#checkCount(entries.length, open, 'entries in a hash', SHELL_COLLECTION_ITEMS_MAX);
      if (!this.#isPunct(this.#peek(), ',')) break;
      this.#index++;
    }
    this.#close('}');
    return { kind: 'hash', entries };
  }

  /** Enters a bracket; `token` is the opening one already consumed (or the next one, for '('). */
  #open(token?: Token): void {
    if (token === undefined) this.#index++;
    this.#depth++;
    if (this.#depth > SHELL_NESTING_DEPTH_MAX) {
      throw this.#error(
        token ?? this.#tokens[this.#index - 1] ?? this.#peek(),
        `nesting is deeper than SHELL_NESTING_DEPTH_MAX (${SHELL_NESTING_DEPTH_MAX}) levels`,
      );
    }
  }

  #close(closer: Punct): void {
    const token = this.#peek();
    if (!this.#isPunct(token, closer)) {
      throw this.#error(
        token,
        `syntax error, unexpected ${describe(token)}, expecting '${closer}'`,
      );
    }
    this.#depth--;
    this.#index++;
  }

  #checkCount(count: number, at: Token, what: string, max: number): void {
    if (count > max) throw this.#error(at, `more than ${max} ${what}`);
  }

  #startsValue(token: Token): boolean {
    if (token.type === 'string' || token.type === 'integer' || token.type === 'float') return true;
    if (token.type === 'name') return true;
    return (
      token.type === 'punct' && (token.text === '[' || token.text === '{' || token.text === '-')
    );
  }

  #isSeparator(token: Token): boolean {
    return token.type === 'newline' || this.#isPunct(token, ';');
  }

  #isPunct(token: Token, text: Punct): boolean {
    return token.type === 'punct' && token.text === text;
  }

  /** The current token; inside brackets, newlines are skipped as whitespace. */
  #peek(): Token {
    if (this.#depth > 0) this.#skipNewlines();
    return this.#tokens[this.#index] as Token;
  }

  #next(): Token {
    const token = this.#peek();
    if (token.type !== 'end') this.#index++;
    return token;
  }

  #skipNewlines(): void {
    while (this.#tokens[this.#index]?.type === 'newline') this.#index++;
  }

  #error(token: Token, message: string, kind: 'SyntaxError' | 'NameError' = 'SyntaxError'): Error {
    return parseError(this.#text, token.start, message, { kind, incomplete: token.type === 'end' });
  }
}
