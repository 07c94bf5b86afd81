// Bounds on filter descriptions: what parseFilter and compileFilter accept. Each limit is named
// with its unit; text or a spec past one is refused with a message naming value and limit.

/** The longest filter string parseFilter reads, in UTF-16 code units. */
export const FILTER_STRING_CHARS_MAX = 65_536;
/** How deep parentheses, SKIP/WHILE and nested lists may go, in levels. */
export const FILTER_NESTING_DEPTH_MAX = 64;
/** The most arguments one filter call may have (MultipleColumnPrefixFilter, TimestampsFilter). */
export const FILTER_ARGUMENTS_MAX = 1_024;
/** The most filters one FilterList may hold. */
export const FILTER_LIST_FILTERS_MAX = 1_024;
/** The most row ranges (MultiRowRangeFilter) or fuzzy pairs (FuzzyRowFilter) in one filter. */
export const FILTER_ROW_KEYS_MAX = 65_536;
/** The longest regular expression a regexstring comparator may hold, in UTF-16 code units. */
export const FILTER_REGEX_CHARS_MAX = 4_096;
/** HBase's int arguments are Java ints: the largest such argument, a count. */
export const FILTER_INT_ARGUMENT_MAX = 2_147_483_647;
