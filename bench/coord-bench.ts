// `npm run bench:coord`: Colonnade's coordinator against Apache ZooKeeper 3.8 (Debian), 1 and 3
// members, in one run: create sequential 100 B, getData, setData at 64 in flight over one
// session; failover detection with a 2 s session timeout; election-recipe handover.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startColonnade } from './coord/colonnade-ensemble.js';
import { freePorts } from './ports.js';
import { connectDriver, type Driver, type System } from './coord/drivers.js';
import {
  electionHandover,
  failoverDetection,
  throughput,
  type Throughput,
} from './coord/phases.js';
import { startZooKeeper } from './coord/zookeeper-server.js';
import { appendToBenchmarksDoc, printRatios, type Ratio } from './report.js';
import { formatRate, median } from './stats.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEPTH = 64;
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? '3');
const WARMUP_SECONDS = 2;
const TRIALS = Number(process.env['BENCH_TRIALS'] ?? '3');
const SESSION_TIMEOUT_MS = 2_000;
const LOAD_SESSION_TIMEOUT_MS = 10_000;
const DATA = Buffer.alloc(100, 0x61);
/** Ensemble sizes to run, e.g. BENCH_SIZES=1 for a quick look. */
const SIZES = (process.env['BENCH_SIZES'] ?? '1,3').split(',').map(Number);

interface Result {
  readonly create: Throughput;
  readonly get: Throughput;
  readonly set: Throughput;
  readonly failoverMs: number;
  readonly electionMs: number;
}

async function measure(system: System, connect: string): Promise<Result> {
  const main = await connectDriver(system, connect, LOAD_SESSION_TIMEOUT_MS);
  const extra: Driver[] = [];
  try {
    await main.create('/bench', Buffer.alloc(0), 'persistent');
    const paths: string[] = [];
    const create = await throughput(
      async () => paths.push(await main.create('/bench/n-', DATA, 'persistentSequential')),
      DEPTH,
      SECONDS,
      WARMUP_SECONDS,
    );
    const pick = (i: number): string => paths[(i * 7919) % paths.length] ?? '/bench';
    const get = await throughput((i) => main.getData(pick(i)), DEPTH, SECONDS, WARMUP_SECONDS);
    const set = await throughput(
      (i) => main.setData(pick(i), DATA),
      DEPTH,
      SECONDS,
      WARMUP_SECONDS,
    );
    const watcher = await connectDriver(system, connect, LOAD_SESSION_TIMEOUT_MS);
    extra.push(watcher);
    const failovers: number[] = [];
    for (let t = 0; t < TRIALS; t += 1) {
      failovers.push(
        await failoverDetection(system, connect, watcher, `/held-${t}`, SESSION_TIMEOUT_MS),
      );
    }
    const elections: number[] = [];
    for (let t = 0; t < TRIALS; t += 1) {
      const candidates = await Promise.all(
        [0, 1].map(() => connectDriver(system, connect, SESSION_TIMEOUT_MS)),
      );
      extra.push(...candidates);
      await main.create(`/elect-${t}`, Buffer.alloc(0), 'persistent');
      elections.push(
        await electionHandover(system, connect, candidates, `/elect-${t}`, SESSION_TIMEOUT_MS),
      );
    }
    return { create, get, set, failoverMs: median(failovers), electionMs: median(elections) };
  } finally {
    await Promise.all([main, ...extra].map((d) => d.close().catch(() => undefined)));
  }
}

async function run(system: System, size: number): Promise<Result> {
  process.stdout.write(`${system} × ${size} ...\n`);
  if (system === 'zookeeper') {
    const zk = await startZooKeeper(size, await freePorts(size * 3));
    try {
      return await measure(system, zk.connectString);
    } finally {
      await zk.stop();
    }
  }
  const ensemble = await startColonnade(size);
  try {
    return await measure(system, ensemble.connectString);
  } finally {
    await ensemble.stop();
  }
}

function row(name: string, r: Result): string {
  const t = (x: Throughput): string =>
    `${formatRate(x.opsPerSecond)} (${x.p50Ms.toFixed(1)} / ${x.p99Ms.toFixed(1)})`;
  return `| ${name} | ${t(r.create)} | ${t(r.get)} | ${t(r.set)} | ${r.failoverMs.toFixed(0)} | ${r.electionMs.toFixed(0)} |`;
}

const results = new Map<string, Result>();
for (const size of SIZES) {
  for (const system of ['zookeeper', 'colonnade'] as const)
    results.set(`${system}-${size}`, await run(system, size));
}
const lines = [
  `Coordinator: ${DEPTH} in flight on one session, ${SECONDS} s per phase after ${WARMUP_SECONDS} s warm-up; failover and election: median of ${TRIALS}, session timeout ${SESSION_TIMEOUT_MS} ms (ZooKeeper tickTime 1000; Colonnade tick 200 ms)`,
  '',
  '| system | create seq 100 B ops/s (p50 / p99 ms) | getData | setData | failover detect ms | election handover ms |',
  '|---|---:|---:|---:|---:|---:|',
];
const ratios: Ratio[] = [];
for (const size of SIZES) {
  const zk = results.get(`zookeeper-${size}`);
  const ours = results.get(`colonnade-${size}`);
  if (zk === undefined || ours === undefined) continue;
  lines.push(row(`ZooKeeper 3.8 × ${size}`, zk), row(`Colonnade × ${size}`, ours));
  ratios.push(
    { name: `coord-create-${size}`, value: ours.create.opsPerSecond / zk.create.opsPerSecond },
    { name: `coord-get-${size}`, value: ours.get.opsPerSecond / zk.get.opsPerSecond },
    { name: `coord-set-${size}`, value: ours.set.opsPerSecond / zk.set.opsPerSecond },
    { name: `coord-failover-${size}`, value: zk.failoverMs / ours.failoverMs },
    { name: `coord-election-${size}`, value: zk.electionMs / ours.electionMs },
  );
}
const table = lines.join('\n');
process.stdout.write(`\n${table}\n\n`);
appendToBenchmarksDoc(
  root,
  'bench:coord',
  'each coordinator member its own process (Colonnade: `colonnade coord`; ZooKeeper: a JVM); the bench client and holder processes beside them; loopback TCP',
  table,
  ratios,
);
printRatios(ratios);
