// ShellSession without a cluster: output streamed in whole-line chunks, interrupts that land
// promptly (mid-scan and mid-call), the output-row limit, LIMIT, the Took clock, errors that never
// become stack traces, one input at a time per session, and the filter language reaching the Scan.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/common/clock.js';
import { parseFilter } from '../../src/common/filter/index.js';
import { ShellSession, type ShellSessionOptions } from '../../src/shell/index.js';
import { endlessRows, FakeBackend, rowResult } from './support/fake-backend.js';

function session(backend: FakeBackend, options: Partial<ShellSessionOptions> = {}): ShellSession {
  return new ShellSession({ backend, clock: new ManualClock(), timeZone: 'UTC', ...options });
}

async function collect(shell: ShellSession, input: string, signal?: AbortSignal) {
  const chunks: string[] = [];
  const result = await shell.execute(input, (chunk) => chunks.push(chunk), signal);
  return { chunks, text: chunks.join(''), result };
}

const ROW = (key: string): string =>
  ` ${key.padEnd(26)} column=f:q, timestamp=1970-01-01T00:00:00.001, value=v`;

describe('a session streams and stops', () => {
  it('streams a scan row by row, each chunk whole lines', async () => {
    const backend = new FakeBackend();
    backend.tables.set('t', { rows: () => ['a', 'b', 'c'].map((k) => rowResult(k)) });
    const { chunks, text, result } = await collect(session(backend), `scan 't'`);
    expect(result).toEqual({ ok: true, exit: false, interrupted: false });
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    for (const chunk of chunks) expect(chunk.endsWith('\n')).toBe(true);
    expect(text).toBe(
      [
        'ROW                         COLUMN+CELL',
        ROW('a'),
        ROW('b'),
        ROW('c'),
        '3 row(s)',
        'Took 0.0000 seconds',
        '',
      ].join('\n'),
    );
  });

  it('stops an endless scan at LIMIT and closes the scanner', async () => {
    const backend = new FakeBackend();
    backend.tables.set('t', { rows: endlessRows });
    const { text } = await collect(session(backend), `scan 't', {LIMIT => 2}`);
    expect(text).toContain(`${ROW('r0001')}\n2 row(s)\n`);
    expect(backend.scans[0]?.getLimit()).toBe(2);
    expect(backend.scannersClosed).toBe(1);
  });

  it('stops at the output-row limit and says so', async () => {
    const backend = new FakeBackend();
    backend.tables.set('t', { rows: endlessRows });
    const { text, result } = await collect(session(backend, { outputRowsMax: 3 }), `scan 't'`);
    expect(result.ok).toBe(true);
    expect(text).toContain(
      `${ROW('r0002')}\nStopped after 3 rows (the shell's output limit); use LIMIT or STARTROW to see more\n3 row(s)\n`,
    );
    expect(backend.scannersClosed).toBe(1);
  });

  it('interrupts a running scan promptly, keeping what was printed', async () => {
    const backend = new FakeBackend();
    backend.tables.set('t', { rows: endlessRows, delayMs: 2 });
    const abort = new AbortController();
    const chunks: string[] = [];
    const result = await session(backend).execute(
      `scan 't'; list`,
      (chunk) => {
        chunks.push(chunk);
        if (chunks.length === 4) abort.abort();
      },
      abort.signal,
    );
    expect(result).toEqual({ ok: false, exit: false, interrupted: true });
    const text = chunks.join('');
    expect(text).toContain(ROW('r0002'));
    expect(text).not.toContain('row(s)');
    expect(text).not.toContain('TABLE');
    expect(backend.scannersClosed).toBe(1);
  });

  it('interrupts a call that never answers', async () => {
    const backend = new FakeBackend();
    backend.adminOverrides.clusterStatus = () => new Promise(() => undefined);
    const abort = new AbortController();
    const running = collect(session(backend), 'status', abort.signal);
    setTimeout(() => abort.abort(), 5);
    const { result, text } = await running;
    expect(result.interrupted).toBe(true);
    expect(text).toBe('');
  });

  it('times commands with the injected clock', async () => {
    const backend = new FakeBackend();
    const clock = new ManualClock();
    backend.adminOverrides.listTables = async () => {
      clock.advance(1234.56);
      return [];
    };
    const { text } = await collect(session(backend, { clock }), 'list');
    expect(text).toBe('TABLE\n0 row(s)\nTook 1.2346 seconds\n=> []\n');
  });

  it('prints any error as ERROR: message, never a stack trace', async () => {
    const backend = new FakeBackend();
    backend.adminOverrides.listTables = async () => {
      throw new TypeError('boom');
    };
    const { text, result } = await collect(session(backend), 'list');
    expect(result.ok).toBe(false);
    expect(text).toBe(
      `TABLE\n\nERROR: boom\n\nFor usage try 'help "list"'\n\nTook 0.0000 seconds\n`,
    );
    expect(text).not.toContain('    at ');
  });

  it('runs one input at a time', async () => {
    const backend = new FakeBackend();
    let release = (): void => undefined;
    backend.adminOverrides.listTables = () =>
      new Promise((resolve) => (release = () => resolve([])));
    const shell = session(backend);
    const first = collect(shell, 'list');
    const second = await collect(shell, 'version');
    expect(second.text).toBe(
      'ERROR: another command is running in this session; wait for it or interrupt it\n',
    );
    expect(second.result.ok).toBe(false);
    release();
    expect((await first).result.ok).toBe(true);
    expect((await collect(shell, 'version')).text).toBe('unknown\nTook 0.0000 seconds\n');
  });

  it('checks its options', () => {
    const backend = new FakeBackend();
    expect(() => session(backend, { terminalWidthChars: 3 })).toThrow(/terminal width is 3/);
    expect(() => session(backend, { timeZone: 'Mars/Olympus' })).toThrow(/time zone Mars\/Olympus/);
    expect(() => session(backend, { outputRowsMax: 0 })).toThrow(/outputRowsMax is 0/);
    const shell = session(backend);
    expect(shell.prompt()).toBe('colonnade:001:0> ');
    shell.setTerminalWidth(null);
    expect(() => shell.setTerminalWidth(1e9)).toThrow(/terminal width/);
  });
});

