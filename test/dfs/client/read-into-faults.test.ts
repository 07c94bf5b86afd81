// INTEGRATION TESTS of readInto under faults on a mini cluster: a corrupt replica is read around and
// reported, bytes that fail their checksum never reach the caller's buffer, and the short-circuit
// workers' slots all come back on close, seek and many streams; stopped workers fall back to remote.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRng, seedFromEnv } from '../../../src/common/rng.js';
import type { DfsClient } from '../../../src/dfs/client/index.js';
import { DfsInputStream } from '../../../src/dfs/client/input-stream.js';
import {
  LOCAL_READ_SLOTS_PER_WORKER,
  LOCAL_READ_WORKERS,
  type LocalReadWorkers,
} from '../../../src/dfs/client/local-read-workers.js';
import { ChecksumError, StreamClosedError } from '../../../src/dfs/errors.js';
import { NamenodeService } from '../../../src/dfs/protocol.js';
import type { LocatedBlocks } from '../../../src/dfs/types.js';
import { RpcClient } from '../../../src/rpc/index.js';
import { DfsMiniCluster, waitFor } from '../../support/dfs-mini-cluster.js';
import { randomBytes } from './helpers.js';
import { localContext, type LocalContext } from './local-context.js';

const seed = seedFromEnv();
console.log(`dfs client readInto faults seed ${seed} (COLONNADE_SEED=${seed} replays)`);
const rng = new SeededRng(seed);
const MiB = 1024 * 1024;
const SENTINEL = 0xa5;

let cluster: DfsMiniCluster;
let writer: DfsClient;
const rpc = new RpcClient();
const contexts: LocalContext[] = [];

beforeAll(async () => {
  cluster = await DfsMiniCluster.start(3);
  writer = cluster.client();
}, 30_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  rpc.close();
  await cluster?.shutdown();
});

function context(shortCircuit = true): LocalContext {
  const made = localContext(cluster.namenodeAddress, { shortCircuit });
  contexts.push(made);
  return made;
}

function workersOf(made: LocalContext): LocalReadWorkers {
  if (made.workers === undefined) throw new Error('no workers');
  return made.workers;
}

async function written(path: string, bytes: number, replication = 3): Promise<Buffer> {
  const data = randomBytes(rng, bytes);
  await writer.writeFile(path, data, { blockBytes: 4 * MiB, replication });
  return data;
}

function locations(path: string): Promise<LocatedBlocks> {
  return rpc
    .stub(NamenodeService, cluster.namenodeAddress)
    .getBlockLocations({ path, offset: 0, length: 0 });
}

function datanodeIndex(datanodeId: string): number {
  const index = cluster
    .runningDatanodes()
    .find((i) => cluster.datanode(i).datanodeId === datanodeId);
  if (index === undefined) throw new Error(`no running datanode ${datanodeId}`);
  return index;
}

/** Flips the middle byte of every copy of `blockId` under datanode `i`; returns its block offset. */
function corrupt(i: number, blockId: number): number {
  const files = cluster.replicaFiles(i, blockId);
  expect(files.length).toBeGreaterThan(0);
  let at = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] as number) ^ 0xff;
    writeFileSync(file, bytes);
  }
  return at;
}

/** Corrupts the replica of `path`'s first block on its first location: its id and the offset. */
async function corruptFirstReplica(path: string): Promise<{ datanodeId: string; at: number }> {
  const first = (await locations(path)).blocks[0];
  const holder = first?.locations[0];
  if (first === undefined || holder === undefined) throw new Error(`${path} has no first block`);
  return {
    datanodeId: holder.datanodeId,
    at: corrupt(datanodeIndex(holder.datanodeId), first.block.blockId),
  };
}

/** Everything from the position on, by readInto calls of `step` bytes into one reused buffer. */
async function readAllInto(stream: DfsInputStream, step: number): Promise<Buffer> {
  const target = Buffer.alloc(step);
  const pieces: Buffer[] = [];
  for (let n = await stream.readInto(target); n > 0; n = await stream.readInto(target)) {
    pieces.push(Buffer.from(target.subarray(0, n)));
  }
  return Buffer.concat(pieces);
}

describe('readInto and corrupt replicas', () => {
  for (const shortCircuit of [true, false]) {
    it(`reads the right bytes and reports the bad replica (short-circuit ${shortCircuit})`, async () => {
      const path = `/rif/corrupt-${shortCircuit}`;
      const data = await written(path, 5 * MiB + 77);
      const bad = await corruptFirstReplica(path);
      const made = context(shortCircuit);
      const stream = await DfsInputStream.open(made.ctx, path);
      expect((await readAllInto(stream, MiB)).equals(data)).toBe(true);
      await stream.close();
      await waitFor(
        async () => {
          const ids = (await locations(path)).blocks[0]?.locations.map((l) => l.datanodeId) ?? [];
          const at = ids.indexOf(bad.datanodeId);
          return at === -1 || (at === ids.length - 1 && ids.length > 1);
        },
        10_000,
        'the corrupt replica to be read last or dropped',
      );
      expect(made.workers?.slotsInUse).toBe(0);
    }, 30_000);
  }

  it('never copies bytes that failed their checksum; Checksum when every replica is', async () => {
    const data = await written('/rif/all-bad', 3 * MiB + 5, 1);
    const { at } = await corruptFirstReplica('/rif/all-bad');
    const made = context();
    const stream = await DfsInputStream.open(made.ctx, '/rif/all-bad');
    const target = Buffer.alloc(data.length, SENTINEL);
    await expect(stream.readInto(target)).rejects.toBeInstanceOf(ChecksumError);
    expect(target[at]).toBe(SENTINEL);
    expect((await stream.pread(0, 512)).equals(data.subarray(0, 512))).toBe(true);
    await stream.close();
    expect(workersOf(made).slotsInUse).toBe(0);
  }, 30_000);
});

