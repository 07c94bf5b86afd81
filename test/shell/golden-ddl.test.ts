// Golden output of the table, namespace and general commands against a real in-process cluster,
// character for character as HBase 2.x prints them (hbase-features.md §5.2), with a still clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShellSession } from '../../src/shell/index.js';
import { lines, run, ShellCluster } from './support/shell-cluster.js';

let cluster: ShellCluster;
let shell: ShellSession;
beforeAll(async () => {
  cluster = await ShellCluster.start();
  shell = cluster.session();
}, 60_000);
afterAll(() => cluster.stop(), 60_000);

async function expectOutput(input: string, expected: string, ok = true): Promise<void> {
  const { text, result } = await run(shell, input);
  expect(text).toBe(expected);
  expect(result.ok).toBe(ok);
}

const FAMILY_F1 =
  "{NAME => 'f1', BLOOMFILTER => 'ROW', IN_MEMORY => 'false', VERSIONS => '1', KEEP_DELETED_CELLS => 'FALSE" +
  "', DATA_BLOCK_ENCODING => 'NONE', COMPRESSION => 'NONE', TTL => 'FOREVER', MIN_VERSIONS => '0', BLOCKCAC" +
  "HE => 'true', BLOCKSIZE => '65536', REPLICATION_SCOPE => '0'}";

