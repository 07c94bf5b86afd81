// `colonnade coordctl` in-process against a real one-member coordinator: zkCli's commands and
// their output, and a failing command's code and exit status.
import { afterEach, describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../src/cli/main.js';
import { InProcessEnsemble } from '../support/coord-ensemble.js';

const ensembles: InProcessEnsemble[] = [];
afterEach(async () => {
  await Promise.all(ensembles.splice(0).map((e) => e.stop()));
});

async function run(
  coord: string,
  ...args: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
  };
  const code = await main(['node', 'colonnade', 'coordctl', '--coord', coord, ...args], io);
  return { code, out, err };
}

describe('colonnade coordctl', () => {
  it('creates, lists, reads, updates, stats and deletes znodes', async () => {
    const e = await InProcessEnsemble.start(1);
    ensembles.push(e);
    const coord = e.connectString;
    expect((await run(coord, 'create', '/tool', 'hello')).out).toBe('Created /tool\n');
    expect((await run(coord, 'create', '-s', '/tool/n-', 'x')).out).toBe(
      'Created /tool/n-0000000000\n',
    );
    expect((await run(coord, 'ls', '/tool')).out).toBe('[n-0000000000]\n');
    expect((await run(coord, 'get', '/tool')).out).toBe('hello\n');
    expect((await run(coord, 'set', '/tool', 'world', '-v', '0')).code).toBe(0);
    const stat = await run(coord, 'stat', '/tool');
    expect(stat.out).toContain('dataVersion = 1');
    expect(stat.out).toContain('numChildren = 1');
    expect(stat.out).toMatch(/^cZxid = 0x[0-9a-f]+$/m);
    const notEmpty = await run(coord, 'delete', '/tool');
    expect(notEmpty.code).toBe(1);
    expect(notEmpty.err).toMatch(/NotEmpty/);
    expect((await run(coord, 'delete', '/tool/n-0000000000')).code).toBe(0);
    expect((await run(coord, 'delete', '/tool')).code).toBe(0);
    const missing = await run(coord, 'get', '/tool');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/NoNode/);
  });

  it('waits for a change with watch', async () => {
    const e = await InProcessEnsemble.start(1);
    ensembles.push(e);
    const coord = e.connectString;
    await run(coord, 'create', '/watched', 'a');
    const watching = run(coord, 'watch', '/watched', '-t', '10000');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await run(coord, 'set', '/watched', 'b');
    const result = await watching;
    expect(result.out).toBe(
      'WatchedEvent state:SyncConnected type:NodeDataChanged path:/watched\n',
    );
  });
});
