// How a regexstring comparator's pattern becomes a matcher, shared by the parser (to refuse bad
// patterns early) and the region server. As HBase's default engine: DOTALL, and a match anywhere
// in the value (find, not a full match); the value is decoded as UTF-8 before matching.

/** JavaScript's `s` flag is Java's Pattern.DOTALL, which RegexStringComparator sets by default. */
export const REGEX_STRING_FLAGS = 's';

/** Throws the engine's SyntaxError for a bad pattern. */
export function compileRegexString(pattern: string): RegExp {
  return new RegExp(pattern, REGEX_STRING_FLAGS);
}
