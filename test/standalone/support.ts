// Helpers for the standalone tests: run `colonnade start` from dist/ in a child process (so that
// it can be killed with -9), wait for its ready line, wait for its exit, and clean up by pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WebSocket } from 'ws';
import { decodeServerMessage, encodeMessage } from '../../src/shell/endpoint/index.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The build the children run: dist/, or another one's root (COLONNADE_TEST_BUILD=/path). */
const BUILD = process.env['COLONNADE_TEST_BUILD'] ?? ROOT;
const START_ENTRY = join(BUILD, 'dist', 'src', 'cli', 'start-command.js');
const MAIN_ENTRY = join(BUILD, 'dist', 'src', 'cli', 'main.js');
/** Every port free: tests never bind the anchors' ports. */
export const ANY_PORTS = [
  '--coord-port',
  '0',
  '--namenode-port',
  '0',
  '--master-port',
  '0',
  '--http-port',
  '0',
  '--regionserver-port',
  '0',
];
export const READY_WAIT_MS = 45_000;
export const EXIT_WAIT_MS = 20_000;

/**
 * Runs startCommand from dist/ as `colonnade start` would, reporting a failure as main does
 * (`colonnade: CODE: message`, exit 1). Used until bin/colonnade lists `start`.
 */
const RUNNER = `
const [entry, ...args] = process.argv.slice(1);
const { startCommand } = await import(entry);
const io = { stdout: process.stdout, stderr: process.stderr };
try {
  await startCommand(io).exitOverride().parseAsync(args, { from: 'user' });
} catch (error) {
  process.stderr.write('colonnade: ' + (error.code ?? 'error') + ': ' + error.message + '\\n');
  process.exitCode = 1;
}
`;

/** Fails early, with the fix, when the compiled code is missing. */
export function requireBuild(): void {
  if (!existsSync(START_ENTRY)) {
    throw new Error("dist/ has no start command: run 'npm run build' (npm test does)");
  }
}

/** True once the lead has registered `start` in main: then the real `bin/colonnade` is run. */
function binHasStart(): boolean {
  return existsSync(MAIN_ENTRY) && readFileSync(MAIN_ENTRY, 'utf8').includes('startCommand(');
}

export interface Started {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly readyLine: string;
  /** How long until the ready line, in ms. */
  readonly tookMs: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name), bounded by EXIT_WAIT_MS. */
  exited(): Promise<number | string>;
}

/** `colonnade start --data DIR ARGS...` in a child process; resolves on its ready line. */
export async function startStandalone(dir: string, args: readonly string[] = ANY_PORTS) {
  const run = spawnStart(dir, args);
  const readyLine = await waitForReady(run);
  return { ...run, readyLine, tookMs: performance.now() - run.startedAt };
}

/** The child alone, for starts expected to fail. */
export function spawnStart(dir: string, args: readonly string[] = ANY_PORTS) {
  const tail = ['--data', dir, ...args];
  const argv = binHasStart()
    ? [join(BUILD, 'bin', 'colonnade'), 'start', ...tail]
    : ['--input-type=module', '-e', RUNNER, pathToFileURL(START_ENTRY).href, ...tail];
  const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('spawning colonnade start failed');
  return {
    child,
    pid,
    startedAt: performance.now(),
    stdout: () => out,
    stderr: () => err,
    exited: () => bounded(exit, EXIT_WAIT_MS, `colonnade start (pid ${pid}) to exit`),
  };
}

async function waitForReady(run: ReturnType<typeof spawnStart>): Promise<string> {
  const deadline = performance.now() + READY_WAIT_MS;
  let ended = false;
  void run.exited().then(
    () => (ended = true),
    () => undefined,
  );
  for (;;) {
    const line = run
      .stdout()
      .split('\n')
      .find((l) => l.startsWith('colonnade ready'));
    if (line !== undefined) return line;
    if (ended || performance.now() > deadline) {
      run.child.kill('SIGKILL');
      const why = ended ? 'exited' : `printed no ready line in ${READY_WAIT_MS} ms`;
      throw new Error(`colonnade start ${why}:\n${run.stdout()}\n${run.stderr()}`);
    }
    await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Temp data dirs and the children started on them; `cleanUp` SIGKILLs those alive, by pid. */
export class Sandbox {
  readonly #dirs: string[] = [];
  readonly #children: ChildProcess[] = [];

  dir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'colonnade-standalone-'));
    this.#dirs.push(dir);
    return dir;
  }

  track<T extends { child: ChildProcess }>(run: T): T {
    this.#children.push(run.child);
    return run;
  }

  async cleanUp(): Promise<void> {
    for (const child of this.#children.splice(0)) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await bounded(gone, EXIT_WAIT_MS, `pid ${child.pid} to die`).catch(() => undefined);
    }
    for (const dir of this.#dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs one input through the shell endpoint at `url`: its output and whether it succeeded. */
export async function shellRun(
  url: string,
  text: string,
): Promise<{ output: string; ok: boolean }> {
  const socket = new WebSocket(url);
  let output = '';
  const done = new Promise<boolean>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`the shell at ${url} closed before the answer`)));
    socket.on('open', () => socket.send(encodeMessage({ type: 'line', id: 1, text })));
    socket.on('message', (data: Buffer) => {
      const message = decodeServerMessage(data.toString('utf8'));
      if (message.type === 'output' && message.id === 1) output += message.chunk;
      if (message.type === 'done' && message.id === 1) resolve(message.ok);
      if (message.type === 'error') reject(new Error(`shell error: ${message.message}`));
    });
  });
  try {
    const ok = await bounded(done, EXIT_WAIT_MS, `the shell to answer ${JSON.stringify(text)}`);
    return { output, ok };
  } finally {
    socket.terminate();
  }
}
