// Golden output of the data commands (put, get, scan, count, delete, deleteall, incr,
// get_counter, append) and the region tools (flush, compact, split, merge_region, move, balancer)
// against a real in-process cluster, with explicit timestamps so every cell line is stable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilterParseError, parseFilter } from '../../src/common/filter/index.js';
import type { ShellSession } from '../../src/shell/index.js';
import { lines, run, ShellCluster } from './support/shell-cluster.js';

let cluster: ShellCluster;
let shell: ShellSession;
beforeAll(async () => {
  cluster = await ShellCluster.start();
  shell = cluster.session();
  await run(shell, `create 'test', {NAME => 'cf', VERSIONS => 3}; create 'other', 'f'`);
}, 60_000);
afterAll(() => cluster.stop(), 60_000);

async function expectOutput(input: string, expected: string, ok = true): Promise<void> {
  const { text, result } = await run(shell, input);
  expect(text).toBe(expected);
  expect(result.ok).toBe(ok);
}

const TOOK = 'Took 0.0000 seconds';
const T1 = Date.UTC(2021, 3, 6, 18, 54, 2, 733);
const T2 = Date.UTC(2021, 3, 6, 18, 54, 9, 737);
const T3 = Date.UTC(2021, 3, 6, 18, 54, 15, 259);
const errorBlock = (message: string, command: string): string[] => [
  '',
  `ERROR: ${message}`,
  '',
  `For usage try 'help "${command}"'`,
  '',
  TOOK,
];

/** The message the filter-language parser gives for `text`. */
function filterError(text: string): string {
  try {
    parseFilter(text);
  } catch (error) {
    if (error instanceof FilterParseError) return error.message;
  }
  throw new Error(`${text} parsed`);
}

