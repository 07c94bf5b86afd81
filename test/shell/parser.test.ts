// The shell's parser: Ruby literals as the HBase shell takes them, call forms, separators, typed
// errors with positions; and two properties — values printed and parsed again come back equal,
// and no input makes the parser throw anything but a ShellParseError.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isIncompleteInput,
  parseInput,
  printStatements,
  SHELL_ARGUMENTS_MAX,
  SHELL_CONSTANTS,
  SHELL_NESTING_DEPTH_MAX,
  ShellParseError,
  type ShellValue,
  type Statement,
} from '../../src/shell/index.js';
import { statementsEqual } from '../../src/shell/values.js';

const str = (text: string | number[]): ShellValue => ({
  kind: 'string',
  bytes: Buffer.from(typeof text === 'string' ? Buffer.from(text, 'utf8') : text),
});
const int = (n: number | bigint): ShellValue => ({ kind: 'integer', value: BigInt(n) });
const one = (text: string): Statement => {
  const statements = parseInput(text);
  expect(statements).toHaveLength(1);
  return statements[0] as Statement;
};
const firstArg = (text: string): ShellValue => one(`x ${text}`).args[0] as ShellValue;

function parseFailure(text: string): ShellParseError {
  try {
    parseInput(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ShellParseError);
    return error as ShellParseError;
  }
  throw new Error(`${JSON.stringify(text)} parsed`);
}

describe('shell literals', () => {
  it('reads double-quoted strings with Ruby escapes', () => {
    expect(firstArg('"\\x00\\x41\\xff"')).toEqual(str([0, 0x41, 0xff]));
    expect(firstArg('"a\\nb\\tc\\\\d\\"e"')).toEqual(str('a\nb\tc\\d"e'));
    expect(firstArg('"key\\003\\023\\011"')).toEqual(str([0x6b, 0x65, 0x79, 3, 0o23, 9]));
    expect(firstArg('"\\u00e9\\u{1F600}"')).toEqual(str('é😀'));
    expect(firstArg('"é\\#{x}\\e\\s"')).toEqual(str('é#{x}\x1b '));
    expect(firstArg('"\\x4"')).toEqual(str([4]));
  });

  it("reads single-quoted strings with only \\\\ and \\' as escapes", () => {
    expect(firstArg("'a\\'b\\\\c\\n\\x00'")).toEqual(str("a'b\\c\\n\\x00"));
    expect(firstArg("'😀'")).toEqual(str('😀'));
  });

  it('reads integers and floats as Ruby does', () => {
    expect(firstArg('1_000')).toEqual(int(1000));
    expect(firstArg('0x1F')).toEqual(int(31));
    expect(firstArg('0b101')).toEqual(int(5));
    expect(firstArg('010')).toEqual(int(8));
    expect(firstArg('-7')).toEqual(int(-7));
    expect(firstArg('9223372036854775807')).toEqual(int(9223372036854775807n));
    expect(firstArg('1.5')).toEqual({ kind: 'float', value: 1.5 });
    expect(firstArg('1e3')).toEqual({ kind: 'float', value: 1000 });
    expect(firstArg('-2.5e-3')).toEqual({ kind: 'float', value: -0.0025 });
  });

  it('reads true, false, nil, constants, arrays and hashes', () => {
    const value = firstArg(
      `{NAME => 'f', 'VERSIONS' => 5, SPLITS => ['a', nil, true,], RAW => false}`,
    );
    expect(value).toEqual({
      kind: 'hash',
      entries: [
        [{ kind: 'constant', name: 'NAME' }, str('f')],
        [str('VERSIONS'), int(5)],
        [
          { kind: 'constant', name: 'SPLITS' },
          { kind: 'array', items: [str('a'), { kind: 'nil' }, { kind: 'boolean', value: true }] },
        ],
        [
          { kind: 'constant', name: 'RAW' },
          { kind: 'boolean', value: false },
        ],
      ],
    });
  });
});

describe('shell statements', () => {
  it('takes `cmd args`, `cmd(args)` and a trailing KEY => v list as one hash', () => {
    expect(one(`create 't1', 'f1', SPLITS => ['10'], OWNER => 'me'`)).toEqual({
      command: 'create',
      args: [
        str('t1'),
        str('f1'),
        {
          kind: 'hash',
          entries: [
            [
              { kind: 'constant', name: 'SPLITS' },
              { kind: 'array', items: [str('10')] },
            ],
            [{ kind: 'constant', name: 'OWNER' }, str('me')],
          ],
        },
      ],
    });
    expect(one(`scan('t1', {LIMIT => 1})`)).toEqual(one(`scan 't1', {LIMIT => 1}`));
    expect(one('list')).toEqual({ command: 'list', args: [] });
    expect(one('list()')).toEqual({ command: 'list', args: [] });
  });

  it('splits statements at ; and newlines, skipping comments and blank lines', () => {
    const statements = parseInput(
      `list; status 'simple' # a comment\n\n  # only a comment\nversion;`,
    );
    expect(statements.map((s) => s.command)).toEqual(['list', 'status', 'version']);
    expect(parseInput('  \n ; # nothing\n')).toEqual([]);
  });

  it('continues a call across newlines inside brackets and after , or =>', () => {
    const text = `get 't1', 'r1',\n  {COLUMN => [\n 'a',\n 'b'],\n TIMESTAMP =>\n 5}`;
    expect(one(text).args).toHaveLength(3);
    expect(one("put 't', \\\n 'r', 'f:q', 'v'").args).toHaveLength(4);
  });
});

