// The shell's lexer: Ruby's literal syntax as the HBase shell uses it — single- and double-quoted
// strings with their escapes, integers and floats, names, and the punctuation of calls, arrays and
// hashes. Pure: text in, tokens with their offsets out, or a ShellParseError saying where.
import { ShellParseError } from './errors.js';

export type Token =
  | { readonly type: 'string'; readonly bytes: Buffer; readonly start: number }
  | { readonly type: 'integer'; readonly value: bigint; readonly start: number }
  | { readonly type: 'float'; readonly value: number; readonly start: number }
  | { readonly type: 'name'; readonly text: string; readonly start: number }
  | { readonly type: 'punct'; readonly text: Punct; readonly start: number }
  | { readonly type: 'newline'; readonly start: number }
  | { readonly type: 'end'; readonly start: number };

export type Punct = ',' | '=>' | '[' | ']' | '{' | '}' | '(' | ')' | ';' | '-';

/** Builds a ShellParseError at `offset` of `text`, with its line and column. */
export function parseError(
  text: string,
  offset: number,
  message: string,
  extra: { readonly kind?: 'SyntaxError' | 'NameError'; readonly incomplete?: boolean } = {},
): ShellParseError {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return new ShellParseError(`${message} at line ${line}, column ${column}`, {
    position: offset,
    line,
    column,
    kind: extra.kind ?? 'SyntaxError',
    incomplete: extra.incomplete ?? false,
  });
}

const SIMPLE_ESCAPES: ReadonlyMap<string, number> = new Map([
  ['n', 0x0a],
  ['t', 0x09],
  ['r', 0x0d],
  ['e', 0x1b],
  ['s', 0x20],
  ['a', 0x07],
  ['b', 0x08],
  ['f', 0x0c],
  ['v', 0x0b],
]);

const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';
const isHex = (ch: string | undefined): boolean => ch !== undefined && /^[0-9a-fA-F]$/.test(ch);
const isNameStart = (ch: string | undefined): boolean => ch !== undefined && /^[A-Za-z_]$/.test(ch);
const isNamePart = (ch: string | undefined): boolean =>
  ch !== undefined && /^[A-Za-z0-9_]$/.test(ch);

/** Splits `text` into tokens; the last one is always `end`. */
export function tokenize(text: string): Token[] {
  return new Lexer(text).run();
}

class Lexer {
  readonly #text: string;
  #pos = 0;
  readonly #tokens: Token[] = [];

  constructor(text: string) {
    this.#text = text;
  }

  run(): Token[] {
    for (;;) {
      const ch = this.#text[this.#pos];
      if (ch === undefined) break;
      if (ch === ' ' || ch === '\t' || ch === '\r') this.#pos++;
      else if (ch === '\\' && this.#text[this.#pos + 1] === '\n') this.#pos += 2;
      else if (ch === '#') this.#skipComment();
      else if (ch === '\n') this.#push({ type: 'newline', start: this.#pos++ });
      else if (ch === "'") this.#push(this.#singleQuoted());
      else if (ch === '"') this.#push(this.#doubleQuoted());
      else if (isDigit(ch)) this.#push(this.#number());
      else if (isNameStart(ch)) this.#push(this.#name());
      else this.#push(this.#punct(ch));
    }
    this.#push({ type: 'end', start: this.#pos });
    return this.#tokens;
  }

  #push(token: Token): void {
    this.#tokens.push(token);
  }

  #skipComment(): void {
    while (this.#pos < this.#text.length && this.#text[this.#pos] !== '\n') this.#pos++;
  }

  #punct(ch: string): Token {
    const start = this.#pos;
    if (ch === '=' && this.#text[start + 1] === '>') {
      this.#pos += 2;
      return { type: 'punct', text: '=>', start };
    }
    if (',[]{}();-'.includes(ch)) {
      this.#pos++;
      return { type: 'punct', text: ch as Punct, start };
    }
    throw parseError(this.#text, start, `unexpected character ${JSON.stringify(ch)}`);
  }