describe('put, get and scan', () => {
  it('print the transcripts of hbase-features.md §5.2', async () => {
    await expectOutput(`put 'test', 'row1', 'cf:a', 'value1', ${T1}`, lines(TOOK));
    await run(
      shell,
      `put 'test', 'row2', 'cf:b', 'value2', ${T2}; put 'test', 'row3', 'cf:c', 'value3', ${T3}`,
    );
    await expectOutput(
      `scan 'test'`,
      lines(
        'ROW                         COLUMN+CELL',
        ' row1                       column=cf:a, timestamp=2021-04-06T18:54:02.733, value=value1',
        ' row2                       column=cf:b, timestamp=2021-04-06T18:54:09.737, value=value2',
        ' row3                       column=cf:c, timestamp=2021-04-06T18:54:15.259, value=value3',
        '3 row(s)',
        TOOK,
      ),
    );
    await expectOutput(
      `get 'test','row1'`,
      lines(
        'COLUMN                      CELL',
        ' cf:a                       timestamp=2021-04-06T18:54:02.733, value=value1',
        '1 row(s)',
        TOOK,
      ),
    );
    await expectOutput(
      `get 'test', 'nothing'`,
      lines('COLUMN                      CELL', '0 row(s)', TOOK),
    );
  });

  it('escape binary bytes as toStringBinary and count rows, not cells', async () => {
    await run(
      shell,
      `put 'test', "bin\\x00\\xff", 'cf:q', "\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x01", 1000\n` +
        `put 'test', "bin\\x00\\xff", "cf:\\x7f", 'two', 2000`,
    );
    await expectOutput(
      `scan 'test', {STARTROW => 'bin', STOPROW => 'bio'}`,
      lines(
        'ROW                         COLUMN+CELL',
        ' bin\\x00\\xFF                column=cf:q, timestamp=1970-01-01T00:00:01, value=\\x00\\x00\\x00\\x00\\x00\\x00\\x',
        '                            00\\x01',
        ' bin\\x00\\xFF                column=cf:\\x7F, timestamp=1970-01-01T00:00:02, value=two',
        '1 row(s)',
        TOOK,
      ),
    );
    await expectOutput(
      `get 'test', "bin\\x00\\xFF", {COLUMN => 'cf:q:toLong'}`,
      lines(
        'COLUMN                      CELL',
        ' cf:q                       timestamp=1970-01-01T00:00:01, value=1',
        '1 row(s)',
        TOOK,
      ),
    );
  });

  it('read versions, time ranges and columns', async () => {
    await run(
      shell,
      `put 'test', 'row1', 'cf:a', 'older', ${T1 - 1000}; put 'test', 'row1', 'cf:z', 'zed', ${T1}`,
    );
    const head = 'COLUMN                      CELL';
    await expectOutput(
      `get 'test', 'row1', {COLUMN => 'cf:a', VERSIONS => 3}`,
      lines(
        head,
        ' cf:a                       timestamp=2021-04-06T18:54:02.733, value=value1',
        ' cf:a                       timestamp=2021-04-06T18:54:01.733, value=older',
        '1 row(s)',
        TOOK,
      ),
    );
    await expectOutput(
      `get 'test', 'row1', {COLUMN => 'cf:a', TIMESTAMP => ${T1 - 1000}}`,
      lines(
        head,
        ' cf:a                       timestamp=2021-04-06T18:54:01.733, value=older',
        '1 row(s)',
        TOOK,
      ),
    );
    await expectOutput(
      `get 'test', 'row1', {TIMERANGE => [${T1 - 1000}, ${T1}], VERSIONS => 2}`,
      lines(
        head,
        ' cf:a                       timestamp=2021-04-06T18:54:01.733, value=older',
        '1 row(s)',
        TOOK,
      ),
    );
    await expectOutput(
      `get 'test', 'row1', 'cf:z', 'cf:nothing'`,
      lines(
        head,
        ' cf:z                       timestamp=2021-04-06T18:54:02.733, value=zed',
        '1 row(s)',
        TOOK,
      ),
    );
    await expectOutput(
      `get 'test', 'row1', ['cf:z'], {MAXLENGTH => 5}`,
      lines(
        head,
        ...errorBlock('column must be a String or a number, got {MAXLENGTH => 5}', 'get'),
      ),
      false,
    );
    await expectOutput(
      `get 'test', 'row1', {COLUMNS => ['cf:z'], MAXLENGTH => 12, FORMATTER => 'toString'}`,
      lines(head, ' cf:z                       timestamp=20', '1 row(s)', TOOK),
    );
  });

  it('scan with LIMIT, STARTROW, STOPROW, REVERSED, COLUMNS, ROWPREFIXFILTER and FILTER', async () => {
    const head = 'ROW                         COLUMN+CELL';
    const row2 =
      ' row2                       column=cf:b, timestamp=2021-04-06T18:54:09.737, value=value2';
    const row3 =
      ' row3                       column=cf:c, timestamp=2021-04-06T18:54:15.259, value=value3';
    await expectOutput(
      `scan 'test', {STARTROW => 'row2', LIMIT => 1}`,
      lines(head, row2, '1 row(s)', TOOK),
    );
    await expectOutput(
      `scan 'test', {STARTROW => 'row2', STOPROW => 'row3'}`,
      lines(head, row2, '1 row(s)', TOOK),
    );
    await expectOutput(
      `scan 'test', {REVERSED => true, LIMIT => 2}`,
      lines(head, row3, row2, '2 row(s)', TOOK),
    );
    await expectOutput(`scan 'test', {COLUMNS => ['cf:c']}`, lines(head, row3, '1 row(s)', TOOK));
    await expectOutput(
      `scan 'test', {ROWPREFIXFILTER => 'row3'}`,
      lines(head, row3, '1 row(s)', TOOK),
    );
    await expectOutput(
      `scan 'test', {FILTER => "ValueFilter(=, 'binary:value2') OR ValueFilter(=, 'substring:LUE3')"}`,
      lines(head, row2, row3, '2 row(s)', TOOK),
    );
    await expectOutput(
      `scan 'test', FILTER => "PrefixFilter('row') AND QualifierFilter(>=, 'binary:b')", COLUMNS => 'cf'`,
      lines(
        head,
        ' row1                       column=cf:z, timestamp=2021-04-06T18:54:02.733, value=zed',
        row2,
        row3,
        '3 row(s)',
        TOOK,
      ),
    );
    await expectOutput(
      `scan 'test', {FILTER => "NoSuchFilter('x')"}`,
      lines(head, ...errorBlock(filterError("NoSuchFilter('x')"), 'scan')),
      false,
    );
  });

  it('wraps long cells at the terminal width, and not at all without one', async () => {
    const value = 'v'.repeat(100);
    await run(shell, `put 'other', 'long', 'f:q', '${value}', 5`);
    const text = `column=f:q, timestamp=1970-01-01T00:00:00.005, value=${value}`;
    await expectOutput(
      `scan 'other'`,
      lines(
        'ROW                         COLUMN+CELL',
        ` long                       ${text.slice(0, 76)}`,
        `                            ${text.slice(76, 152)}`,
        `                            ${text.slice(152)}`,
        '1 row(s)',
        TOOK,
      ),
    );
    const plain = await run(cluster.session({ terminalWidthChars: null }), `scan 'other'`);
    expect(plain.text).toBe(lines('ROW  COLUMN+CELL', ` long ${text}`, '1 row(s)', TOOK));
  });
});

