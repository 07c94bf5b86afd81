// A pseudo-terminal without a pty: readline over PassThrough streams (terminal mode), keys typed
// into the input, and bounded waits for text on the screen (ANSI escapes stripped).
import { PassThrough } from 'node:stream';

const WAIT_MS = 15_000;
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

export const KEY = {
  enter: '\r',
  tab: '\t',
  ctrlC: '\x03',
  ctrlD: '\x04',
  up: '\x1b[A',
} as const;

export class Tty {
  readonly input = new PassThrough();
  readonly output = new PassThrough();
  #raw = '';

  constructor() {
    this.output.on('data', (data: Buffer) => {
      this.#raw += data.toString();
    });
  }

  /** What was written so far, escapes removed. */
  get screen(): string {
    return this.#raw.replace(ANSI, '');
  }

  type(keys: string): void {
    this.input.write(keys);
  }

  /** Waits (bounded) until the screen, after `from` characters, contains `text`. */
  async waitFor(text: string | RegExp, from = 0): Promise<string> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const screen = this.screen.slice(from);
      if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen;
      if (Date.now() > deadline) {
        throw new Error(`the screen never showed ${String(text)}; it shows:\n${screen}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
