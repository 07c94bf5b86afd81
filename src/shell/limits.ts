// Bounds on what one shell session accepts and prints, each named with its unit. A line or a value
// past one is refused with a typed error naming the value and the limit; none means "unlimited".

/** The longest input `execute` takes at once (one or more statements), in UTF-16 code units. */
export const SHELL_LINE_CHARS_MAX = 1_048_576;
/** The most statements one input may hold (separated by `;` or newlines). */
export const SHELL_STATEMENTS_MAX = 1_000;
/** How deep arrays and hashes may nest inside one argument, in levels. */
export const SHELL_NESTING_DEPTH_MAX = 32;
/** The most arguments one command call may have (a trailing `KEY => v` list counts as one). */
export const SHELL_ARGUMENTS_MAX = 256;
/** The most items one array or entries one hash may hold (SPLITS lists included). */
export const SHELL_COLLECTION_ITEMS_MAX = 100_000;
/** The longest regular expression `list` and `list_namespace` take, in UTF-16 code units. */
export const SHELL_REGEX_CHARS_MAX = 4_096;

/** Rows `scan` prints before it stops on its own (use LIMIT or STARTROW to page). */
export const SHELL_OUTPUT_ROWS_MAX = 100_000;
/** Rows `count` counts before it stops on its own (a guard against counting forever). */
export const SHELL_COUNT_ROWS_MAX = 1_000_000_000;

/** The terminal width output is laid out for when none is given (HBase's on a 104-column tty). */
export const SHELL_TERMINAL_WIDTH_DEFAULT_CHARS = 104;
/** The narrowest and widest terminal width a session accepts, in characters. */
export const SHELL_TERMINAL_WIDTH_MIN_CHARS = 8;
export const SHELL_TERMINAL_WIDTH_MAX_CHARS = 4_096;

/** `count`: a progress line every this many rows unless INTERVAL says otherwise (HBase's). */
export const SHELL_COUNT_INTERVAL_DEFAULT_ROWS = 1_000;
/** `count`: scanner caching unless CACHE says otherwise (HBase's). */
export const SHELL_COUNT_CACHE_DEFAULT_ROWS = 10;
/** `create ... NUMREGIONS => n`: the most regions a split algorithm may cut a new table into. */
export const SHELL_PRESPLIT_REGIONS_MAX = 10_000;