describe('ddl commands', () => {
  it('create, list and exists', async () => {
    await expectOutput(
      `create 'users', 'f1'`,
      lines('Created table users', 'Took 0.0000 seconds', '=> Hbase::Table - users'),
    );
    await expectOutput(
      `create 'ns_less', {NAME => 'a', VERSIONS => 3, TTL => '1 DAY', BLOOMFILTER => 'ROWCOL', ` +
        `COMPRESSION => 'GZ', 'FOO' => 1}, SPLITS => ['g', 'n'], OWNER => 'me'`,
      lines(
        'Argument ignored for column family a: COMPRESSION (Colonnade keeps only NONE)',
        'Unknown argument ignored for column family a: FOO',
        'Unknown argument ignored: OWNER',
        'Created table ns_less',
        'Took 0.0000 seconds',
        '=> Hbase::Table - ns_less',
      ),
    );
    await expectOutput(
      'list',
      lines(
        'TABLE',
        'ns_less',
        'users',
        '2 row(s)',
        'Took 0.0000 seconds',
        '=> ["ns_less", "users"]',
      ),
    );
    await expectOutput(
      `list 'u.*'`,
      lines('TABLE', 'users', '1 row(s)', 'Took 0.0000 seconds', '=> ["users"]'),
    );
    await expectOutput(
      `exists 'users'`,
      lines('Table users does exist', 'Took 0.0000 seconds', '=> true'),
    );
    await expectOutput(
      `exists 'nope'`,
      lines('Table nope does not exist', 'Took 0.0000 seconds', '=> false'),
    );
    await expectOutput(
      `get_splits 'ns_less'`,
      lines('Total number of splits = 3', 'g', 'n', 'Took 0.0000 seconds', '=> ["g", "n"]'),
    );
    await expectOutput(
      `get_splits 'users'`,
      lines('Total number of splits = 1', '', 'Took 0.0000 seconds', '=> []'),
    );
  });

  it('describe, with family attributes and table attributes', async () => {
    await expectOutput(
      `describe 'users'`,
      lines(
        'Table users is ENABLED',
        'users',
        'COLUMN FAMILIES DESCRIPTION',
        ...FAMILY_F1.match(/.{1,104}/g)!,
        '',
        '1 row(s)',
        'Quota is disabled',
        'Took 0.0000 seconds',
      ),
    );
    const wide = cluster.session({ terminalWidthChars: null });
    await run(wide, `alter 'ns_less', MAX_FILESIZE => '134217728', DURABILITY => 'ASYNC_WAL'`);
    const { text } = await run(wide, `desc 'ns_less'`);
    expect(text).toBe(
      lines(
        'Table ns_less is ENABLED',
        "ns_less, {TABLE_ATTRIBUTES => {DURABILITY => 'ASYNC_WAL', MAX_FILESIZE => '134217728'}}",
        'COLUMN FAMILIES DESCRIPTION',
        "{NAME => 'a', BLOOMFILTER => 'ROWCOL', IN_MEMORY => 'false', VERSIONS => '3', KEEP_DELETED_CELLS => 'FALSE', " +
          "DATA_BLOCK_ENCODING => 'NONE', COMPRESSION => 'NONE', TTL => '86400 SECONDS (1 DAY)', MIN_VERSIONS => '0', " +
          "BLOCKCACHE => 'true', BLOCKSIZE => '65536', REPLICATION_SCOPE => '0'}",
        '',
        '1 row(s)',
        'Quota is disabled',
        'Took 0.0000 seconds',
      ),
    );
  });

  it('alter adds, changes and deletes families and unsets attributes', async () => {
    const updated = [
      'Updating all regions with the new schema...',
      '1/1 regions updated.',
      'Done.',
    ];
    await expectOutput(
      `alter 'users', {NAME => 'f2', VERSIONS => 2}, {NAME => 'f1', IN_MEMORY => true}`,
      lines(...updated, ...updated, 'Took 0.0000 seconds'),
    );
    await expectOutput(`alter 'users', 'delete' => 'f2'`, lines(...updated, 'Took 0.0000 seconds'));
    await expectOutput(
      `alter 'ns_less', METHOD => 'table_att_unset', NAME => ['MAX_FILESIZE', 'DURABILITY']`,
      lines(
        'Updating all regions with the new schema...',
        '3/3 regions updated.',
        'Done.',
        'Took 0.0000 seconds',
      ),
    );
    const wide = cluster.session({ terminalWidthChars: null });
    const { text } = await run(wide, `describe 'users'; describe 'ns_less'`);
    expect(text).toContain("{NAME => 'f1', BLOOMFILTER => 'ROW', IN_MEMORY => 'true',");
    expect(text).not.toContain("NAME => 'f2'");
    expect(text).not.toContain('TABLE_ATTRIBUTES');
    await expectOutput(
      `alter 'users', NAME => 'f1', METHOD => 'delete'`,
      lines(
        '',
        "ERROR: Family 'f1' is the only column family in the table, so it cannot be deleted",
        '',
        `For usage try 'help "alter"'`,
        '',
        'Took 0.0000 seconds',
      ),
      false,
    );
  });

  it('disable, enable, is_enabled, is_disabled and drop', async () => {
    await expectOutput(
      `create 'gone', 'f'`,
      lines('Created table gone', 'Took 0.0000 seconds', '=> Hbase::Table - gone'),
    );
    const errorBlock = (message: string, command: string): string[] => [
      '',
      `ERROR: ${message}`,
      '',
      `For usage try 'help "${command}"'`,
      '',
      'Took 0.0000 seconds',
    ];
    await expectOutput(
      `drop 'gone'`,
      lines(...errorBlock('Table gone is enabled. Disable it first.', 'drop')),
      false,
    );
    await expectOutput(`is_enabled 'gone'`, lines('true', 'Took 0.0000 seconds', '=> true'));
    await expectOutput(`disable 'gone'`, lines('Took 0.0000 seconds'));
    await expectOutput(
      `disable 'gone'`,
      lines(...errorBlock('Table gone is disabled!', 'disable')),
      false,
    );
    await expectOutput(`is_disabled 'gone'`, lines('true', 'Took 0.0000 seconds', '=> true'));
    await expectOutput(
      `describe 'gone'`,
      lines(
        'Table gone is DISABLED',
        'gone',
        'COLUMN FAMILIES DESCRIPTION',
        ...FAMILY_F1.replace("'f1'", "'f'").match(/.{1,104}/g)!,
        '',
        '1 row(s)',
        'Quota is disabled',
        'Took 0.0000 seconds',
      ),
    );
    await expectOutput(`enable 'gone'`, lines('Took 0.0000 seconds'));
    await expectOutput(`is_disabled 'gone'`, lines('false', 'Took 0.0000 seconds', '=> false'));
    await expectOutput(
      `disable 'gone'; drop 'gone'`,
      lines('Took 0.0000 seconds', 'Took 0.0000 seconds'),
    );
    await expectOutput(
      `drop 'gone'`,
      lines(...errorBlock('Table gone does not exist.', 'drop')),
      false,
    );
    await expectOutput(
      `enable 'gone'`,
      lines(...errorBlock('Table gone does not exist.', 'enable')),
      false,
    );
    await expectOutput(
      `is_enabled 'gone'`,
      lines(...errorBlock('Unknown table gone!', 'is_enabled')),
      false,
    );
  });

  it('truncate and truncate_preserve', async () => {
    await run(shell, `put 'ns_less', 'r', 'a:q', 'v'`);
    const truncating = (table: string): string =>
      `Truncating '${table}' table (it may take a while):`;
    await expectOutput(
      `truncate_preserve 'ns_less'`,
      lines(
        truncating('ns_less'),
        'Disabling table...',
        'Truncating table...',
        'Took 0.0000 seconds',
      ),
    );
    await expectOutput(`count 'ns_less'`, lines('0 row(s)', 'Took 0.0000 seconds', '=> 0'));
    await expectOutput(
      `get_splits 'ns_less'`,
      lines('Total number of splits = 3', 'g', 'n', 'Took 0.0000 seconds', '=> ["g", "n"]'),
    );
    await expectOutput(`disable 'ns_less'`, lines('Took 0.0000 seconds'));
    await expectOutput(
      `truncate 'ns_less'`,
      lines(truncating('ns_less'), 'Truncating table...', 'Took 0.0000 seconds'),
    );
    await expectOutput(
      `get_splits 'ns_less'`,
      lines('Total number of splits = 1', '', 'Took 0.0000 seconds', '=> []'),
    );
  });

  it('namespaces', async () => {
    await expectOutput(`create_namespace 'ns1'`, lines('Took 0.0000 seconds'));
    await expectOutput(
      `create 'ns1:t1', 'f'`,
      lines('Created table ns1:t1', 'Took 0.0000 seconds', '=> Hbase::Table - ns1:t1'),
    );
    await expectOutput(
      `list_namespace`,
      lines('NAMESPACE', 'colonnade', 'default', 'ns1', '3 row(s)', 'Took 0.0000 seconds'),
    );
    await expectOutput(
      `list_namespace 'n.*'`,
      lines('NAMESPACE', 'ns1', '1 row(s)', 'Took 0.0000 seconds'),
    );
    await expectOutput(
      `list_namespace_tables 'ns1'`,
      lines('TABLE', 't1', '1 row(s)', 'Took 0.0000 seconds', '=> ["t1"]'),
    );
    await expectOutput(
      `list 'ns1:.*'`,
      lines('TABLE', 'ns1:t1', '1 row(s)', 'Took 0.0000 seconds', '=> ["ns1:t1"]'),
    );
    const { text, result } = await run(shell, `drop_namespace 'ns1'`);
    expect(result.ok).toBe(false);
    expect(text).toMatch(
      /^\nERROR: .*ns1.*\n\nFor usage try 'help "drop_namespace"'\n\nTook 0.0000 seconds\n$/,
    );
    await expectOutput(
      `disable 'ns1:t1'; drop 'ns1:t1'; drop_namespace 'ns1'`,
      lines('Took 0.0000 seconds', 'Took 0.0000 seconds', 'Took 0.0000 seconds'),
    );
    await expectOutput(
      `drop_namespace 'ns1'`,
      lines(
        '',
        'ERROR: Unknown namespace ns1!',
        '',
        `For usage try 'help "drop_namespace"'`,
        '',
        'Took 0.0000 seconds',
      ),
      false,
    );
    await expectOutput(
      `list_namespace_tables 'ns1'`,
      lines(
        'TABLE',
        '',
        'ERROR: Unknown namespace ns1!',
        '',
        `For usage try 'help "list_namespace_tables"'`,
        '',
        'Took 0.0000 seconds',
      ),
      false,
    );
  });
});