describe('count, delete, deleteall', () => {
  it('count shows progress every INTERVAL rows and echoes the count', async () => {
    const puts = Array.from(
      { length: 25 },
      (_, i) => `put 'other', 'k${String(i).padStart(2, '0')}', 'f:q', 'v', 9`,
    );
    await run(shell, puts.join('\n'));
    await expectOutput(
      `count 'other', INTERVAL => 10, CACHE => 3`,
      lines(
        'Current count: 10, row: k09',
        'Current count: 20, row: k19',
        '26 row(s)',
        TOOK,
        '=> 26',
      ),
    );
    await expectOutput(`count 'other', 100`, lines('26 row(s)', TOOK, '=> 26'));
    await expectOutput(
      `count 'other', {FILTER => "PrefixFilter('k1')"}`,
      lines('10 row(s)', TOOK, '=> 10'),
    );
    await expectOutput(
      `count 'other', STARTROW => 'k2', STOPROW => 'k22'`,
      lines('2 row(s)', TOOK, '=> 2'),
    );
  });

  it('delete writes a DeleteColumn marker that RAW scans show', async () => {
    await expectOutput(`delete 'test', 'row2', 'cf:b', ${T2}`, lines(TOOK));
    await expectOutput(
      `scan 'test', {RAW => true, VERSIONS => 3, STARTROW => 'row2', STOPROW => 'row3'}`,
      lines(
        'ROW                         COLUMN+CELL',
        ' row2                       column=cf:b, timestamp=2021-04-06T18:54:09.737, type=DeleteColumn',
        ' row2                       column=cf:b, timestamp=2021-04-06T18:54:09.737, value=value2',
        '1 row(s)',
        TOOK,
      ),
    );
    await expectOutput(
      `get 'test', 'row2'`,
      lines('COLUMN                      CELL', '0 row(s)', TOOK),
    );
  });

  it('deleteall removes a column, a row, or every row with a prefix', async () => {
    const head = 'ROW                         COLUMN+CELL';
    await expectOutput(`deleteall 'test', 'row1', 'cf:z'`, lines(TOOK));
    await expectOutput(
      `scan 'test', {STARTROW => 'row1', STOPROW => 'row2'}`,
      lines(
        head,
        ' row1                       column=cf:a, timestamp=2021-04-06T18:54:02.733, value=value1',
        '1 row(s)',
        TOOK,
      ),
    );
    await expectOutput(`deleteall 'test', 'row1'`, lines(TOOK));
    await expectOutput(`deleteall 'other', {ROWPREFIXFILTER => 'k1'}`, lines(TOOK));
    await expectOutput(`count 'other'`, lines('16 row(s)', TOOK, '=> 16'));
    await expectOutput(
      `scan 'test', {STARTROW => 'row', STOPROW => 'rox'}`,
      lines(
        head,
        ' row3                       column=cf:c, timestamp=2021-04-06T18:54:15.259, value=value3',
        '1 row(s)',
        TOOK,
      ),
    );
  });
});