describe('small positional reads on the calling thread', () => {
  const BLOCK = 64 * 1024;

  it('reads around a corrupt local replica without a worker, and reports it', async () => {
    const path = '/rif/inline-corrupt';
    const data = await written(path, 5 * MiB + 77);
    const { at } = await corruptFirstReplica(path);
    const made = context();
    const stream = await DfsInputStream.open(made.ctx, path);
    for (const start of [0, at - 1_000, at - BLOCK + 1, 4 * MiB - 100]) {
      const piece = await stream.pread(start, BLOCK);
      expect(piece.equals(data.subarray(start, start + BLOCK))).toBe(true);
    }
    await stream.close();
    expect(workersOf(made).requested).toBe(0);
  }, 30_000);

  it('never returns bytes that failed their checksum: Checksum when every replica is', async () => {
    const path = '/rif/inline-all-bad';
    const data = await written(path, MiB + 5, 1);
    const { at } = await corruptFirstReplica(path);
    const made = context();
    const stream = await DfsInputStream.open(made.ctx, path);
    await expect(stream.pread(at - 10, BLOCK)).rejects.toBeInstanceOf(ChecksumError);
    expect((await stream.pread(0, BLOCK)).equals(data.subarray(0, BLOCK))).toBe(true);
    await stream.close();
    expect(workersOf(made).requested).toBe(0);
  }, 30_000);
});

describe('short-circuit slots', () => {
  let data: Buffer;
  beforeAll(async () => {
    data = await written('/rif/slots', 9 * MiB + 300);
  });

  it('gives every slot back when a stream closes with reads in flight', async () => {
    const made = context();
    const workers = workersOf(made);
    const stream = await DfsInputStream.open(made.ctx, '/rif/slots');
    const target = Buffer.alloc(3 * MiB);
    expect(await stream.readInto(target, 0, MiB)).toBe(MiB);
    expect(target.subarray(0, MiB).equals(data.subarray(0, MiB))).toBe(true);
    expect(workers.slotsInUse).toBeGreaterThan(0);
    const reading = stream.readInto(target).then(
      (n) => expect(target.subarray(0, n).equals(data.subarray(MiB, MiB + n))).toBe(true),
      (error: unknown) => expect(error).toBeInstanceOf(StreamClosedError),
    );
    await stream.close();
    await reading;
    await waitFor(() => workers.slotsInUse === 0 && workers.pending === 0, 5_000, 'slots back');
  });

  it('gives the held piece and the reads ahead back on seek, then reads on', async () => {
    const made = context();
    const workers = workersOf(made);
    const stream = await DfsInputStream.open(made.ctx, '/rif/slots');
    const target = Buffer.alloc(MiB);
    expect(await stream.readInto(target)).toBe(MiB);
    stream.seek(5 * MiB - 3);
    await waitFor(() => workers.slotsInUse === 0, 5_000, 'slots back after seek');
    expect((await readAllInto(stream, MiB)).equals(data.subarray(5 * MiB - 3))).toBe(true);
    await stream.close();
    expect(workers.slotsInUse).toBe(0);
  });

  it('serves more streams than there are slots, and gets every slot back', async () => {
    const made = context();
    const workers = workersOf(made);
    const streams = await Promise.all(
      Array.from({ length: 5 }, () => DfsInputStream.open(made.ctx, '/rif/slots')),
    );
    const targets = streams.map(() => Buffer.alloc(MiB + 1));
    for (let round = 0; round < 3; round++) {
      const counts = await Promise.all(streams.map((s, i) => s.readInto(targets[i] as Buffer)));
      for (const [i, n] of counts.entries()) {
        const at = round * (MiB + 1);
        expect(n).toBe(MiB + 1);
        expect((targets[i] as Buffer).equals(data.subarray(at, at + n))).toBe(true);
      }
      expect(workers.slotsInUse).toBeLessThanOrEqual(
        LOCAL_READ_WORKERS * LOCAL_READ_SLOTS_PER_WORKER,
      );
    }
    await Promise.all(streams.map((s) => s.close()));
    expect(workers.slotsInUse).toBe(0);
  });

  it('reads through the datanode once the workers stop', async () => {
    const made = context();
    const stream = await DfsInputStream.open(made.ctx, '/rif/slots');
    const first = Buffer.alloc(MiB);
    expect(await stream.readInto(first)).toBe(MiB);
    await workersOf(made).close();
    const rest = await readAllInto(stream, 700_001);
    expect(Buffer.concat([first, rest]).equals(data)).toBe(true);
    await stream.close();
  });
});
