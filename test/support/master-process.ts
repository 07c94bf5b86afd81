// `colonnade master` as a child process for tests: started with a short session timeout (so a
// backup takes over soon after a kill), resolved once it prints its ready line (bounded).
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'colonnade');
const READY_TIMEOUT_MS = 20_000;
/** Short, so that the backup takes over soon after the kill. */
export const MASTER_SESSION_MS = 1_000;
/** How much of a master's standard error is kept for `masterStderr` (the pipe is always drained). */
const STDERR_TAIL_CHARS = 64_000;

const stderrTails = new WeakMap<ChildProcess, { text: string }>();

/** The end of a master's standard error, for a failing test's message. */
export function masterStderr(child: ChildProcess): string {
  return stderrTails.get(child)?.text ?? '';
}

export async function startMasterProcess(
  coord: string,
  namenode: string,
  extra: readonly string[] = [],
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'master',
      '--coord',
      coord,
      '--namenode',
      namenode,
      '--port',
      '0',
      '--session-timeout-ms',
      String(MASTER_SESSION_MS),
      '--http-port',
      '0',
      ...extra,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        COLONNADE_LOG_LEVEL: process.env['COLONNADE_LOG_LEVEL'] ?? 'warn',
      },
    },
  );
  // Drained always: a master blocked writing a warning to a full pipe would stop serving.
  const tail = { text: '' };
  stderrTails.set(child, tail);
  child.stderr?.on('data', (chunk: Buffer) => {
    tail.text = (tail.text + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    if (process.env['COLONNADE_TEST_VERBOSE'] !== undefined) process.stderr.write(chunk);
  });
  let stdout = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('master printed no ready line'));
    }, READY_TIMEOUT_MS);
    child.once('exit', (code) => reject(new Error(`master exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stdout.includes('colonnade ready master')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return child;
}
