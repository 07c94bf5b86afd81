// CPU profiles of a benchmark's processes in segments, for finding where the time goes
// (BENCH_PROFILE_DIR): each process runs V8's sampling profiler through node:inspector (Node 20
// refuses --cpu-prof in NODE_OPTIONS), and on SIGUSR2 writes what it sampled since the last
// segment to DIR/NAME-PID-NN.cpuprofile and starts the next. The daemons of `cluster up` get it
// through a wrapper `colonnade` script; the bench and the bare path install it themselves.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Sampling interval of the profiler, in µs. */
const SAMPLE_INTERVAL_US = 500;
/** How long the processes get to write a segment after SIGUSR2. */
const SEGMENT_WRITE_WAIT_MS = 1_500;

let segment = 0;

/** Starts profiling this process; SIGUSR2 (or dumpSelf) closes a segment; exit writes the last. */
export function installProfiler(dir: string, name: string): () => void {
  mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: SAMPLE_INTERVAL_US });
  session.post('Profiler.start');
  const dump = (restart: boolean): void => {
    const file = join(dir, `${name}-${process.pid}-${String(segment).padStart(2, '0')}.cpuprofile`);
    segment += 1;
    // The in-process session answers synchronously, so this works in an exit handler too.
    session.post('Profiler.stop', (error, result) => {
      if (error === null) writeFileSync(file, JSON.stringify(result.profile));
    });
    if (restart) session.post('Profiler.start');
  };
  process.on('SIGUSR2', () => dump(true));
  process.once('exit', () => dump(false));
  return () => dump(true);
}

/**
 * Writes DIR/bin/colonnade: a `colonnade` that installs the profiler (named after the daemon's
 * role) and then runs `realBin`. Its name keeps `cluster down`'s "is this our daemon" check true.
 */
export function profilingBin(dir: string, profileDir: string, realBin: string): string {
  const binDir = join(dir, 'profiling-bin');
  mkdirSync(binDir, { recursive: true });
  writeFileSync(join(binDir, 'package.json'), '{ "type": "module" }\n');
  const profiler = pathToFileURL(new URL(import.meta.url).pathname).href;
  const script = [
    '#!/usr/bin/env node',
    `import { installProfiler } from ${JSON.stringify(profiler)};`,
    `installProfiler(${JSON.stringify(profileDir)}, process.argv[2] ?? 'colonnade');`,
    `await import(${JSON.stringify(pathToFileURL(realBin).href)});`,
    '',
  ].join('\n');
  const bin = join(binDir, 'colonnade');
  writeFileSync(bin, script, { mode: 0o755 });
  return bin;
}

/** Closes a segment in this process (through `dumpSelf`) and in every pid; waits for the files. */
export async function closeSegment(dumpSelf: () => void, pids: readonly number[]): Promise<void> {
  dumpSelf();
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGUSR2');
    } catch {
      // gone already: nothing to write
    }
  }
  await new Promise((resolve) => setTimeout(resolve, SEGMENT_WRITE_WAIT_MS));
}
