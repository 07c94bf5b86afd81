// The data directory's lock (live holder refused, stale ones taken over, a foreign file refused)
// and endpoints.json (a round trip of any record, and the strict parser's refusals).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  parseEndpoints,
  readEndpoints,
  writeEndpoints,
  type Endpoints,
} from '../../src/cluster/standalone-endpoints.js';
import {
  StandaloneFileError,
  StandaloneRunningError,
} from '../../src/cluster/standalone-errors.js';
import { acquireLock, LOCK_FILE_NAME, readLock } from '../../src/cluster/standalone-lock.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'colonnade-standalone-files-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', '0']);
  if (run.pid === undefined) throw new Error('spawnSync gave no pid');
  return run.pid;
}

describe('the data directory lock', () => {
  it('is taken, names this process, and is removed on release', () => {
    const dir = tempDir();
    const lock = acquireLock(dir);
    expect(readLock(lock.path)?.pid).toBe(process.pid);
    lock.release();
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it('refuses a directory a live process holds, naming it; this one too', () => {
    const dir = tempDir();
    const other = acquireLock(dir, process.ppid);
    expect(() => acquireLock(dir)).toThrow(StandaloneRunningError);
    expect(() => acquireLock(dir)).toThrow(`in use by process ${process.ppid}`);
    other.release();
    const mine = acquireLock(dir);
    expect(() => acquireLock(dir)).toThrow(StandaloneRunningError);
    mine.release();
  });

  it('takes over a stale lock: its process gone, its pid reused, empty, or an earlier life', () => {
    const dir = tempDir();
    const path = join(dir, LOCK_FILE_NAME);
    const stale = [
      { pid: deadPid() },
      { pid: process.ppid, bootId: 'another-boot', startTicks: '1' },
      { pid: process.pid, bootId: 'another-boot', startTicks: '1' },
    ];
    for (const record of stale) {
      writeFileSync(path, JSON.stringify(record));
      const lock = acquireLock(dir);
      expect(readLock(path)?.pid).toBe(process.pid);
      lock.release();
    }
    writeFileSync(path, '');
    acquireLock(dir).release();
  });

  it('refuses a lock file it did not write, and release leaves another holder alone', () => {
    const dir = tempDir();
    const path = join(dir, LOCK_FILE_NAME);
    writeFileSync(path, 'not a lock');
    expect(() => acquireLock(dir)).toThrow(StandaloneFileError);
    rmSync(path);
    const lock = acquireLock(dir);
    writeFileSync(path, JSON.stringify({ pid: process.ppid }));
    lock.release();
    expect(readLock(path)?.pid).toBe(process.ppid);
  });
});

const address = fc
  .tuple(fc.constantFrom('127.0.0.1', 'localhost', '::1'), fc.integer({ min: 1, max: 65_535 }))
  .map(([host, port]) => `${host}:${port}`);
const endpoints: fc.Arbitrary<Endpoints> = fc.record({
  version: fc.constant(1 as const),
  state: fc.constantFrom('running' as const, 'stopped' as const),
  pid: fc.integer({ min: 1, max: 4_194_304 }),
  dir: fc.string({ minLength: 1 }),
  coord: address,
  namenode: address,
  master: address,
  shell: fc.option(address.map((a) => `ws://${a}/shell`)),
  rest: fc.option(address.map((a) => `http://${a}/`)),
  ui: fc.option(address.map((a) => `http://${a}/`)),
});

describe('endpoints.json', () => {
  it('reads back what was written', () => {
    const dir = tempDir();
    expect(readEndpoints(dir)).toBeUndefined();
    fc.assert(
      fc.property(endpoints, (e) => {
        writeEndpoints(dir, e);
        expect(readEndpoints(dir)).toEqual(e);
        expect(parseEndpoints(readFileSync(join(dir, 'endpoints.json'), 'utf8'), 'x')).toEqual(e);
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['an array', '[]', /not an object/],
    ['another version', '{"version":2}', /version is 2/],
    ['a bad state', '{"version":1,"state":"up"}', /state is up/],
    ['no pid', '{"version":1,"state":"running"}', /pid is undefined/],
    ['no coord', '{"version":1,"state":"running","pid":9,"dir":"/d"}', /coord is undefined/],
    ['too large', `"${'x'.repeat(70_000)}"`, /over 65536/],
  ])('refuses %s', (_what, text, message) => {
    expect(() => parseEndpoints(text, 'e.json')).toThrow(StandaloneFileError);
    expect(() => parseEndpoints(text, 'e.json')).toThrow(message);
  });
});
