// `colonnade fs` in-process against a block filesystem of real processes (a namenode and three
// datanodes): ls, mkdir, put, get, cat, mv, stat, rm, fsck and report, and failing commands.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../src/cli/main.js';
import { DfsProcessCluster, waitFor } from '../support/dfs-processes.js';

let cluster: DfsProcessCluster;
const local = mkdtempSync(join(tmpdir(), 'colonnade-fs-cli-'));

beforeAll(async () => {
  cluster = await DfsProcessCluster.start(3);
  await waitFor(
    'three live datanodes',
    async () => {
      const { out } = await fs('report');
      return out.includes('Live datanodes: 3') && out.includes('Safe mode is OFF')
        ? true
        : undefined;
    },
    30_000,
  );
}, 60_000);

afterAll(async () => {
  await cluster.stop();
  rmSync(local, { recursive: true, force: true });
});

async function fs(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: {
      write: (t: string | Uint8Array) =>
        (out += typeof t === 'string' ? t : Buffer.from(t).toString()),
    },
    stderr: { write: (t: string | Uint8Array) => (err += String(t)) },
  };
  const code = await main(
    ['node', 'colonnade', 'fs', '--namenode', cluster.namenode.address, ...args],
    io,
  );
  return { code, out, err };
}

describe('colonnade fs', () => {
  it('copies files in and out, lists, moves, stats and removes them', async () => {
    const source = join(local, 'hello.txt');
    writeFileSync(source, 'hello, colonnade\n');
    expect((await fs('mkdir', '-p', '/user/ada')).code).toBe(0);
    expect((await fs('put', source, '/user/ada/')).code).toBe(0);
    const ls = await fs('ls', '/user/ada');
    expect(ls.out).toMatch(
      /^Found 1 items\n- {3}3 +17 \d{4}-\d\d-\d\d \d\d:\d\d \/user\/ada\/hello.txt\n$/,
    );
    expect((await fs('cat', '/user/ada/hello.txt')).out).toBe('hello, colonnade\n');
    expect((await fs('mv', '/user/ada/hello.txt', '/user/ada/hi.txt')).code).toBe(0);
    const copy = join(local, 'copy.txt');
    expect((await fs('get', '/user/ada/hi.txt', copy)).code).toBe(0);
    expect(readFileSync(copy, 'utf8')).toBe('hello, colonnade\n');
    const stat = await fs('stat', '/user/ada/hi.txt');
    expect(stat.out).toContain('length: 17');
    expect(stat.out).toContain('replication: 3');
    const fsck = await fs('fsck', '/user');
    expect(fsck.out).toContain("The filesystem under path '/user' is HEALTHY");
    expect(fsck.out).toContain(' Total files:\t1');
    expect((await fs('rm', '-r', '/user/ada')).code).toBe(0);
    expect((await fs('ls', '/user')).out).toBe('Found 0 items\n');
  });

  it('reports datanodes', async () => {
    const report = await fs('report');
    expect(report.code).toBe(0);
    expect(report.out).toContain('Live datanodes: 3');
    expect(report.out).toContain('Dead datanodes: 0');
  });

  it('fails with a code on bad paths, missing files and existing targets', async () => {
    const missing = await fs('cat', '/no/such/file');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^colonnade: FileNotFound: /);
    const bad = await fs('mkdir', '-p', '/a/../b');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^colonnade: InvalidPath: /);
    const source = join(local, 'twice.txt');
    writeFileSync(source, 'x');
    expect((await fs('put', source, '/twice')).code).toBe(0);
    const again = await fs('put', source, '/twice');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^colonnade: FileAlreadyExists: /);
    expect((await fs('put', '-f', source, '/twice')).code).toBe(0);
    expect((await fs('rm', '/nothing-here')).code).toBe(1);
    expect((await fs('mkdir', '/twice')).err).toMatch(/^colonnade: FileAlreadyExists: /);
  });
});
