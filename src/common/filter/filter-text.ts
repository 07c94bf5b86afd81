// A cursor over a filter string: whitespace, words, parentheses and single-quoted strings, each
// with the offset where it starts. Invariant: the cursor only moves forward, never past the end.
import { FilterParseError } from './errors.js';

/** One argument of a filter call: quoted (a string, with '' unescaped) or bare (int, bool, op). */
export interface FilterArgument {
  readonly kind: 'quoted' | 'bare';
  readonly text: string;
  /** Offset of the argument's first character (the opening quote when quoted). */
  readonly position: number;
}

const QUOTE = "'";

function isWhitespace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/** Ends a word: whitespace, parentheses, a quote or a comma. */
function endsWord(ch: string | undefined): boolean {
  return (
    ch === undefined || isWhitespace(ch) || ch === '(' || ch === ')' || ch === QUOTE || ch === ','
  );
}

export class FilterText {
  readonly text: string;
  #offset = 0;

  constructor(text: string) {
    this.text = text;
  }

  get offset(): number {
    return this.#offset;
  }

  atEnd(): boolean {
    return this.#offset >= this.text.length;
  }

  /** The next character, after skipping whitespace; undefined at the end. */
  peek(): string | undefined {
    this.skipWhitespace();
    return this.text[this.#offset];
  }

  skipWhitespace(): void {
    while (isWhitespace(this.text[this.#offset])) this.#offset++;
  }

  /** Consumes one character (callers peek first). */
  advance(): void {
    this.#offset++;
  }

  /** The word at the cursor without consuming it: letters, digits and anything not a delimiter. */
  peekWord(): string {
    this.skipWhitespace();
    let end = this.#offset;
    while (!endsWord(this.text[end])) end++;
    return this.text.slice(this.#offset, end);
  }

  /** Consumes `word`, which peekWord just returned. */
  consumeWord(word: string): void {
    this.#offset += word.length;
  }

  /** Reads one argument at the cursor: a quoted string or a bare token. */
  readArgument(): FilterArgument {
    this.skipWhitespace();
    const position = this.#offset;
    if (this.text[position] === QUOTE) return this.#readQuoted(position);
    const word = this.peekWord();
    if (word.length === 0) {
      throw this.error(`expected an argument but found ${this.describeHere()}`, position);
    }
    this.consumeWord(word);
    return { kind: 'bare', text: word, position };
  }

  /** HBase's quoting: a string runs to the next lone quote; a doubled quote stands for one. */
  #readQuoted(position: number): FilterArgument {
    let i = position + 1;
    let text = '';
    for (;;) {
      const ch = this.text[i];
      if (ch === undefined) {
        throw this.error(`the string starting at position ${position} is never closed`, position);
      }
      if (ch === QUOTE) {
        if (this.text[i + 1] !== QUOTE) break;
        text += QUOTE;
        i += 2;
        continue;
      }
      text += ch;
      i++;
    }
    this.#offset = i + 1;
    return { kind: 'quoted', text, position };
  }

  /** "'x'" for the character at the cursor, or "the end of the filter string". */
  describeHere(): string {
    this.skipWhitespace();
    const ch = this.text[this.#offset];
    return ch === undefined ? 'the end of the filter string' : `'${ch}'`;
  }

  error(detail: string, position: number): FilterParseError {
    return new FilterParseError(`${detail} (at position ${position})`, { position });
  }
}
