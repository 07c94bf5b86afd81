// `cluster up/down` refusing bad input (usage errors exit 2 naming the value; no cluster: exit 1),
// and `up` rolling back when a daemon fails: every pid it started is stopped, the failing role
// and the end of its log are reported.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  allDaemons,
  ClusterStartError,
  clusterUp,
  readClusterFile,
} from '../../src/cluster/index.js';
import { colonnade, requireBuild, ROOT, TempDirs, waitGone } from './support.js';

describe('colonnade cluster: bad input', () => {
  const dirs = new TempDirs();
  afterEach(() => dirs.cleanUp(), 60_000);

  it('refuses bad counts and missing flags as usage errors (exit 2)', async () => {
    const dir = dirs.make();
    for (const bad of ['0', 'abc', '-1', '1.5', '33']) {
      const run = await colonnade('cluster', 'up', '--dir', dir, '--regionservers', bad);
      expect(run.code, bad).toBe(2);
      expect(run.stderr).toContain(bad);
      expect(run.stderr).toMatch(/regionservers|regionServers/);
    }
    const coordinators = await colonnade('cluster', 'up', '--dir', dir, '--coordinators', '8');
    expect(coordinators.code).toBe(2);
    expect(coordinators.stderr).toContain('8');
    expect((await colonnade('cluster', 'up')).code).toBe(2);
    expect((await colonnade('cluster', 'down')).code).toBe(2);
    expect((await colonnade('cluster')).code).toBe(2);
    expect((await colonnade('cluster', 'sideways', '--dir', dir)).code).toBe(2);
    expect((await colonnade('cluster', 'up', '--dir', dir, '--bogus')).code).toBe(2);
    expect(readClusterFile(dir)).toBeUndefined();
  });

  it('says so when there is no cluster to stop (exit 1)', async () => {
    const dir = dirs.make();
    const run = await colonnade('cluster', 'down', '--dir', dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/NoCluster: no cluster in .*cluster\.json does not exist/);
  });

  it('refuses a cluster.json that is not one', async () => {
    const dir = dirs.make();
    writeFileSync(join(dir, 'cluster.json'), '{"version": 7}');
    for (const verb of ['up', 'down']) {
      const run = await colonnade('cluster', verb, '--dir', dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/InvalidClusterFile: .* version is 7/);
    }
  });
});

describe('colonnade cluster up: a daemon that fails', () => {
  const dirs = new TempDirs();
  beforeAll(requireBuild);
  afterEach(() => dirs.cleanUp(), 60_000);

  it('stops what it started and reports the failing role with its log', async () => {
    // A `colonnade` that runs the real one, except that its namenode fails at once.
    const fake = dirs.make('colonnade-fake-bin-');
    mkdirSync(fake, { recursive: true });
    writeFileSync(join(fake, 'package.json'), '{"type": "module"}');
    const real = new URL(`file://${join(ROOT, 'bin', 'colonnade')}`).href;
    const script = [
      "if (process.argv[2] === 'namenode') {",
      "  console.error('namenode: disk on fire');",
      '  process.exit(3);',
      '}',
      `await import(${JSON.stringify(real)});`,
    ].join('\n');
    writeFileSync(join(fake, 'colonnade'), script);

    const dir = dirs.make();
    const counts = { coordinators: 1, datanodes: 1, masters: 1, regionServers: 1 };
    const failure = await clusterUp({ dir, ...counts, bin: join(fake, 'colonnade') }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ClusterStartError);
    const message = (failure as Error).message;
    expect(message).toMatch(/^namenode-1 exited \(code 3\) before it served/);
    expect(message).toContain('namenode: disk on fire');
    const file = readClusterFile(dir);
    expect(file?.state).toBe('stopped');
    const started = file === undefined ? [] : allDaemons(file);
    expect(started.map(({ role }) => role)).toEqual(['coord', 'namenode']);
    await waitGone(started.map(({ daemon }) => daemon.pid));
  }, 60_000);
});
