// Helpers for the `cluster up/down` tests: run `colonnade` in-process with captured output, make
// and remove temp cluster dirs, and kill by pid whatever a cluster.json still lists (afterEach).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main, type CliIo } from '../../src/cli/main.js';
import { allDaemons, isOurDaemon, readClusterFile } from '../../src/cluster/index.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const GONE_WAIT_MS = 10_000;
const GONE_POLL_MS = 20;

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `colonnade ARGS...` in this process. */
export async function colonnade(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text) => (stdout += String(text)) },
    stderr: { write: (text) => (stderr += String(text)) },
  };
  const code = await main(['node', 'colonnade', ...args], io);
  return { code, stdout, stderr };
}

/** Fails early, with the fix, when the daemons' compiled code is missing. */
export function requireBuild(): void {
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'))) {
    throw new Error("dist/ is missing: run 'npm run build' (npm test does)");
  }
}

/** Temp dirs for clusters; `cleanUp` kills what they still list and removes them. */
export class TempDirs {
  readonly #dirs: string[] = [];

  make(prefix = 'colonnade-cluster-'): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    this.#dirs.push(dir);
    return dir;
  }

  /** SIGKILLs every daemon a cluster.json still lists (by pid, if still ours), removes the dirs. */
  async cleanUp(): Promise<void> {
    for (const dir of this.#dirs.splice(0)) {
      const file = (() => {
        try {
          return readClusterFile(dir);
        } catch {
          return undefined;
        }
      })();
      const pids = file === undefined ? [] : allDaemons(file).map(({ daemon }) => daemon.pid);
      for (const { role, daemon } of file === undefined ? [] : allDaemons(file)) {
        if (isOurDaemon(daemon.pid, role)) process.kill(daemon.pid, 'SIGKILL');
      }
      await waitGone(pids).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** True once `process.kill(pid, 0)` says there is no such process. */
export function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Waits (bounded) until every pid is gone: reaped by this process, their parent. */
export async function waitGone(pids: readonly number[]): Promise<void> {
  const deadline = performance.now() + GONE_WAIT_MS;
  while (!pids.every(gone)) {
    if (performance.now() > deadline) {
      throw new Error(`pids still there after ${GONE_WAIT_MS} ms: ${pids.filter((p) => !gone(p))}`);
    }
    await new Promise((resolve) => setTimeout(resolve, GONE_POLL_MS));
  }
}
