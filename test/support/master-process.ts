// `colonnade master` as a child process for tests: started with a short session timeout (so a
// backup takes over soon after a kill), resolved once it prints its ready line (bounded).
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'colonnade');
const READY_TIMEOUT_MS = 20_000;
/** Short, so that the backup takes over soon after the kill. */
export const MASTER_SESSION_MS = 1_000;

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
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, COLONNADE_LOG_LEVEL: 'warn' } },
  );
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