describe('general commands', () => {
  it('status in its three forms', async () => {
    await expectOutput(
      'status',
      lines(
        '1 active master, 0 backup masters, 1 servers, 0 dead, 3.0000 average load',
        'Took 0.0000 seconds',
      ),
    );
    const normalise = (text: string): string =>
      text
        .replace(/\d+\.\d+\.\d+\.\d+:\d+ \d+/g, 'HOST:PORT STARTCODE')
        .replace(/requestsPerSecond=\d+\.\d/, 'requestsPerSecond=R')
        .replace(/SizeMB=\d+/g, 'SizeMB=S');
    const simple = await run(shell, `status 'simple'`);
    expect(normalise(simple.text)).toBe(
      lines(
        'active master:  HOST:PORT STARTCODE',
        '0 backup masters',
        '1 live servers',
        '    HOST:PORT STARTCODE',
        '        requestsPerSecond=R, numberOfOnlineRegions=3, memstoreSizeMB=S, storefileSizeMB=S',
        '0 dead servers',
        'Aggregate load: 0, regions: 3',
        'Took 0.0000 seconds',
      ),
    );
    const detailed = await run(shell, `status 'detailed'`);
    expect(detailed.text.match(/^ {8}"[0-9a-f]{32}" OPEN$/gm)).toHaveLength(3);
    await expectOutput(
      `status 'replication'`,
      lines(
        '',
        "ERROR: status 'replication' is not supported; use 'summary', 'simple' or 'detailed'",
        '',
        `For usage try 'help "status"'`,
        '',
        'Took 0.0000 seconds',
      ),
      false,
    );
  });

  it('version, whoami and show_filters', async () => {
    await expectOutput('version', lines('0.1.0', 'Took 0.0000 seconds'));
    await expectOutput(
      'whoami',
      lines('tester (auth:SIMPLE)', '    groups: tester', 'Took 0.0000 seconds'),
    );
    const { text } = await run(shell, 'show_filters');
    expect(text.split('\n')).toEqual([
      'KeyOnlyFilter',
      'FirstKeyOnlyFilter',
      'PrefixFilter',
      'ColumnPrefixFilter',
      'MultipleColumnPrefixFilter',
      'ColumnCountGetFilter',
      'PageFilter',
      'ColumnPaginationFilter',
      'InclusiveStopFilter',
      'TimestampsFilter',
      'RowFilter',
      'FamilyFilter',
      'QualifierFilter',
      'ValueFilter',
      'ColumnRangeFilter',
      'SingleColumnValueFilter',
      'SingleColumnValueExcludeFilter',
      'DependentColumnFilter',
      'ColumnValueFilter',
      'Took 0.0000 seconds',
      '',
    ]);
  });

  it('help: overview, one command, one group, an unknown name; no Took line', async () => {
    const overview = await run(shell, 'help');
    expect(overview.text).toMatch(/^Colonnade Shell, version 0\.1\.0\nType 'help "COMMAND"'/);
    expect(overview.text).toContain(
      '  Group name: ddl\n  Commands: alter, create, describe, disable, drop, enable, exists, is_disabled, is_enabled, list, list_regions, show_filters\n',
    );
    expect(overview.text).toContain('  Group name: general\n  Commands: status, version, whoami\n');
    expect(overview.text).toContain('\nSHELL USAGE:\n');
    expect(overview.text).not.toContain('Took');
    const get = await run(shell, `help 'get'`);
    expect(get.text).toMatch(/^Get row or cell contents; pass table name, row, and optionally\n/);
    expect(get.text).toContain(`  colonnade> get 't1', 'r1', {COLUMN => 'c1'}\n`);
    expect((await run(shell, `help "desc"`)).text).toMatch(/^Describe the named table/);
    const group = await run(shell, `help 'namespace'`);
    expect(group.text).toMatch(/^Command: create_namespace\nCreate namespace;/);
    expect(group.text).toContain('\n\nCommand: drop_namespace\n');
    const tools = await run(shell, `help 'tools'`);
    expect(tools.text).toMatch(
      /-{80}\n\nWARNING: Above commands are for 'experts'-only as misuse can damage an install\n$/,
    );
    const unknown = await run(shell, `help 'nothing'`);
    expect(unknown.text).toMatch(
      /^ERROR: Invalid command or command group name: nothing\n\nColonnade Shell/,
    );
    expect(unknown.text).not.toContain('SHELL USAGE');
  });

  it('list_regions shows each region with its server', async () => {
    const { text } = await run(shell, `list_regions 'users'`);
    const [head, rule, region, count, took] = text.split('\n');
    expect(head).toMatch(/^ +SERVER_NAME \| +REGION_NAME \| START_KEY \| END_KEY \| STATE \|$/);
    expect(rule).toMatch(/^( -+ \|){5}$/);
    expect(region).toMatch(
      /^ 127\.0\.0\.1,\d+,\d+ \| users,,\d+\.[0-9a-f]{32}\. \| {11}\| {9}\| OPEN  \|$/,
    );
    expect([count, took]).toEqual([' 1 rows', 'Took 0.0000 seconds']);
  });

  it('exit ends the session without a Took line', async () => {
    const { text, result } = await run(cluster.session(), 'exit; list');
    expect(text).toBe('');
    expect(result).toEqual({ ok: true, exit: true, interrupted: false });
  });
});
