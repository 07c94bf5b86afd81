// `colonnade regionserver` as a child process for tests: started with its flags, resolved once it
// prints its ready line (bounded), stopped or killed by its pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'colonnade');
const READY_TIMEOUT_MS = 20_000;
const EXIT_TIMEOUT_MS = 20_000;

export interface RegionServerProcess {
  readonly child: ChildProcess;
  /** HOST:PORT it serves on. */
  readonly address: string;
  readonly stderr: () => string;
}

export async function startRegionServerProcess(
  coord: string,
  namenode: string,
  extra: readonly string[] = [],
): Promise<RegionServerProcess> {
  const args = ['regionserver', '--coord', coord, '--namenode', namenode, '--port', '0', ...extra];
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, COLONNADE_LOG_LEVEL: process.env['COLONNADE_LOG_LEVEL'] ?? 'warn' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let stdout = '';
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no ready line in ${READY_TIMEOUT_MS} ms; stderr: ${stderr}`));
    }, READY_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`regionserver exited with ${code} before it was ready: ${stderr}`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /colonnade ready regionserver (\S+:\d+)/.exec(stdout);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  return { child, address, stderr: () => stderr };
}

/** Waits for the process to exit (SIGKILL after EXIT_TIMEOUT_MS); its exit code. */
export async function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return code;
}

/** Kills it with SIGKILL (if still running) and waits for the exit. */
export async function killProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}
