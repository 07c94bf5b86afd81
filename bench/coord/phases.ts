// The coordinator benchmark's phases, identical for both systems: throughput at a fixed number of
// requests in flight, failover detection (a SIGKILLed process's ephemeral node seen gone by a
// watcher) and election handover (the next candidate leads after the leader's process dies).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LatencyRecorder } from '../stats.js';
import type { Driver, System } from './drivers.js';

const HOLDER = join(dirname(fileURLToPath(import.meta.url)), 'ephemeral-holder.js');
const HOLDER_READY_MS = 20_000;
const EVENT_WAIT_MS = 20_000;

export interface Throughput {
  readonly opsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Keeps `depth` requests in flight for `seconds` (after `warmupSeconds` not counted). */
export async function throughput(
  run: (i: number) => Promise<unknown>,
  depth: number,
  seconds: number,
  warmupSeconds: number,
): Promise<Throughput> {
  const latencies = new LatencyRecorder();
  const startMs = performance.now();
  const measureFromMs = startMs + warmupSeconds * 1000;
  const endMs = measureFromMs + seconds * 1000;
  let counter = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < endMs) {
      const t0 = performance.now();
      await run(counter++);
      if (t0 >= measureFromMs) latencies.record((performance.now() - t0) * 1000);
    }
  };
  await Promise.all(Array.from({ length: depth }, worker));
  const [p50 = 0, p99 = 0] = latencies.percentiles(50, 99);
  return { opsPerSecond: latencies.count / seconds, p50Ms: p50 / 1000, p99Ms: p99 / 1000 };
}

/** Starts a holder process; resolves with the path it holds and a kill function. */
async function hold(
  system: System,
  connect: string,
  path: string,
  timeoutMs: number,
  sequential: boolean,
) {
  const args = [HOLDER, system, connect, path, String(timeoutMs)];
  if (sequential) args.push('sequential');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const held = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('holder not ready')), HOLDER_READY_MS);
    child.once('exit', () => reject(new Error('holder exited early')));
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /holding (\S+)/.exec(chunk.toString());
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  return {
    held,
    kill: async (): Promise<number> => {
      const exited = once(child, 'exit');
      const at = performance.now();
      child.kill('SIGKILL');
      await exited;
      return at;
    },
  };
}

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: no event`)), EVENT_WAIT_MS),
    ),
  ]);
}

/** Kill → NodeDeleted at a watcher, in ms. */
export async function failoverDetection(
  system: System,
  connect: string,
  watcher: Driver,
  path: string,
  timeoutMs: number,
): Promise<number> {
  const holder = await hold(system, connect, path, timeoutMs, false);
  const deleted = new Promise<number>((resolve) => {
    void watcher.exists(path, (type) => {
      if (type === 'NodeDeleted') resolve(performance.now());
    });
  });
  const killedAt = await holder.kill();
  return (await within(deleted, 'failover')) - killedAt;
}

/** The herd-free election recipe (watch only the predecessor); leader dies → next leads, in ms. */
export async function electionHandover(
  system: System,
  connect: string,
  candidates: readonly Driver[],
  dir: string,
  timeoutMs: number,
): Promise<number> {
  const leader = await hold(system, connect, `${dir}/n_`, timeoutMs, true);
  const mine = await Promise.all(
    candidates.map((c) => c.create(`${dir}/n_`, Buffer.alloc(0), 'ephemeralSequential')),
  );
  const name = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
  let done = false;
  const elected = new Promise<number>((resolve) => {
    const check = async (c: Driver, me: string): Promise<void> => {
      if (done) return;
      const children = (await c.getChildren(dir)).sort();
      const index = children.indexOf(name(me));
      if (index === 0) {
        done = true;
        resolve(performance.now());
        return;
      }
      const predecessor = `${dir}/${children[index - 1] ?? ''}`;
      const exists = await c.exists(predecessor, () => void check(c, me).catch(() => undefined));
      if (!exists) await check(c, me);
    };
    candidates.forEach((c, i) => void check(c, mine[i] ?? '').catch(() => undefined));
  });
  const killedAt = await leader.kill();
  return (await within(elected, 'election')) - killedAt;
}