describe('shell parse errors', () => {
  it('reports an unbalanced quote with its position, as incomplete input', () => {
    const error = parseFailure(`put 't1', 'r1`);
    expect(error.kind).toBe('SyntaxError');
    expect(error.message).toBe('unterminated string meets end of file at line 1, column 11');
    expect([error.position, error.line, error.column, error.incomplete]).toEqual([10, 1, 11, true]);
    expect(isIncompleteInput(`put 't1', "r1`)).toBe(true);
    expect(isIncompleteInput(`scan 't1', {LIMIT => 1,`)).toBe(true);
    expect(isIncompleteInput(`put 't1',`)).toBe(true);
    expect(isIncompleteInput(`put 't1'`)).toBe(false);
    expect(isIncompleteInput(`put 't1' }`)).toBe(false);
  });

  it('names unknown constants and methods as Ruby does (NameError)', () => {
    const constant = parseFailure(`scan 't1', {LIMTI => 1}`);
    expect([constant.kind, constant.message]).toEqual([
      'NameError',
      'uninitialized constant LIMTI at line 1, column 13',
    ]);
    const method = parseFailure(`describe t1`);
    expect(method.kind).toBe('NameError');
    expect(method.message).toContain("undefined local variable or method `t1' for main:Object");
  });

  it('refuses malformed calls with what it expected and where', () => {
    expect(parseFailure(`scan 't1', {LIMIT => }`).message).toBe(
      "syntax error, unexpected '}', expecting a value at line 1, column 22",
    );
    expect(parseFailure(`get 't1' 'r1'`).message).toContain('expecting end of statement');
    expect(parseFailure(`put 't', NAME => 1, 'x'`).message).toContain(
      'cannot follow KEY => value pairs',
    );
    expect(parseFailure(`scan 't', {LIMIT 5}`).message).toContain("expecting '=>'");
    expect(parseFailure(`'t1'`).message).toContain('a statement starts with a command');
    expect(parseFailure(`list ]`).message).toContain("unexpected ']'");
    expect(parseFailure(`put "a#{b}"`).message).toContain('interpolation');
    expect(parseFailure(`put "\\xZZ"`).message).toContain('invalid hex escape');
    expect(parseFailure(`put 12abc`).message).toContain('in a number');
    expect(parseFailure(`put @x`).message).toContain('unexpected character "@"');
    expect(parseFailure(`list\nput 'a',\n  'b' 'c'`).line).toBe(3);
  });

  it('holds every named limit', () => {
    const deep = `x ${'['.repeat(SHELL_NESTING_DEPTH_MAX + 1)}${']'.repeat(SHELL_NESTING_DEPTH_MAX + 1)}`;
    expect(parseFailure(deep).message).toContain('SHELL_NESTING_DEPTH_MAX');
    const ok = `x ${'['.repeat(SHELL_NESTING_DEPTH_MAX)}${']'.repeat(SHELL_NESTING_DEPTH_MAX)}`;
    expect(parseInput(ok)).toHaveLength(1);
    const many = `x ${Array.from({ length: SHELL_ARGUMENTS_MAX + 1 }, () => '1').join(', ')}`;
    expect(parseFailure(many).message).toContain(`more than ${SHELL_ARGUMENTS_MAX} arguments`);
    expect(parseFailure('list;'.repeat(1001)).message).toContain('SHELL_STATEMENTS_MAX');
    expect(parseFailure(`x '${'a'.repeat(1_048_577)}'`).message).toContain('SHELL_LINE_CHARS_MAX');
  });
});

const constantArb = fc.constantFrom(...SHELL_CONSTANTS);
const valueArb: fc.Arbitrary<ShellValue> = fc.letrec<{ value: ShellValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .uint8Array({ maxLength: 12 })
      .map((b): ShellValue => ({ kind: 'string', bytes: Buffer.from(b) })),
    fc.bigInt().map((value): ShellValue => ({ kind: 'integer', value })),
    fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .map((value): ShellValue => ({ kind: 'float', value })),
    fc.boolean().map((value): ShellValue => ({ kind: 'boolean', value })),
    fc.constant<ShellValue>({ kind: 'nil' }),
    constantArb.map((name): ShellValue => ({ kind: 'constant', name })),
    fc.array(tie('value'), { maxLength: 4 }).map((items): ShellValue => ({ kind: 'array', items })),
    fc
      .array(fc.tuple(tie('value'), tie('value')), { maxLength: 3 })
      .map((entries): ShellValue => ({ kind: 'hash', entries })),
  ),
})).value;
const statementArb: fc.Arbitrary<Statement> = fc.record({
  command: fc
    .stringMatching(/^[a-z_][a-z0-9_]{0,8}$/)
    .filter((n) => !['true', 'false', 'nil'].includes(n)),
  args: fc.array(valueArb, { maxLength: 5 }),
});

describe('shell parser properties', () => {
  it('parses printed statements back to the same values', () => {
    fc.assert(
      fc.property(fc.array(statementArb, { maxLength: 4 }), (statements) => {
        const text = printStatements(statements);
        expect(statementsEqual(parseInput(text), statements)).toBe(true);
      }),
      { seed: 0x5e11, numRuns: 500 },
    );
  });

  it('throws nothing but a ShellParseError on any input', () => {
    const alphabet = fc.constantFrom(
      ...`'"\\{}[](),;=>-#xX09 \n\tabcNAMEé\u0000`.split(''),
      '=>',
      '\\x',
      '#{',
    );
    const garbage = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.array(alphabet, { maxLength: 30 }).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(garbage, (text) => {
        try {
          parseInput(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ShellParseError);
        }
      }),
      { seed: 0xbad, numRuns: 2000 },
    );
  });
});
