// Lines typed (or read from a script) gathered into whole inputs: a line that leaves a quote,
// bracket or trailing comma open waits for the next one, as HBase's shell does. Pure.
import { SHELL_LINE_CHARS_MAX } from '../limits.js';
import { isIncompleteInput } from '../parser.js';

export type InputStep =
  /** A whole input, ready to send. */
  | { readonly kind: 'input'; readonly text: string }
  /** The input goes on: ask for a continuation line. */
  | { readonly kind: 'more' }
  /** A blank line with nothing pending: nothing to send. */
  | { readonly kind: 'blank' };

const MORE: InputStep = { kind: 'more' };
const BLANK: InputStep = { kind: 'blank' };

export class InputBuffer {
  #lines: string[] = [];
  #chars = 0;

  /** A continuation is pending. */
  get pending(): boolean {
    return this.#lines.length > 0;
  }

  /**
   * Adds one line. An input too long to wait for more (SHELL_LINE_CHARS_MAX) is handed over as
   * it is, for the server to refuse.
   */
  push(line: string): InputStep {
    if (this.#lines.length === 0 && line.trim() === '') return BLANK;
    this.#lines.push(line);
    this.#chars += line.length + 1;
    const text = this.#lines.join('\n');
    if (this.#chars <= SHELL_LINE_CHARS_MAX && isIncompleteInput(text)) return MORE;
    this.clear();
    return { kind: 'input', text };
  }

  /** What is pending at the end of the input (an unfinished statement, sent as it is). */
  end(): InputStep {
    if (this.#lines.length === 0) return BLANK;
    const text = this.#lines.join('\n');
    this.clear();
    return { kind: 'input', text };
  }

  clear(): void {
    this.#lines = [];
    this.#chars = 0;
  }
}

/** The prompt for a continuation line: `colonnade:001:0> ` → `colonnade:001:0* ` (IRB's). */
export function continuationPrompt(prompt: string): string {
  return prompt.endsWith('> ') ? `${prompt.slice(0, -2)}* ` : prompt;
}
