// OS processes by pid: whether one runs (a zombie does not count), whether it is still the daemon
// we started (so a reused pid is never signalled), and a bounded TERM-then-KILL stop.
import { readFileSync } from 'node:fs';
import type { Clock } from '../common/clock.js';
import { EXIT_POLL_MS, KILL_WAIT_MS } from './limits.js';
import { sleep } from './wait.js';

/** True while `pid` names a live process (not a zombie waiting for its parent). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but is not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return procState(pid) !== 'Z';
}

/**
 * True while `pid` runs and, where /proc tells, is a `colonnade ROLE` process: a pid the system
 * has given to another program since is never taken for one of ours.
 */
export function isOurDaemon(pid: number, role: string): boolean {
  if (!isRunning(pid)) return false;
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return true; // No /proc (not Linux): the pid is all we can go by.
  }
  const args = cmdline.split('\0');
  return args.some((a) => a.endsWith('colonnade')) && args.includes(role);
}

/** The state letter of /proc/PID/stat (R, S, D, Z, T...), or undefined without /proc. */
function procState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: the state follows the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

/** Sends `signal` to `pid`; false if no such process. */
export function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

/** Waits until none of `pids` runs or `timeoutMs` passes; the ones still running. */
export async function waitForExit(
  clock: Clock,
  pids: readonly number[],
  timeoutMs: number,
): Promise<number[]> {
  const deadline = clock.monotonicMs() + timeoutMs;
  for (;;) {
    const left = pids.filter(isRunning);
    if (left.length === 0 || clock.monotonicMs() >= deadline) return left;
    await sleep(clock, EXIT_POLL_MS);
  }
}

/**
 * SIGTERM to every pid, up to `graceMs` for them to exit, then SIGKILL to the stragglers and up
 * to KILL_WAIT_MS more. Returns what was killed and what survived even that.
 */
export async function stopProcesses(
  clock: Clock,
  pids: readonly number[],
  graceMs: number,
): Promise<{ killed: number[]; survivors: number[] }> {
  const sent = pids.filter((pid) => signal(pid, 'SIGTERM'));
  const killed = await waitForExit(clock, sent, graceMs);
  for (const pid of killed) signal(pid, 'SIGKILL');
  const survivors = await waitForExit(clock, killed, KILL_WAIT_MS);
  return { killed, survivors };
}
