// Tab completion's pure part: which word the cursor ends and what may replace it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  completionsFor,
  completionTarget,
  SHELL_COMPLETIONS_MAX,
} from '../../../src/shell/endpoint/index.js';
import { COMMAND_NAMES } from '../../../src/shell/index.js';

describe('completionTarget', () => {
  it.each([
    ['', { kind: 'command', word: '', prefix: '' }],
    ['sc', { kind: 'command', word: 'sc', prefix: 'sc' }],
    ['  list_n', { kind: 'command', word: 'list_n', prefix: 'list_n' }],
    [`list; de`, { kind: 'command', word: 'de', prefix: 'de' }],
    [`scan 't';\ndes`, { kind: 'command', word: 'des', prefix: 'des' }],
    [`scan 'us`, { kind: 'table', word: `'us`, prefix: 'us', quote: "'" }],
    [`scan("us`, { kind: 'table', word: `"us`, prefix: 'us', quote: '"' }],
    [`get '`, { kind: 'table', word: `'`, prefix: '', quote: "'" }],
    [`scan 't', {STA`, { kind: 'constant', word: 'STA', prefix: 'STA' }],
    [`create 't', {NAME => 'f', VER`, { kind: 'constant', word: 'VER', prefix: 'VER' }],
  ])('%j', (text, target) => {
    expect(completionTarget(text)).toEqual(target);
  });

  it.each([
    `scan `,
    `put 't', 'r`,
    `scan 'a\\x`,
    `scan 't', {LIMIT => 1`,
    `list # a comment`,
    `scan 'it''s`,
  ])('%j: nothing to complete', (text) => {
    expect(completionTarget(text)).toBeUndefined();
  });

  it('always names a word that ends the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const target = completionTarget(text);
        if (target !== undefined) expect(text.endsWith(target.word)).toBe(true);
      }),
      { seed: 7101, numRuns: 1000 },
    );
  });
});

describe('completionsFor', () => {
  it('keeps the candidates with the prefix, quoted as the word was, sorted and unique', () => {
    const target = { kind: 'table', word: `'u`, prefix: 'u', quote: "'" } as const;
    expect(completionsFor(target, ['users', 'b', 'uk', 'users'])).toEqual([`'uk'`, `'users'`]);
    const command = completionTarget('dr');
    expect(command).toBeDefined();
    if (command !== undefined) {
      expect(completionsFor(command, COMMAND_NAMES)).toEqual(['drop', 'drop_namespace']);
    }
  });

  it(`stops at ${SHELL_COMPLETIONS_MAX} items`, () => {
    const many = Array.from({ length: SHELL_COMPLETIONS_MAX + 5 }, (_, i) => `t${i}`);
    const target = { kind: 'table', word: `'`, prefix: '', quote: "'" } as const;
    expect(completionsFor(target, many)).toHaveLength(SHELL_COMPLETIONS_MAX);
  });
});
