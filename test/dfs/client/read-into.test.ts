// INTEGRATION TESTS of DfsInputStream.readInto on a mini cluster (a real namenode and 3 datanodes):
// against the written bytes for many target sizes, offsets, block boundaries, seeks and the end, in
// short-circuit (workers and main thread) and remote modes; mixed with read/pread; bad arguments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/common/errors.js';
import { SeededRng, seedFromEnv } from '../../../src/common/rng.js';
import type { DfsClient } from '../../../src/dfs/client/index.js';
import { DfsInputStream } from '../../../src/dfs/client/input-stream.js';
import { ReadPastEndError, StreamClosedError } from '../../../src/dfs/errors.js';
import { DfsMiniCluster } from '../../support/dfs-mini-cluster.js';
import { randomBytes } from './helpers.js';
import { localContext, type LocalContext } from './local-context.js';

const seed = seedFromEnv();
console.log(`dfs client readInto seed ${seed} (COLONNADE_SEED=${seed} replays)`);
const MiB = 1024 * 1024;
const SENTINEL = 0xa5;
/** Files: several 2 MiB short-circuit pieces per block, and many small blocks. */
const FILES = [
  { path: '/ri/big', bytes: 7 * MiB + 1_000, blockBytes: 3 * MiB },
  { path: '/ri/small', bytes: 50_003, blockBytes: 4_096 },
] as const;
const MODES = ['short-circuit', 'main-thread', 'remote'] as const;
type Mode = (typeof MODES)[number];

let cluster: DfsMiniCluster;
let writer: DfsClient;
const contents = new Map<string, Buffer>();
const contexts = new Map<Mode, LocalContext>();

beforeAll(async () => {
  cluster = await DfsMiniCluster.start(3);
  writer = cluster.client();
  const rng = new SeededRng(seed);
  for (const file of FILES) {
    const data = randomBytes(rng, file.bytes);
    await writer.writeFile(file.path, data, { blockBytes: file.blockBytes, replication: 3 });
    contents.set(file.path, data);
  }
  for (const mode of MODES) {
    contexts.set(
      mode,
      localContext(cluster.namenodeAddress, {
        shortCircuit: mode !== 'remote',
        noWorkers: mode === 'main-thread',
      }),
    );
  }
}, 60_000);

afterAll(async () => {
  for (const context of contexts.values()) await context.close();
  await cluster?.shutdown();
});

function open(mode: Mode, path: string): Promise<DfsInputStream> {
  return DfsInputStream.open((contexts.get(mode) as LocalContext).ctx, path);
}

/** Reads with readInto from the position to the end, checking every call against `model`. */
async function readToEnd(
  stream: DfsInputStream,
  model: Buffer,
  targetBytes: number,
  offset: number,
): Promise<void> {
  const target = Buffer.alloc(targetBytes + offset + 7, SENTINEL);
  const length = targetBytes;
  for (;;) {
    const at = stream.position;
    target.fill(SENTINEL);
    const n = await stream.readInto(target, offset, length);
    expect(n).toBe(Math.min(length, model.length - at));
    expect(stream.position).toBe(at + n);
    expect(target.subarray(offset, offset + n).equals(model.subarray(at, at + n))).toBe(true);
    expect(target.subarray(0, offset).every((b) => b === SENTINEL)).toBe(true);
    expect(target.subarray(offset + n).every((b) => b === SENTINEL)).toBe(true);
    if (n === 0) return;
  }
}

for (const mode of MODES) {
  describe(`readInto (${mode})`, () => {
    for (const file of FILES) {
      it(`reads ${file.path} through with targets of many sizes and offsets`, async () => {
        const model = contents.get(file.path) as Buffer;
        const sizes = [1, 511, 4_096, 65_537, MiB, 2 * MiB + 3, 8 * MiB];
        for (const [i, size] of sizes.entries()) {
          const stream = await open(mode, file.path);
          if (size === 1) stream.seek(model.length - 3_000);
          else if (i % 2 === 1) stream.seek(Math.floor(model.length / 3));
          await readToEnd(stream, model, size, i * 3);
          expect(await stream.readInto(Buffer.alloc(10))).toBe(0);
          await stream.close();
        }
      }, 60_000);

      it(`matches ${file.path} for random seeks, readInto, read and pread`, async () => {
        const model = contents.get(file.path) as Buffer;
        const rng = new SeededRng(seed + file.bytes);
        const stream = await open(mode, file.path);
        const target = Buffer.alloc(3 * MiB);
        for (let op = 0; op < 150; op++) {
          const kind = rng.nextInt(5);
          const size = rng.nextInt(2) === 0 ? rng.nextInt(5_000) : rng.nextInt(3 * MiB);
          if (kind === 0) {
            stream.seek(rng.nextInt(model.length + 1));
          } else if (kind === 1) {
            const at = stream.position;
            const got = await stream.read(size);
            expect(got.equals(model.subarray(at, at + size))).toBe(true);
          } else if (kind === 2) {
            const at = rng.nextInt(model.length + 1);
            const got = await stream.pread(at, size);
            expect(got.equals(model.subarray(at, at + size))).toBe(true);
          } else {
            const at = stream.position;
            const offset = rng.nextInt(target.length - size + 1);
            const n = await stream.readInto(target, offset, size);
            expect(n).toBe(Math.min(size, model.length - at));
            expect(target.subarray(offset, offset + n).equals(model.subarray(at, at + n))).toBe(
              true,
            );
          }
        }
        await stream.close();
      }, 60_000);
    }

    it('returns 0 at the end and for no bytes, and refuses bad arguments', async () => {
      const model = contents.get('/ri/small') as Buffer;
      const stream = await open(mode, '/ri/small');
      const target = Buffer.alloc(100);
      expect(await stream.readInto(target, 10, 0)).toBe(0);
      expect(await stream.readInto(target, 100)).toBe(0);
      expect(stream.position).toBe(0);
      for (const [offset, length] of [
        [-1, 10],
        [101, 0],
        [50, 51],
        [0, 1.5],
        [0.5, 1],
      ] as const) {
        await expect(stream.readInto(target, offset, length)).rejects.toBeInstanceOf(
          InvalidArgumentError,
        );
      }
      stream.seek(model.length - 30);
      expect(await stream.readInto(target)).toBe(30);
      expect(target.subarray(0, 30).equals(model.subarray(model.length - 30))).toBe(true);
      expect(await stream.readInto(target)).toBe(0);
      expect(() => stream.seek(model.length + 1)).toThrow(ReadPastEndError);
      const view = new Uint8Array(target.buffer, target.byteOffset + 5, 40);
      stream.seek(7);
      expect(await stream.readInto(view, 3)).toBe(37);
      expect(Buffer.from(view.subarray(3)).equals(model.subarray(7, 44))).toBe(true);
      await stream.close();
      await expect(stream.readInto(target)).rejects.toBeInstanceOf(StreamClosedError);
    });
  });
}
