// Bad lines against a real cluster — an unbalanced quote, an unknown command, wrong arguments, an
// unknown table or constant — each print an error and the session carries on; an input stops at
// its first failing statement; and two sessions running at once never see each other's output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShellSession } from '../../src/shell/index.js';
import { lines, run, ShellCluster } from './support/shell-cluster.js';

let cluster: ShellCluster;
beforeAll(async () => {
  cluster = await ShellCluster.start();
  await run(cluster.session(), `create 't', 'f'; put 't', 'r1', 'f:q', 'v1', 1`);
}, 60_000);
afterAll(() => cluster.stop(), 60_000);

const TOOK = 'Took 0.0000 seconds';

describe('bad lines', () => {
  it('each prints its error and the session carries on', async () => {
    const shell: ShellSession = cluster.session();
    const bad: [string, string][] = [
      [
        `put 't', 'r`,
        lines('SyntaxError (unterminated string meets end of file at line 1, column 10)'),
      ],
      [
        `scan 't', {LIMIT => 1`,
        lines(
          "SyntaxError (syntax error, unexpected end of input, expecting '}' at line 1, column 22)",
        ),
      ],
      [
        `frobnicate`,
        lines("NameError (undefined local variable or method `frobnicate' for main:Object)"),
      ],
      [`frobnicate 't'`, lines("NoMethodError (undefined method `frobnicate' for main:Object)")],
      [
        `scan 't', {LIMTI => 1}`,
        lines('NameError (uninitialized constant LIMTI at line 1, column 12)'),
      ],
      [
        `get 't'`,
        lines(
          '',
          'ERROR: wrong number of arguments (given 1, expected 2+)',
          '',
          `For usage try 'help "get"'`,
          '',
          TOOK,
        ),
      ],
      [
        `describe`,
        lines(
          '',
          'ERROR: wrong number of arguments (given 0, expected 1)',
          '',
          `For usage try 'help "describe"'`,
          '',
          TOOK,
        ),
      ],
      [
        `put 't', 'r', 'f:q'`,
        lines(
          '',
          'ERROR: wrong number of arguments (given 3, expected 4..6)',
          '',
          `For usage try 'help "put"'`,
          '',
          TOOK,
        ),
      ],
      [
        `get 'nope', 'r1'`,
        lines(
          'COLUMN                      CELL',
          '',
          'ERROR: Unknown table nope!',
          '',
          `For usage try 'help "get"'`,
          '',
          TOOK,
        ),
      ],
      [
        `put 'nope', 'r', 'f:q', 'v'`,
        lines('', 'ERROR: Unknown table nope!', '', `For usage try 'help "put"'`, '', TOOK),
      ],
      [
        `count 'nope'`,
        lines('', 'ERROR: Unknown table nope!', '', `For usage try 'help "count"'`, '', TOOK),
      ],
      [
        `put 't', 'r', 'g:q', 'v'`,
        lines(
          '',
          'ERROR: Unknown column family! Valid column names: f:*',
          '',
          `For usage try 'help "put"'`,
          '',
          TOOK,
        ),
      ],
      [
        `put 't', ['r'], 'f:q', 'v'`,
        lines(
          '',
          'ERROR: row must be a String or a number, got ["r"]',
          '',
          `For usage try 'help "put"'`,
          '',
          TOOK,
        ),
      ],
      [
        `create 'x'`,
        lines(
          '',
          'ERROR: Table must have at least one column family',
          '',
          `For usage try 'help "create"'`,
          '',
          TOOK,
        ),
      ],
      [
        `create 't', 'f'`,
        lines('', 'ERROR: Table already exists: t!', '', `For usage try 'help "create"'`, '', TOOK),
      ],
    ];
    for (const [input, expected] of bad) {
      const { text, result } = await run(shell, input);
      expect(text, input).toBe(expected);
      expect(result.ok, input).toBe(false);
    }
    const { text, result } = await run(shell, `get 't', 'r1'`);
    expect(result.ok).toBe(true);
    expect(text).toBe(
      lines(
        'COLUMN                      CELL',
        ' f:q                        timestamp=1970-01-01T00:00:00.001, value=v1',
        '1 row(s)',
        TOOK,
      ),
    );
    expect(shell.executions).toBe(bad.length + 1);
    expect(shell.prompt()).toBe(`colonnade:0${bad.length + 2}:0> `);
  });

  it('an input stops at its first failing statement', async () => {
    const shell = cluster.session();
    const { text, result } = await run(
      shell,
      `put 't', 'a', 'f:q', '1'; get 'nope', 'a'; put 't', 'b', 'f:q', '2'`,
    );
    expect(result.ok).toBe(false);
    expect(text.match(/^Took/gm)).toHaveLength(2);
    expect((await run(shell, `get 't', 'b'`)).text).toContain('0 row(s)');
    expect((await run(shell, `get 't', 'a'`)).text).toContain('1 row(s)');
  });
});

describe('concurrent sessions', () => {
  it('run side by side without seeing each other', async () => {
    const puts = Array.from(
      { length: 40 },
      (_, i) => `put 't', 'row${String(i).padStart(2, '0')}', 'f:q', 'x', 2`,
    );
    await run(cluster.session(), puts.join('\n'));
    const a = cluster.session();
    const b = cluster.session({ terminalWidthChars: null });
    const [scanA, listB, countA] = await Promise.all([
      run(a, `scan 't', {STARTROW => 'row', LIMIT => 30}`),
      run(b, `list; exists 't'`),
      run(cluster.session(), `count 't', INTERVAL => 7`),
    ]);
    expect(scanA.text.match(/^ row\d\d /gm)).toHaveLength(30);
    expect(scanA.text).not.toContain('TABLE');
    expect(scanA.text.endsWith(lines('30 row(s)', TOOK))).toBe(true);
    expect(listB.text).toBe(
      lines('TABLE', 't', '1 row(s)', TOOK, '=> ["t"]', 'Table t does exist', TOOK, '=> true'),
    );
    expect(countA.text).toContain('Current count: 7, row: ');
    expect(a.lastValue).toBeUndefined();
    expect(b.lastValue).toBe(true);
    expect([a.executions, b.executions]).toEqual([1, 1]);
    expect(await b.tableNames()).toEqual(['t']);
  });
});
