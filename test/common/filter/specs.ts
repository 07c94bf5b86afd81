// Test-only helpers for the filter-language tests: FilterList builders and the FilterParseError a
// text raises.
import {
  FilterParseError,
  type FilterSpec,
  parseFilter,
} from '../../../src/common/filter/index.js';

export const all = (...filters: FilterSpec[]): FilterSpec => ({
  type: 'FilterList',
  op: 'MUST_PASS_ALL',
  filters,
});

export const one = (...filters: FilterSpec[]): FilterSpec => ({
  type: 'FilterList',
  op: 'MUST_PASS_ONE',
  filters,
});

/** The FilterParseError that parsing `text` throws. */
export function parseError(text: string): FilterParseError {
  try {
    parseFilter(text);
  } catch (error: unknown) {
    if (error instanceof FilterParseError) return error;
    throw error;
  }
  throw new Error(`"${text}" parsed`);
}
