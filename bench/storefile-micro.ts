// A by-hand micro-benchmark (not part of `npm run bench`): random point seeks and a full scan over
// a store file whose blocks are all in the block cache, 1 KiB values, 64 KiB blocks. Aim: > 300k
// seeks/s. Run: `npm run build && node dist/bench/storefile-micro.js` (BENCH_CELLS, BENCH_SEEKS).
import { type Cell, CellType } from '../src/common/index.js';
import {
  BlockCache,
  type FileSink,
  openStoreFile,
  type PositionalSource,
  StoreFileWriter,
} from '../src/regionserver/storefile/index.js';

const CELLS = Number(process.env['BENCH_CELLS'] ?? '100000');
const VALUE_BYTES = 1024;
const SEEKS = Number(process.env['BENCH_SEEKS'] ?? '1000000');
const ROUNDS = 3;

function rowOf(i: number): Buffer {
  return Buffer.from(`user${String(i).padStart(10, '0')}`);
}

async function buildFile(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink: FileSink = {
    write: (d) => (chunks.push(Buffer.from(d)), Promise.resolve()),
    close: () => Promise.resolve(),
    abort: () => undefined,
  };
  const writer = new StoreFileWriter(sink, {
    blockSizeBytes: 64 * 1024,
    bloomType: 'ROW',
    expectedKeys: CELLS,
    majorCompacted: false,
  });
  const value = Buffer.alloc(VALUE_BYTES, 0x61);
  for (let i = 0; i < CELLS; i++) {
    const cell: Cell = {
      row: rowOf(i),
      family: Buffer.from('f'),
      qualifier: Buffer.from('field0'),
      timestamp: 1_700_000_000_000 + i,
      type: CellType.Put,
      value,
      sequenceId: i + 1,
    };
    await writer.append(cell);
  }
  await writer.finish();
  return Buffer.concat(chunks);
}

function memorySource(bytes: Buffer): PositionalSource {
  return {
    length: bytes.length,
    pread: (p, n) => Promise.resolve(bytes.subarray(p, Math.min(bytes.length, p + n))),
    close: () => Promise.resolve(),
  };
}

/** CPU milliseconds (user + system) since `start`: steadier than wall time on a busy machine. */
function cpuMs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function perSecond(count: number, ms: number): string {
  return ((count / ms) * 1000).toFixed(0);
}

async function main(): Promise<void> {
  let t = performance.now();
  const bytes = await buildFile();
  const writeMs = performance.now() - t;
  console.log(
    `wrote ${CELLS} cells, ${(bytes.length / 2 ** 20).toFixed(1)} MiB in ${writeMs.toFixed(0)} ms`,
  );
  const cache = new BlockCache(1024 * 2 ** 20);
  const reader = await openStoreFile(memorySource(bytes), 'mem', cache);
  const scanner = reader.scanner({ cacheBlocks: true });
  // Warm: one full scan puts every block in the cache.
  await scanner.seek(reader.info.firstKey as Cell);
  let n = 0;
  while (scanner.peek() !== undefined) {
    const p = scanner.next();
    if (p !== undefined) await p;
    n++;
  }
  console.log(`warm scan: ${n} cells; cache ${JSON.stringify(cache.stats())}`);
  const keys: Cell[] = [];
  for (let i = 0; i < 4096; i++) {
    keys.push({
      row: rowOf((i * 2654435761) % CELLS),
      family: Buffer.from('f'),
      qualifier: Buffer.alloc(0),
      timestamp: Number.MAX_SAFE_INTEGER,
      type: CellType.Maximum,
      value: Buffer.alloc(0),
      sequenceId: 0,
    });
  }
  for (let round = 0; round < ROUNDS; round++) {
    t = performance.now();
    let cpu = process.cpuUsage();
    let bytesSeen = 0;
    for (let i = 0; i < SEEKS; i++) {
      const p = scanner.seek(keys[i & 4095] as Cell);
      if (p !== undefined) await p;
      bytesSeen += (scanner.peek() as Cell).value.length;
    }
    const seekMs = performance.now() - t;
    const seekCpuMs = cpuMs(cpu);
    t = performance.now();
    cpu = process.cpuUsage();
    await scanner.seek(reader.info.firstKey as Cell);
    let scanned = 0;
    while (scanner.peek() !== undefined) {
      bytesSeen += (scanner.peek() as Cell).value.length;
      const p = scanner.next();
      if (p !== undefined) await p;
      scanned++;
    }
    const scanMs = performance.now() - t;
    const scanCpuMs = cpuMs(cpu);
    console.log(
      `round ${round}: ${perSecond(SEEKS, seekMs)} random seeks/s cached ` +
        `(${perSecond(SEEKS, seekCpuMs)} per CPU second); ${perSecond(scanned, scanMs)} cells/s ` +
        `scanned (${perSecond(scanned, scanCpuMs)} per CPU second; ${bytesSeen} bytes seen)`,
    );
  }
  console.log(`cache ${JSON.stringify(cache.stats())}`);
  await reader.close();
}

await main();
