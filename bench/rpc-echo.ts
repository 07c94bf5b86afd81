// `npm run bench:rpc`: the echo service over src/rpc against a bare `net` server with the same
// framing and no abstraction, 1 KiB payloads, 1 and 64 calls in flight, in the same run.
// Each server is its own process; the client is this process. Prints `ratio rpc-echo-64`.
import { connect, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Packr } from 'msgpackr';
import { RpcClient } from '../src/rpc/index.js';
import { startChild, stopChild } from './child.js';
import { EchoService } from './echo-service.js';
import { appendToBenchmarksDoc, printRatios, type Ratio } from './report.js';
import { LatencyRecorder, formatRate, median } from './stats.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const PAYLOAD_BYTES = 1024;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? '3');
const SECONDS_PER_RUN = Number(process.env['BENCH_SECONDS'] ?? '3');
const WARMUP_SECONDS = 1;

interface RunResult {
  readonly opsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
}

type Caller = (payload: Buffer) => Promise<unknown>;

/** Keeps `depth` calls in flight for `seconds`; latency per call in µs. */
async function drive(call: Caller, depth: number, seconds: number): Promise<RunResult> {
  const payload = Buffer.alloc(PAYLOAD_BYTES, 7);
  const latencies = new LatencyRecorder();
  const endMs = performance.now() + seconds * 1000;
  const startMs = performance.now();
  const worker = async (): Promise<void> => {
    while (performance.now() < endMs) {
      const t0 = performance.now();
      await call(payload);
      latencies.record((performance.now() - t0) * 1000);
    }
  };
  await Promise.all(Array.from({ length: depth }, worker));
  const elapsedS = (performance.now() - startMs) / 1000;
  const [p50 = 0, p99 = 0] = latencies.percentiles(50, 99);
  return { opsPerSecond: latencies.count / elapsedS, p50, p99 };
}

/** The bare client: the same request frames, a Map of waiting calls, one write per call. */
async function bareCaller(
  host: string,
  port: number,
): Promise<{ call: Caller; close: () => void }> {
  const packr = new Packr({ useRecords: false, mapsAsObjects: true });
  const socket: Socket = connect({ host, port, noDelay: true });
  await new Promise<void>((resolve, reject) =>
    socket.once('connect', resolve).once('error', reject),
  );
  const waiting = new Map<number, () => void>();
  let nextId = 1;
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    let data = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let offset = 0;
    while (data.length - offset >= 4) {
      const length = data.readUInt32BE(offset);
      if (data.length - offset - 4 < length) break;
      const message = packr.unpack(data.subarray(offset + 4, offset + 4 + length)) as unknown[];
      offset += 4 + length;
      const id = message[1] as number;
      const done = waiting.get(id);
      waiting.delete(id);
      done?.();
    }
    data = data.subarray(offset);
    pending = data;
  });
  const call: Caller = (payload) =>
    new Promise<void>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      const body = packr.pack([0, id, 'echo.echo', 60_000, { payload }, 0]);
      const header = Buffer.allocUnsafe(4);
      header.writeUInt32BE(body.length, 0);
      socket.write(Buffer.concat([header, body]));
    });
  return { call, close: () => socket.destroy() };
}

function row(name: string, depth: number, r: RunResult): string {
  return `| ${name} | ${depth} | ${formatRate(r.opsPerSecond)} | ${r.p50.toFixed(0)} | ${r.p99.toFixed(0)} |`;
}

async function main(): Promise<void> {
  const rpcServer = await startChild(join(here, 'echo-server.js'), ['0']);
  const bareServer = await startChild(join(here, 'bare-echo-server.js'), ['0']);
  const client = new RpcClient();
  const echo = client.stub(EchoService, { host: rpcServer.host, port: rpcServer.port });
  const rpcCall: Caller = (payload) => echo.echo({ payload });
  const bare = await bareCaller(bareServer.host, bareServer.port);
  try {
    await drive(rpcCall, 64, WARMUP_SECONDS);
    await drive(bare.call, 64, WARMUP_SECONDS);
    const results = new Map<string, RunResult[]>();
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const depth of [1, 64]) {
        for (const [name, call] of [
          ['bare', bare.call],
          ['rpc', rpcCall],
        ] as const) {
          const key = `${name}-${depth}`;
          const list = results.get(key) ?? [];
          list.push(await drive(call, depth, SECONDS_PER_RUN));
          results.set(key, list);
        }
      }
    }
    const pick = (key: string): RunResult => {
      const list = results.get(key) ?? [];
      return {
        opsPerSecond: median(list.map((r) => r.opsPerSecond)),
        p50: median(list.map((r) => r.p50)),
        p99: median(list.map((r) => r.p99)),
      };
    };
    const table = [
      `RPC echo, ${PAYLOAD_BYTES} B payloads, median of ${ROUNDS} rounds of ${SECONDS_PER_RUN} s`,
      '',
      '| server | in flight | ops/s | p50 µs | p99 µs |',
      '|---|---:|---:|---:|---:|',
      row('bare net + msgpackr', 1, pick('bare-1')),
      row('src/rpc', 1, pick('rpc-1')),
      row('bare net + msgpackr', 64, pick('bare-64')),
      row('src/rpc', 64, pick('rpc-64')),
    ].join('\n');
    process.stdout.write(`${table}\n\n`);
    const ratios: Ratio[] = [
      { name: 'rpc-echo-1', value: pick('rpc-1').opsPerSecond / pick('bare-1').opsPerSecond },
      { name: 'rpc-echo-64', value: pick('rpc-64').opsPerSecond / pick('bare-64').opsPerSecond },
    ];
    appendToBenchmarksDoc(
      root,
      'bench:rpc',
      'client in the bench process; each echo server in its own process; loopback TCP',
      table,
      ratios,
    );
    printRatios(ratios);
  } finally {
    client.destroy();
    bare.close();
    await stopChild(rpcServer.process);
    await stopChild(bareServer.process);
  }
}

await main();