describe('the filter language through the shell', () => {
  const cases = [
    "PrefixFilter ('Row') AND PageFilter (1) AND FirstKeyOnlyFilter ()",
    "(RowFilter (=, 'binary:Row 1') AND TimestampsFilter (74689, 89734)) OR ColumnRangeFilter ('abc', true, 'xyz', false)",
    "PrefixFilter('a') AND SKIP ValueFilter(=, 'binary:x') OR KeyOnlyFilter()",
    "WHILE RowFilter(<, 'binaryprefix:m') AND QualifierFilter(=, 'regexstring:^q[0-9]+$')",
    "SingleColumnValueFilter('f', 'q', =, 'substring:abc', true, false)",
    "(QualifierFilter (>=, 'binary:xyz')) AND (TimestampsFilter ( 123, 456))",
  ];

  it.each(cases)('scan passes %s to the Scan as parseFilter reads it', async (filter) => {
    const backend = new FakeBackend();
    backend.tables.set('t', {});
    const { result } = await collect(session(backend), `scan 't', {FILTER => "${filter}"}`);
    expect(result.ok).toBe(true);
    expect(backend.scans[0]?.getFilter()).toEqual(parseFilter(filter));
  });

  it('get takes FILTER, count adds FirstKeyOnlyFilter to it', async () => {
    const backend = new FakeBackend();
    backend.tables.set('t', {});
    await collect(session(backend), `get 't', 'r', {FILTER => "ValueFilter(=, 'binary:abc')"}`);
    expect(backend.gets[0]?.getFilter()).toEqual(parseFilter("ValueFilter(=, 'binary:abc')"));
    await collect(session(backend), `count 't', FILTER => "PrefixFilter('r')"`);
    expect(backend.scans[0]?.getFilter()).toEqual({
      type: 'FilterList',
      op: 'MUST_PASS_ALL',
      filters: [parseFilter("PrefixFilter('r')"), { type: 'FirstKeyOnlyFilter' }],
    });
    expect(backend.scans[0]?.getCaching()).toBe(10);
    expect(backend.scans[0]?.getCacheBlocks()).toBe(false);
  });

  it('refuses unknown filters, unbalanced parentheses and non-string filters by name', async () => {
    const backend = new FakeBackend();
    backend.tables.set('t', {});
    const shell = session(backend);
    const unknown = await collect(shell, `scan 't', {FILTER => "TimeStampsFilter (1, 2)"}`);
    expect(unknown.text).toContain('\nERROR: Filter Name TimeStampsFilter not supported');
    const unbalanced = await collect(shell, `scan 't', {FILTER => "(PrefixFilter('a')"}`);
    expect(unbalanced.text).toMatch(/\nERROR: .*parenthes/i);
    const notString = await collect(shell, `scan 't', {FILTER => 5}`);
    expect(notString.text).toContain('\nERROR: FILTER must be a filter-language String, got 5\n');
    expect(backend.scans).toHaveLength(0);
  });
});

describe('errors with the full usage', () => {
  it('print the command help after the error when asked, as HBase 1.x did', async () => {
    const backend = new FakeBackend();
    const { text } = await collect(session(backend, { usageOnError: 'full' }), 'describe');
    expect(text).toBe(
      '\nERROR: wrong number of arguments (given 0, expected 1)\n\nHere is some help for this command:\n' +
        "Describe the named table. For example:\n  colonnade> describe 't1'\n  colonnade> describe 'ns1:t1'\n\n" +
        "Alternatively, you can use the abbreviated 'desc' for the same thing.\n  colonnade> desc 't1'\n" +
        "  colonnade> desc 'ns1:t1'\n\nTook 0.0000 seconds\n",
    );
  });
});
