// Starts one daemon as its own OS process (`node bin/colonnade ROLE ...`), detached so that it
// outlives the launcher, its output appended to its log file; learns its address from the
// `colonnade ready ROLE HOST:PORT` line it prints there. Every wait is bounded.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assert } from '../common/assert.js';
import type { Clock } from '../common/clock.js';
import { parseHostPort, type HostPort } from '../common/host-port.js';
import type { DaemonRecord, Role } from './cluster-file.js';
import { daemonEnv } from './daemon-env.js';
import { ClusterStartError } from './errors.js';
import {
  DAEMON_YOUNG_GENERATION_MIB,
  EXIT_REPORT_WAIT_MS,
  LOG_TAIL_BYTES,
  LOG_TAIL_LINES,
  READY_POLL_MS,
  READY_SCAN_BYTES_MAX,
} from './limits.js';
import { isRunning } from './processes.js';
import { sleep } from './wait.js';

const PACKAGE_NAME = 'colonnade';

/** The V8 flags each daemon's `node` runs with (before the script). */
export const DAEMON_NODE_FLAGS: readonly string[] = [
  `--min-semi-space-size=${DAEMON_YOUNG_GENERATION_MIB}`,
];

export interface DaemonSpec {
  readonly role: Role;
  /** `ROLE-N`, as in its data directory and log file name. */
  readonly name: string;
  /** The daemon's flags after the role. */
  readonly args: readonly string[];
  readonly dataDir: string;
  readonly log: string;
}

export interface LaunchSettings {
  /** The `colonnade` script; `process.execPath` runs it. */
  readonly bin: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: Clock;
  /** How long the daemon gets to print its ready line. */
  readonly readyTimeoutMs: number;
}

export interface StartedDaemon {
  readonly pid: number;
  /** Its record once it serves; rejects (ClusterStartError) if it exits first or is late. */
  readonly ready: Promise<DaemonRecord>;
}

/** bin/colonnade of the package this file belongs to (from src/ or dist/src/). */
export function defaultBinPath(startDir = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = startDir; ; dir = dirname(dir)) {
    try {
      const manifest: unknown = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const name = (manifest as { name?: unknown } | null)?.name;
      if (name === PACKAGE_NAME) return join(dir, 'bin', PACKAGE_NAME);
    } catch {
      // no package.json here: look further up
    }
    assert(dirname(dir) !== dir, `no package.json of ${PACKAGE_NAME} above ${startDir}`);
  }
}

/** Spawns the daemon; its pid is known at once, its address when `ready` resolves. */
export function launchDaemon(spec: DaemonSpec, settings: LaunchSettings): StartedDaemon {
  mkdirSync(spec.dataDir, { recursive: true });
  mkdirSync(dirname(spec.log), { recursive: true });
  const fd = openSync(spec.log, 'a');
  const offset = statSync(spec.log).size;
  let exit: string | undefined;
  let child;
  try {
    child = spawn(process.execPath, [...DAEMON_NODE_FLAGS, settings.bin, spec.role, ...spec.args], {
      cwd: spec.dataDir,
      detached: true,
      stdio: ['ignore', fd, fd],
      env: daemonEnv(settings.env),
    });
  } finally {
    closeSync(fd);
  }
  child.on('error', (error) => (exit ??= `could not be started: ${error.message}`));
  child.on('exit', (code, sig) => (exit ??= `exited (${sig ?? `code ${String(code)}`})`));
  child.unref();
  const pid = child.pid;
  if (pid === undefined) {
    const failed = new ClusterStartError(`${spec.name} could not be started (no pid)`);
    return { pid: -1, ready: Promise.reject(failed) };
  }
  const ready = waitForReady(spec, settings, pid, offset, () => exit).then(
    (address): DaemonRecord => ({ pid, ...address, dataDir: spec.dataDir, log: spec.log }),
  );
  return { pid, ready };
}

async function waitForReady(
  spec: DaemonSpec,
  settings: LaunchSettings,
  pid: number,
  offset: number,
  exited: () => string | undefined,
): Promise<HostPort & { http?: string }> {
  const { clock, readyTimeoutMs } = settings;
  const deadline = clock.monotonicMs() + readyTimeoutMs;
  // `colonnade ready ROLE HOST:PORT`, then the daemon's other addresses (`http=HOST:PORT`).
  const pattern = new RegExp(`^colonnade ready ${spec.role} (\\S+)( [^\\n]*)?$`, 'm');
  // When the pid was first found gone without its `exit` event: the event may still be on its way.
  let goneAt: number | undefined;
  for (;;) {
    const match = pattern.exec(readFrom(spec.log, offset, READY_SCAN_BYTES_MAX));
    if (match?.[1] !== undefined) {
      const http = /\bhttp=(\S+)/.exec(match[2] ?? '')?.[1];
      return { ...parseHostPort(match[1]), ...(http === undefined ? {} : { http }) };
    }
    const reported = exited();
    if (reported !== undefined) throw startFailure(spec, `${reported} before it served`);
    if (!isRunning(pid)) {
      goneAt ??= clock.monotonicMs();
      if (clock.monotonicMs() - goneAt >= EXIT_REPORT_WAIT_MS) {
        throw startFailure(spec, 'exited before it served');
      }
    }
    if (clock.monotonicMs() >= deadline) {
      throw startFailure(spec, `printed no ready line within ${readyTimeoutMs} ms`);
    }
    await sleep(clock, READY_POLL_MS);
  }
}

/** The error `up` reports: the daemon, what went wrong, and the end of its log. */
export function startFailure(spec: DaemonSpec, what: string): ClusterStartError {
  return failureWithLog(`${spec.name} ${what}`, spec.log);
}

/** A ClusterStartError whose message ends with the last lines of `log`. */
export function failureWithLog(message: string, log: string): ClusterStartError {
  const tail = logTail(log);
  const shown = tail === '' ? '(the log is empty)' : tail;
  return new ClusterStartError(`${message}; the last lines of ${log}:\n${shown}`);
}

/** The last LOG_TAIL_LINES lines of a log (at most LOG_TAIL_BYTES), or '' if unreadable. */
export function logTail(path: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return '';
  }
  const text = readFrom(path, Math.max(0, size - LOG_TAIL_BYTES), LOG_TAIL_BYTES);
  return text.trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
}

function readFrom(path: string, offset: number, bytesMax: number): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return '';
  }
  try {
    const length = Math.min(bytesMax, Math.max(0, statSync(path).size - offset));
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, offset);
    return buffer.toString('utf8', 0, read);
  } finally {
    closeSync(fd);
  }
}
