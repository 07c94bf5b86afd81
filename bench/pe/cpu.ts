// CPU time each process of a benchmark used during a phase, from /proc/PID/stat (user + system
// ticks), so that a run shows which process the two cores went to (Linux only; elsewhere empty).
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

export interface NamedPid {
  readonly name: string;
  readonly pid: number;
}

function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command name: state is field 3, utime 14 and stime 15 (1-based), so 11 and 12 here.
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Starts counting; the returned function gives each process's CPU seconds since, busiest first. */
export function cpuMeter(pids: readonly NamedPid[]): () => { name: string; seconds: number }[] {
  const start = pids.map((p) => cpuSeconds(p.pid));
  return () =>
    pids
      .flatMap((p, i) => {
        const [before, after] = [start[i], cpuSeconds(p.pid)];
        return before === undefined || after === undefined
          ? []
          : [{ name: p.name, seconds: after - before }];
      })
      .sort((a, b) => b.seconds - a.seconds);
}

/** "regionserver 3.1 s, client 1.2 s, ..." (processes under 0.05 s left out). */
export function formatCpu(usage: readonly { name: string; seconds: number }[]): string {
  return usage
    .filter((u) => u.seconds >= 0.05)
    .map((u) => `${u.name} ${u.seconds.toFixed(1)} s`)
    .join(', ');
}
