// The data directory's lock (`DIR/colonnade.lock`): created atomically, it names the pid holding
// DIR (and, where /proc tells, that process's boot and start time, so a reused pid is not taken for
// it). Invariant: a lock whose process is gone is stale and taken over; a live one is refused.
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRunning } from './processes.js';
import { StandaloneFileError, StandaloneRunningError } from './standalone-errors.js';
import { LOCK_ATTEMPTS_MAX, STANDALONE_FILE_BYTES_MAX } from './standalone-limits.js';

export const LOCK_FILE_NAME = 'colonnade.lock';

/** What the lock file holds. `bootId` and `startTicks` are absent where there is no /proc. */
export interface LockRecord {
  readonly pid: number;
  readonly bootId?: string;
  /** The process's start time in clock ticks since boot (/proc/PID/stat field 22). */
  readonly startTicks?: string;
}

export interface StandaloneLock {
  readonly path: string;
  /** Removes the lock if it is still ours. Idempotent. */
  release(): void;
}

/**
 * Takes DIR's lock for this process. A lock naming a live process is StandaloneRunning; a stale
 * one (its process gone, or its pid now another process) is removed and taken.
 */
export function acquireLock(dir: string, pid: number = process.pid): StandaloneLock {
  const path = join(dir, LOCK_FILE_NAME);
  const mine: LockRecord = { pid, ...processIdentity(pid) };
  for (let attempt = 1; attempt <= LOCK_ATTEMPTS_MAX; attempt++) {
    if (tryCreate(path, mine)) return lockHandle(path, mine);
    const holder = readLock(path);
    if (holder !== undefined && isLive(holder)) {
      throw new StandaloneRunningError(
        `${dir} is in use by process ${holder.pid} (${path}); stop it first ` +
          `(Ctrl-C or kill -TERM ${holder.pid}), or use another --data directory`,
      );
    }
    rmSync(path, { force: true });
  }
  throw new StandaloneRunningError(
    `could not take ${path} in ${LOCK_ATTEMPTS_MAX} attempts: another start races for ${dir}`,
  );
}

/** The lock file's record, undefined if there is none; StandaloneFileError if it is not ours. */
export function readLock(path: string): LockRecord | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (text === '') return undefined; // Not one this version wrote whole (it links a full file).
  const record = parseLock(text);
  if (record === undefined) {
    throw new StandaloneFileError(
      `${path} is not a Colonnade lock file (${text.length} bytes: ${JSON.stringify(text.slice(0, 80))}); ` +
        'remove it if no `colonnade start` uses this directory',
    );
  }
  return record;
}

/**
 * True while the lock's process runs and is the one that wrote it: where /proc tells, the same
 * boot and start time; elsewhere any pid but ours (ours in the file is an earlier life's: a
 * container restarted gives its processes the same pids again).
 */
export function isLive(record: LockRecord): boolean {
  if (!isRunning(record.pid)) return false;
  const now = processIdentity(record.pid);
  if (now.bootId === undefined || record.bootId === undefined) return record.pid !== process.pid;
  return now.bootId === record.bootId && now.startTicks === record.startTicks;
}

function parseLock(text: string): LockRecord | undefined {
  if (text.length > STANDALONE_FILE_BYTES_MAX) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { pid, bootId, startTicks } = value as Record<string, unknown>;
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return undefined;
  return {
    pid,
    ...(typeof bootId === 'string' ? { bootId } : {}),
    ...(typeof startTicks === 'string' ? { startTicks } : {}),
  };
}

/** Creates the lock with its content in one step (link of a written temp file): never empty. */
function tryCreate(path: string, record: LockRecord): boolean {
  const temporary = `${path}.${record.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(record)}\n`);
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
  return true;
}

function lockHandle(path: string, mine: LockRecord): StandaloneLock {
  let held = true;
  return {
    path,
    release: () => {
      if (!held) return;
      held = false;
      let holder: LockRecord | undefined;
      try {
        holder = readLock(path);
      } catch {
        return; // Someone replaced it with something else: not ours to remove.
      }
      if (holder?.pid === mine.pid && holder.startTicks === mine.startTicks) {
        rmSync(path, { force: true });
      }
    },
  };
}

/** The boot id and the start time of `pid`, where /proc tells them. */
function processIdentity(pid: number): { bootId?: string; startTicks?: string } {
  try {
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields restart after the last ')'.
    // Field 22 (starttime) is the 20th after it (state is field 3).
    const startTicks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return startTicks === undefined ? { bootId } : { bootId, startTicks };
  } catch {
    return {};
  }
}
