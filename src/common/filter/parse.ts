// The filter language parser: HBase's ParseFilter grammar, with precedence parentheses > unary
// SKIP/WHILE > AND > OR, and each AND or OR chain becoming one FilterList (MUST_PASS_ALL or
// MUST_PASS_ONE). Pure: text in, a FilterSpec out, or a FilterParseError saying what and where.
import { FilterParseError } from './errors.js';
import { buildFilter } from './filter-arguments.js';
import { type FilterArgument, FilterText } from './filter-text.js';
import {
  FILTER_ARGUMENTS_MAX,
  FILTER_LIST_FILTERS_MAX,
  FILTER_NESTING_DEPTH_MAX,
  FILTER_STRING_CHARS_MAX,
} from './limits.js';
import { isFilterLanguageName, nameDifferingInCase } from './names.js';
import type { FilterSpec } from './spec.js';

/**
 * Parses HBase's filter language, e.g. `PrefixFilter('row') AND PageFilter(10)`. Names, keywords
 * and comparator types match exactly, as in HBase (so `TimeStampsFilter` is not a filter).
 */
export function parseFilter(text: string): FilterSpec {
  if (text.length > FILTER_STRING_CHARS_MAX) {
    const position = FILTER_STRING_CHARS_MAX;
    throw new FilterParseError(
      `filter string is ${text.length} characters; FILTER_STRING_CHARS_MAX is ` +
        `${FILTER_STRING_CHARS_MAX} (at position ${position})`,
      { position },
    );
  }
  return new Parser(new FilterText(text)).parseAll();
}

type ChainKeyword = 'AND' | 'OR';

class Parser {
  readonly #input: FilterText;

  constructor(input: FilterText) {
    this.#input = input;
  }

  parseAll(): FilterSpec {
    if (this.#input.peek() === undefined) {
      throw this.#error('the filter string is empty', this.#input.offset);
    }
    const spec = this.#parseOr(0);
    const next = this.#input.peek();
    if (next === ')') {
      throw this.#error("Mismatched parenthesis: ')' has no matching '('", this.#input.offset);
    }
    if (next !== undefined) {
      throw this.#error(
        `expected AND, OR or the end of the filter string but found ${this.#describeToken()}`,
        this.#input.offset,
      );
    }
    return spec;
  }

  #parseOr(depth: number): FilterSpec {
    return this.#parseChain('OR', () => this.#parseAnd(depth));
  }

  #parseAnd(depth: number): FilterSpec {
    return this.#parseChain('AND', () => this.#parseUnary(depth));
  }

  /** `operand (KEYWORD operand)*`: one operand alone, or all of them in one FilterList. */
  #parseChain(keyword: ChainKeyword, operand: () => FilterSpec): FilterSpec {
    const first = operand();
    const filters = [first];
    while (this.#input.peekWord() === keyword) {
      const position = this.#input.offset;
      this.#input.consumeWord(keyword);
      if (filters.length >= FILTER_LIST_FILTERS_MAX) {
        throw this.#error(
          `more than FILTER_LIST_FILTERS_MAX (${FILTER_LIST_FILTERS_MAX}) filters joined by ` +
            keyword,
          position,
        );
      }
      filters.push(operand());
    }
    if (filters.length === 1) return first;
    const op = keyword === 'AND' ? 'MUST_PASS_ALL' : 'MUST_PASS_ONE';
    return { type: 'FilterList', op, filters };
  }

  #parseUnary(depth: number): FilterSpec {
    const word = this.#input.peekWord();
    if (word !== 'SKIP' && word !== 'WHILE') return this.#parsePrimary(depth);
    const position = this.#input.offset;
    this.#input.consumeWord(word);
    this.#checkDepth(depth + 1, position);
    const filter = this.#parseUnary(depth + 1);
    return word === 'SKIP' ? { type: 'SkipFilter', filter } : { type: 'WhileMatchFilter', filter };
  }

  #parsePrimary(depth: number): FilterSpec {
    const next = this.#input.peek();
    const position = this.#input.offset;
    if (next === '(') {
      this.#input.advance();
      this.#checkDepth(depth + 1, position);
      const spec = this.#parseOr(depth + 1);
      this.#expectClose(position, 'the group');
      return spec;
    }
    const word = this.#input.peekWord();
    if (word.length === 0 || word === 'AND' || word === 'OR') {
      throw this.#error(`expected a filter but found ${this.#describeToken()}`, position);
    }
    return this.#parseCall(word, position);
  }

  #parseCall(name: string, position: number): FilterSpec {
    this.#input.consumeWord(name);
    if (!isFilterLanguageName(name)) {
      const twin = nameDifferingInCase(name);
      const hint = twin === undefined ? '' : `; did you mean ${twin}?`;
      throw this.#error(`Filter Name ${name} not supported${hint}`, position);
    }
    if (this.#input.peek() !== '(') {
      throw this.#error(
        `expected '(' after the filter name ${name} but found ${this.#describeToken()}`,
        this.#input.offset,
      );
    }
    const open = this.#input.offset;
    this.#input.advance();
    return buildFilter({ name, position, args: this.#parseArguments(name, open) });
  }

  /** `)` or `arg (, arg)* )`, the opening parenthesis already read. */
  #parseArguments(name: string, open: number): FilterArgument[] {
    const args: FilterArgument[] = [];
    if (this.#input.peek() === ')') {
      this.#input.advance();
      return args;
    }
    for (;;) {
      if (args.length >= FILTER_ARGUMENTS_MAX) {
        throw this.#error(
          `${name} has more than FILTER_ARGUMENTS_MAX (${FILTER_ARGUMENTS_MAX}) arguments`,
          this.#input.offset,
        );
      }
      args.push(this.#input.readArgument());
      if (this.#input.peek() === ',') {
        this.#input.advance();
        continue;
      }
      this.#expectClose(open, `the argument list of ${name}`);
      return args;
    }
  }

  #expectClose(open: number, what: string): void {
    const next = this.#input.peek();
    if (next === ')') {
      this.#input.advance();
      return;
    }
    if (next === undefined) {
      throw this.#error(
        `Mismatched parenthesis: the '(' of ${what} at position ${open} is never closed`,
        this.#input.offset,
      );
    }
    throw this.#error(
      `expected ')' to close ${what} opened at position ${open} but found ` + this.#describeToken(),
      this.#input.offset,
    );
  }

  #checkDepth(depth: number, position: number): void {
    if (depth > FILTER_NESTING_DEPTH_MAX) {
      throw this.#error(
        `filter nests ${depth} levels deep; ` +
          `FILTER_NESTING_DEPTH_MAX is ${FILTER_NESTING_DEPTH_MAX}`,
        position,
      );
    }
  }

  /** The word at the cursor, or the single character when it is punctuation. */
  #describeToken(): string {
    const word = this.#input.peekWord();
    return word.length > 0 ? `'${word}'` : this.#input.describeHere();
  }

  #error(detail: string, position: number): FilterParseError {
    return this.#input.error(detail, position);
  }
}
