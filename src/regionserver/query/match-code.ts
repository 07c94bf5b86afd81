// What a query matcher tells the scanner to do with the cell under its cursor (HBase's
// ScanQueryMatcher.MatchCode; the scanner notices a new row itself, so there is no DONE). Seeks are
// done by the scanner on its heap, never by the matcher.

export const MatchCode = {
  /** Return the cell; move to the next one. */
  Include: 0,
  /** Drop the cell; move to the next one. */
  Skip: 1,
  /** Drop the cell and the rest of its column (see QueryMatcher.keyForNextColumn). */
  SeekNextCol: 2,
  /** Drop the cell and the rest of its row. */
  SeekNextRow: 3,
  /** Return the cell, then skip the rest of its column. */
  IncludeAndSeekNextCol: 4,
  /** Return the cell, then skip the rest of its row. */
  IncludeAndSeekNextRow: 5,
  /** Drop the cell; seek to the filter's `nextCellHint`. */
  SeekNextUsingHint: 6,
  /** The filter says nothing more can pass: the whole scan is over. */
  DoneScan: 7,
} as const;
export type MatchCode = (typeof MatchCode)[keyof typeof MatchCode];

export function isInclude(code: MatchCode): boolean {
  return (
    code === MatchCode.Include ||
    code === MatchCode.IncludeAndSeekNextCol ||
    code === MatchCode.IncludeAndSeekNextRow
  );
}
