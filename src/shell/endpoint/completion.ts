// Tab completion, pure: which word ends the text before the cursor and what may replace it —
// a command name at a statement's start, a table name in the first argument's open quote, a
// constant (STARTROW, VERSIONS...) for a capitalised word. Server and terminal share it.
import { SHELL_COMPLETIONS_MAX } from './limits.js';

export type CompletionKind = 'command' | 'table' | 'constant';

export interface CompletionTarget {
  readonly kind: CompletionKind;
  /** The text at the end of the line that a completion replaces (the open quote included). */
  readonly word: string;
  /** What a candidate must start with. */
  readonly prefix: string;
  /** The quote a table name is written in. */
  readonly quote?: "'" | '"';
}

interface Scan {
  /** Where the statement the cursor is in starts. */
  readonly statementStart: number;
  /** Where an unclosed string starts (its quote), if the text ends inside one. */
  readonly openQuote: number | undefined;
  /** The text ends inside a `#` comment. */
  readonly inComment: boolean;
}

/** Walks the text as the lexer would, outside strings: `;`, newlines and `#` comments. */
function scanText(text: string): Scan {
  let statementStart = 0;
  let quote: string | undefined;
  let quoteAt = 0;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (comment) {
      if (c === '\n') {
        comment = false;
        statementStart = i + 1;
      }
    } else if (quote !== undefined) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
      quoteAt = i;
    } else if (c === '#') {
      comment = true;
    } else if (c === ';' || c === '\n') {
      statementStart = i + 1;
    }
  }
  const openQuote = quote === undefined ? undefined : quoteAt;
  return { statementStart, openQuote, inComment: comment };
}

const COMMAND_BEFORE_FIRST_ARGUMENT = /^\s*[a-z_][a-z0-9_]*(\s*\(\s*|\s+)$/;
const TRAILING_WORD = /[A-Za-z0-9_]*$/;

/** What the word ending `text` is, or undefined when nothing completes there. */
export function completionTarget(text: string): CompletionTarget | undefined {
  const { statementStart, openQuote, inComment } = scanText(text);
  if (inComment) return undefined;
  const statement = text.slice(statementStart);
  if (openQuote !== undefined) {
    const content = text.slice(openQuote + 1);
    const before = text.slice(statementStart, openQuote);
    if (!COMMAND_BEFORE_FIRST_ARGUMENT.test(before) || /[\\\n]/.test(content)) return undefined;
    const quote = text[openQuote] === '"' ? '"' : "'";
    return { kind: 'table', word: quote + content, prefix: content, quote };
  }
  const word = TRAILING_WORD.exec(statement)?.[0] ?? '';
  if (statement.trimStart() === word && !/^[A-Z]/.test(word)) {
    return { kind: 'command', word, prefix: word };
  }
  if (/^[A-Z]/.test(word)) return { kind: 'constant', word, prefix: word };
  return undefined;
}

/** The candidates that complete `target`, as they replace its word: sorted, unique, bounded. */
export function completionsFor(target: CompletionTarget, candidates: readonly string[]): string[] {
  const matching = new Set<string>();
  for (const candidate of candidates) {
    if (!candidate.startsWith(target.prefix)) continue;
    matching.add(target.quote === undefined ? candidate : target.quote + candidate + target.quote);
  }
  return [...matching].sort().slice(0, SHELL_COMPLETIONS_MAX);
}
