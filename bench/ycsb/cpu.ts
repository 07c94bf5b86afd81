// CPU time spent per operation, per side: the client (this process) and the system's server
// processes (with their children: PostgreSQL's backends), read from /proc/PID/stat before and
// after a phase. On a shared 2-core box wall-clock profiles mostly show waiting for a core; CPU
// per operation is what each side costs, whatever else runs. Linux only (elsewhere: unknown).
import { readdirSync, readFileSync } from 'node:fs';

/** /proc/PID/stat's utime and stime are in clock ticks (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

interface Stat {
  readonly ppid: number;
  readonly cpuMs: number;
}

function stat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields follow the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { ppid: Number(fields[1]), cpuMs: (ticks * 1000) / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/** CPU milliseconds used so far by each of `pids` and their children, by pid. */
export function serverCpu(pids: readonly number[]): Map<number, number> {
  const roots = new Set(pids);
  const out = new Map<number, number>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return out;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    const s = stat(pid);
    if (s !== undefined && (roots.has(pid) || roots.has(s.ppid))) out.set(pid, s.cpuMs);
  }
  return out;
}

export interface CpuSample {
  readonly clientMicros: number;
  readonly servers: ReadonlyMap<number, number>;
}

export function sampleCpu(serverPids: readonly number[]): CpuSample {
  const usage = process.cpuUsage();
  return { clientMicros: usage.user + usage.system, servers: serverCpu(serverPids) };
}

export interface CpuPerOperation {
  /** CPU µs per operation in the client process (the driver and the system's client library). */
  readonly clientUs: number;
  /** CPU µs per operation in every server process together. */
  readonly serverUs: number;
}

/** Per-operation CPU between two samples (server processes present in both). */
export function cpuPerOperation(
  before: CpuSample,
  after: CpuSample,
  operations: number,
): CpuPerOperation {
  let serverMs = 0;
  for (const [pid, ms] of after.servers) {
    const start = before.servers.get(pid);
    if (start !== undefined) serverMs += ms - start;
  }
  const ops = Math.max(1, operations);
  return {
    clientUs: (after.clientMicros - before.clientMicros) / ops,
    serverUs: (serverMs * 1000) / ops,
  };
}
