// Starts a benchmark or test server as its own process and waits (bounded) for its
// `colonnade ready ROLE HOST:PORT` line; stops it by pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { DAEMON_NODE_FLAGS } from '../src/cluster/daemon-launcher.js';

export interface ReadyChild {
  readonly process: ChildProcess;
  readonly host: string;
  readonly port: number;
}

const READY_LINE = /^colonnade ready \S+ (\S+):(\d+)$/m;

export async function startChild(
  script: string,
  args: readonly string[],
  readyTimeoutMs = 15_000,
): Promise<ReadyChild> {
  // The daemons' V8 flags: a bare server is held to the same young generation as ours.
  const child = spawn(process.execPath, [...DAEMON_NODE_FLAGS, script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} printed no ready line within ${readyTimeoutMs} ms`));
    }, readyTimeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = READY_LINE.exec(output);
      if (match?.[1] !== undefined && match[2] !== undefined) {
        clearTimeout(timer);
        resolve({ process: child, host: match[1], port: Number(match[2]) });
      }
    });
  });
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 3_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** SIGKILL every child still running and wait for each to exit. */
export async function killAll(children: readonly ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** Kills `children` if this process exits before stopping them (a crash skips `finally`). */
export function killOnExit(children: readonly ChildProcess[]): () => void {
  const kill = (): void => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  };
  process.once('exit', kill);
  return () => process.off('exit', kill);
}

/** Children owned by one benchmark, with their data directory: `stop` kills them and removes it. */
export function childGroup(dir: string): {
  readonly children: ChildProcess[];
  stop(): Promise<void>;
} {
  const children: ChildProcess[] = [];
  const forget = killOnExit(children);
  return {
    children,
    stop: async () => {
      forget();
      await killAll(children);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
