// The shell's output writer, laid out as HBase's Formatter does: one or two columns, the first a
// quarter of the terminal width, long text cut into width-sized pieces, rows inset by one space.
// Invariant: it writes only whole lines, and never pads the end of a line (HBase pads to the
// width; trailing blanks are left out here, so a line ends where its text does).

/** Bytes of buffered output written at once when a command has not flushed sooner. */
const OUTPUT_BUFFER_CHARS_MAX = 65_536;

export class ShellOutput {
  readonly #write: (chunk: string) => void;
  /** null: not a terminal — no padding and no wrapping (HBase with width 0). */
  readonly #widthChars: number | null;
  #buffer = '';

  constructor(write: (chunk: string) => void, widthChars: number | null) {
    this.#write = write;
    this.#widthChars = widthChars;
  }

  /** One line (Ruby's puts). */
  line(text = ''): void {
    this.#buffer += `${text}\n`;
    if (this.#buffer.length >= OUTPUT_BUFFER_CHARS_MAX) this.flush();
  }

  /** Text of several lines; a final newline is added if it lacks one. */
  text(text: string): void {
    const body = text.endsWith('\n') ? text.slice(0, -1) : text;
    for (const line of body.split('\n')) this.line(line);
  }

  /** HBase's formatter.header: a row without the inset. */
  header(columns: readonly string[]): void {
    if (columns.length > 0) this.row(columns, false);
  }

  /** HBase's formatter.row: one column (wrapped at the width), two columns, or more (spaced). */
  row(columns: readonly string[], inset = true): void {
    const width = this.#widthChars;
    if (columns.length === 1) {
      for (const piece of split(width, columns[0] as string)) this.line(piece);
      return;
    }
    if (columns.length === 2) {
      this.#twoColumns(columns[0] as string, columns[1] as string, inset);
      return;
    }
    this.line(` ${columns.join(' ')}`);
  }

  #twoColumns(first: string, second: string, inset: boolean): void {
    const width = this.#widthChars;
    const firstWidth = width === null ? null : Math.floor(width / 4);
    const secondWidth = width === null || firstWidth === null ? null : width - firstWidth - 2;
    const firstPieces = split(firstWidth, first);
    const secondPieces = split(secondWidth, second);
    const lines = Math.max(firstPieces.length, secondPieces.length);
    for (let i = 0; i < lines; i++) {
      const left = firstPieces[i] ?? '';
      const right = secondPieces[i] ?? '';
      const lead = inset ? ' ' : '';
      const gap = inset ? ' ' : '  ';
      if (right === '') {
        this.line(`${lead}${left}`);
      } else {
        const padded = firstWidth === null ? left : left.padEnd(firstWidth, ' ');
        this.line(`${lead}${padded}${gap}${right}`);
      }
    }
  }

  /** Sends what is buffered. */
  flush(): void {
    if (this.#buffer.length === 0) return;
    const chunk = this.#buffer;
    this.#buffer = '';
    this.#write(chunk);
  }
}

/** HBase's Formatter.split: pieces of `width` characters (the whole text without a width). */
function split(width: number | null, text: string): string[] {
  if (width === null || width <= 0) return [text];
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += width) pieces.push(text.slice(i, i + width));
  return pieces.length === 0 ? [''] : pieces;
}
