// The filter description's public face: the FilterSpec data type, HBase's filter language (parse
// and format), its vocabulary, limits and error. The running filters live in regionserver/filter.
export { FilterParseError, type FilterParseErrorOptions } from './errors.js';
export type { FilterArgument } from './filter-text.js';
export { formatFilter } from './format.js';
export * from './limits.js';
export {
  compareOpOfSymbol,
  FILTER_KEYWORDS,
  FILTER_LANGUAGE_NAMES,
  type FilterKeyword,
  type FilterLanguageName,
  isFilterLanguageName,
  LANGUAGE_COMPARATOR_TYPES,
  symbolOfCompareOp,
} from './names.js';
export { parseFilter } from './parse.js';
export { compileRegexString, REGEX_STRING_FLAGS } from './regex.js';
export type * from './spec.js';