  #name(): Token {
    const start = this.#pos;
    while (isNamePart(this.#text[this.#pos])) this.#pos++;
    // Ruby method names may end in ? or ! (e.g. `exists?`); keep them so the error names them.
    const next = this.#text[this.#pos];
    if ((next === '?' || next === '!') && this.#text[this.#pos + 1] !== '=') this.#pos++;
    return { type: 'name', text: this.#text.slice(start, this.#pos), start };
  }

  #number(): Token {
    const start = this.#pos;
    const text = this.#text;
    if (text[start] === '0' && /[xXbBoO]/.test(text[start + 1] ?? '')) return this.#radixInteger();
    this.#digits();
    let isFloat = false;
    if (text[this.#pos] === '.' && isDigit(text[this.#pos + 1])) {
      isFloat = true;
      this.#pos++;
      this.#digits();
    }
    const e = text[this.#pos];
    if ((e === 'e' || e === 'E') && this.#exponentFollows()) {
      isFloat = true;
      this.#pos++;
      if (text[this.#pos] === '+' || text[this.#pos] === '-') this.#pos++;
      this.#digits();
    }
    const literal = text.slice(start, this.#pos).replace(/_/g, '');
    if (isNamePart(text[this.#pos])) {
      throw parseError(
        text,
        this.#pos,
        `unexpected ${JSON.stringify(text[this.#pos])} in a number`,
      );
    }
    if (isFloat) return { type: 'float', value: Number(literal), start };
    // Ruby reads a leading 0 as octal (010 is 8).
    const value =
      literal.length > 1 && literal.startsWith('0') ? octal(text, start, literal) : BigInt(literal);
    return { type: 'integer', value, start };
  }

  #exponentFollows(): boolean {
    const after = this.#text[this.#pos + 1];
    if (isDigit(after)) return true;
    return (after === '+' || after === '-') && isDigit(this.#text[this.#pos + 2]);
  }

  /** Digits with single underscores between them, as Ruby allows (1_000). */
  #digits(): void {
    const text = this.#text;
    while (isDigit(text[this.#pos]) || (text[this.#pos] === '_' && isDigit(text[this.#pos + 1]))) {
      this.#pos++;
    }
  }

  #radixInteger(): Token {
    const start = this.#pos;
    const marker = (this.#text[start + 1] ?? '').toLowerCase();
    const allowed = marker === 'x' ? /[0-9a-fA-F_]/ : marker === 'b' ? /[01_]/ : /[0-7_]/;
    this.#pos += 2;
    const digitsStart = this.#pos;
    while (allowed.test(this.#text[this.#pos] ?? '')) this.#pos++;
    const digits = this.#text.slice(digitsStart, this.#pos).replace(/_/g, '');
    if (digits.length === 0 || isNamePart(this.#text[this.#pos])) {
      throw parseError(this.#text, this.#pos, 'numeric literal without digits');
    }
    return { type: 'integer', value: BigInt(`0${marker}${digits}`), start };
  }

  #singleQuoted(): Token {
    const start = this.#pos++;
    const bytes: number[] = [];
    for (;;) {
      const ch = this.#text[this.#pos];
      if (ch === undefined) throw unterminated(this.#text, start);
      if (ch === "'") {
        this.#pos++;
        break;
      }
      const next = this.#text[this.#pos + 1];
      if (ch === '\\' && (next === "'" || next === '\\')) {
        pushUtf8(bytes, next);
        this.#pos += 2;
      } else {
        const char = String.fromCodePoint(this.#text.codePointAt(this.#pos) as number);
        pushUtf8(bytes, char);
        this.#pos += char.length;
      }
    }
    return { type: 'string', bytes: Buffer.from(bytes), start };
  }

  #doubleQuoted(): Token {
    const start = this.#pos++;
    const bytes: number[] = [];
    for (;;) {
      const ch = this.#text[this.#pos];
      if (ch === undefined) throw unterminated(this.#text, start);
      if (ch === '"') {
        this.#pos++;
        break;
      }
      if (ch === '#' && this.#text[this.#pos + 1] === '{') {
        throw parseError(this.#text, this.#pos, 'string interpolation (#{...}) is not supported');
      }
      if (ch === '\\') this.#escape(bytes);
      else {
        const cp = this.#text.codePointAt(this.#pos) as number;
        const char = String.fromCodePoint(cp);
        pushUtf8(bytes, char);
        this.#pos += char.length;
      }
    }
    return { type: 'string', bytes: Buffer.from(bytes), start };
  }

  /** One backslash escape of a double-quoted string, at #pos (the backslash). */
  #escape(bytes: number[]): void {
    const text = this.#text;
    const at = this.#pos;
    const ch = text[at + 1];
    if (ch === undefined) throw unterminated(text, at);
    this.#pos += 2;
    const simple = SIMPLE_ESCAPES.get(ch);
    if (simple !== undefined) bytes.push(simple);
    else if (ch === 'x') bytes.push(this.#hexEscape(at));
    else if (ch >= '0' && ch <= '7') bytes.push(this.#octalEscape());
    else if (ch === 'u') this.#unicodeEscape(bytes, at);
    else if (ch === '\n')
      return; // a line continuation inside the string
    else pushUtf8(bytes, String.fromCodePoint(text.codePointAt(at + 1) as number));
    if (ch.length === 1 && (text.codePointAt(at + 1) ?? 0) > 0xffff) this.#pos++;
  }

  #hexEscape(at: number): number {
    const text = this.#text;
    if (!isHex(text[this.#pos])) throw parseError(text, at, 'invalid hex escape');
    let end = this.#pos + 1;
    if (isHex(text[end])) end++;
    const value = parseInt(text.slice(this.#pos, end), 16);
    this.#pos = end;
    return value;
  }

  /** `\NNN`: one to three octal digits, the first already consumed at #pos - 1. */
  #octalEscape(): number {
    const text = this.#text;
    const start = this.#pos - 1;
    let end = this.#pos;
    while (end < start + 3 && /[0-7]/.test(text[end] ?? '')) end++;
    this.#pos = end;
    return parseInt(text.slice(start, end), 8) & 0xff;
  }

  #unicodeEscape(bytes: number[], at: number): void {
    const text = this.#text;
    const points: number[] = [];
    if (text[this.#pos] === '{') {
      const close = text.indexOf('}', this.#pos);
      const body = close < 0 ? '' : text.slice(this.#pos + 1, close).trim();
      if (close < 0 || !/^[0-9a-fA-F]{1,6}( +[0-9a-fA-F]{1,6})*$/.test(body)) {
        throw parseError(text, at, 'invalid Unicode escape');
      }
      for (const part of body.split(/ +/)) points.push(parseInt(part, 16));
      this.#pos = close + 1;
    } else {
      const digits = text.slice(this.#pos, this.#pos + 4);
      if (!/^[0-9a-fA-F]{4}$/.test(digits)) throw parseError(text, at, 'invalid Unicode escape');
      points.push(parseInt(digits, 16));
      this.#pos += 4;
    }
    for (const cp of points) {
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        throw parseError(text, at, `invalid Unicode codepoint U+${cp.toString(16).toUpperCase()}`);
      }
      pushUtf8(bytes, String.fromCodePoint(cp));
    }
  }
}

function octal(text: string, start: number, literal: string): bigint {
  if (!/^[0-7]+$/.test(literal)) throw parseError(text, start, `invalid octal digit in ${literal}`);
  return BigInt(`0o${literal}`);
}

function unterminated(text: string, start: number): ShellParseError {
  return parseError(text, start, 'unterminated string meets end of file', { incomplete: true });
}

function pushUtf8(bytes: number[], char: string): void {
  for (const b of Buffer.from(char, 'utf8')) bytes.push(b);
}