describe('counters and append', () => {
  it('incr and get_counter print COUNTER VALUE', async () => {
    await expectOutput(`incr 'test', 'cnt', 'cf:hits'`, lines('COUNTER VALUE = 1', TOOK));
    await expectOutput(`incr 'test', 'cnt', 'cf:hits', 10`, lines('COUNTER VALUE = 11', TOOK));
    await expectOutput(`incr 'test', 'cnt', 'cf:hits', -12`, lines('COUNTER VALUE = -1', TOOK));
    await expectOutput(`get_counter 'test', 'cnt', 'cf:hits'`, lines('COUNTER VALUE = -1', TOOK));
    await expectOutput(
      `get_counter 'test', 'cnt', 'cf:none'`,
      lines('No counter found at specified coordinates', TOOK),
    );
    await expectOutput(
      `incr 'test', 'cnt', 'cf'`,
      lines(
        ...errorBlock('Failed to provide both column family and column qualifier for incr', 'incr'),
      ),
      false,
    );
    await run(shell, `put 'test', 'cnt', 'cf:text', 'abc', 1`);
    await expectOutput(
      `get_counter 'test', 'cnt', 'cf:text'`,
      lines(
        ...errorBlock('offset (0) + length (8) exceed the capacity of the array: 3', 'get_counter'),
      ),
      false,
    );
  });

  it('append prints CURRENT VALUE', async () => {
    await expectOutput(`append 'test', 'app', 'cf:s', 'ab'`, lines('CURRENT VALUE = ab', TOOK));
    await expectOutput(
      `append 'test', 'app', 'cf:s', "\x00cd"`,
      lines('CURRENT VALUE = ab\\x00cd', TOOK),
    );
  });
});

describe('region tools', () => {
  it('flush, compact, major_compact, split, merge_region, move and balancer', async () => {
    await expectOutput(`flush 'other'`, lines(TOOK));
    await expectOutput(`compact 'other'`, lines(TOOK));
    await expectOutput(`major_compact 'other'`, lines(TOOK));
    await expectOutput(
      `flush 'other', 'f'`,
      lines(
        ...errorBlock(
          'flush of one column family is not supported; flush the whole table',
          'flush',
        ),
      ),
      false,
    );
    await expectOutput(`split 'other', 'k2'`, lines(TOOK));
    await expectOutput(
      `get_splits 'other'`,
      lines('Total number of splits = 2', 'k2', TOOK, '=> ["k2"]'),
    );
    const regions = await cluster.connection.getAdmin().getRegions('other');
    const [left, right] = regions.map((r) => r.region);
    await expectOutput(`move '${left}', '${regions[0]?.server}'`, lines(TOOK));
    await expectOutput(
      `move 'nowhere'`,
      lines(...errorBlock('Unknown region nowhere!', 'move')),
      false,
    );
    await expectOutput(`merge_region '${left}', '${right}'`, lines(TOOK));
    await expectOutput(
      `get_splits 'other'`,
      lines('Total number of splits = 1', '', TOOK, '=> []'),
    );
    await expectOutput(`count 'other'`, lines('16 row(s)', TOOK, '=> 16'));
    await expectOutput('balancer', lines('true', TOOK, '=> true'));
    await expectOutput(
      `balancer 'now'`,
      lines(...errorBlock('Invalid argument now.', 'balancer')),
      false,
    );
  });
});
