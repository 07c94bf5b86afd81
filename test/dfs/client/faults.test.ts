// INTEGRATION TESTS of the client under faults, on a mini cluster of real servers: a datanode of
// the write pipeline stops mid-write (pipeline recovery), and a replica's bytes are corrupted on
// disk (readers fail over, report it, and never return bad bytes). Seeded: COLONNADE_SEED replays.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SeededRng, seedFromEnv } from '../../../src/common/rng.js';
import { RpcClient } from '../../../src/rpc/index.js';
import { ChecksumError } from '../../../src/dfs/errors.js';
import { NamenodeService } from '../../../src/dfs/protocol.js';
import type { LocatedBlocks } from '../../../src/dfs/types.js';
import { DfsMiniCluster, waitFor } from '../../support/dfs-mini-cluster.js';
import { randomBytes } from './helpers.js';

const seed = seedFromEnv();
console.log(`dfs client faults seed ${seed} (COLONNADE_SEED=${seed} replays)`);
const rng = new SeededRng(seed);
const BLOCK = 64 * 1024;

let cluster: DfsMiniCluster | undefined;
const rpcs: RpcClient[] = [];

afterEach(async () => {
  for (const rpc of rpcs.splice(0)) rpc.close();
  await cluster?.shutdown();
  cluster = undefined;
});

async function locations(c: DfsMiniCluster, path: string): Promise<LocatedBlocks> {
  const rpc = new RpcClient();
  rpcs.push(rpc);
  return rpc
    .stub(NamenodeService, c.namenodeAddress)
    .getBlockLocations({ path, offset: 0, length: 0 });
}

function datanodeIndex(c: DfsMiniCluster, datanodeId: string): number {
  const index = c.runningDatanodes().find((i) => c.datanode(i).datanodeId === datanodeId);
  if (index === undefined) throw new Error(`no running datanode ${datanodeId}`);
  return index;
}

/** Flips one byte in the middle of every copy of `blockId` under datanode `i`. */
function corrupt(c: DfsMiniCluster, i: number, blockId: number): void {
  const files = c.replicaFiles(i, blockId);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const bytes = readFileSync(file);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] as number) ^ 0xff;
    writeFileSync(file, bytes);
  }
}

describe('pipeline recovery', () => {
  for (const victim of [0, 1, 2]) {
    it(`finishes the file when pipeline datanode #${victim} stops mid-write`, async () => {
      cluster = await DfsMiniCluster.start(4);
      const client = cluster.client();
      const data = randomBytes(rng, BLOCK * 2 + 30_000);
      const stream = await client.create('/faults/w', { blockBytes: BLOCK, replication: 3 });
      const half = BLOCK + 20_000;
      await stream.write(data.subarray(0, half));
      await stream.hflush();
      const located = await locations(cluster, '/faults/w');
      const pipeline = located.lastBlock?.locations ?? [];
      expect(pipeline.length).toBe(3);
      await cluster.stopDatanode(datanodeIndex(cluster, pipeline[victim]?.datanodeId ?? ''));
      await stream.write(data.subarray(half));
      await stream.close();
      const after = (await locations(cluster, '/faults/w')).blocks[1];
      expect(after?.block.genStamp).toBeGreaterThan(located.lastBlock?.block.genStamp ?? Infinity);
      expect(after?.locations.map((l) => l.datanodeId)).not.toContain(pipeline[victim]?.datanodeId);
      expect((await client.stat('/faults/w'))?.length).toBe(data.length);
      expect((await client.readFile('/faults/w')).equals(data)).toBe(true);
      const remote = cluster.client({ shortCircuit: false });
      expect((await remote.readFile('/faults/w')).equals(data)).toBe(true);
    }, 30_000);
  }

  it('keeps hflushed bytes when a datanode stops between hflushes', async () => {
    cluster = await DfsMiniCluster.start(4);
    const client = cluster.client();
    const data = randomBytes(rng, 5_000);
    const stream = await client.create('/faults/h', { blockBytes: BLOCK, replication: 3 });
    await stream.write(data.subarray(0, 1_000));
    await stream.hflush();
    const pipeline = (await locations(cluster, '/faults/h')).lastBlock?.locations ?? [];
    await cluster.stopDatanode(datanodeIndex(cluster, pipeline[0]?.datanodeId ?? ''));
    await stream.write(data.subarray(1_000));
    await stream.hflush();
    const view = await cluster.client().open('/faults/h');
    expect(view.length).toBe(data.length);
    expect((await view.read(data.length)).equals(data)).toBe(true);
    await view.close();
    await stream.close();
  }, 30_000);
});

describe('namenode restart', () => {
  it('reads files written before the restart, and writes after it', async () => {
    cluster = await DfsMiniCluster.start(3);
    const client = cluster.client();
    const data = randomBytes(rng, BLOCK * 2 + 100);
    await client.writeFile('/faults/before', data, { blockBytes: BLOCK });
    await cluster.restartNamenode();
    await cluster.waitForLiveDatanodes(3);
    expect((await client.readFile('/faults/before')).equals(data)).toBe(true);
    await client.writeFile('/faults/after', data, { blockBytes: BLOCK });
    expect((await client.readFile('/faults/after')).equals(data)).toBe(true);
  }, 30_000);
});

describe('corrupt replicas', () => {
  for (const shortCircuit of [true, false]) {
    it(`reads the right bytes and reports the bad replica (short-circuit ${shortCircuit})`, async () => {
      cluster = await DfsMiniCluster.start(3);
      const client = cluster.client({ shortCircuit });
      const data = randomBytes(rng, BLOCK + 5_000);
      await client.writeFile('/faults/c', data, { blockBytes: BLOCK, replication: 3 });
      const first = (await locations(cluster, '/faults/c')).blocks[0];
      const bad = first?.locations[0];
      if (first === undefined || bad === undefined) throw new Error('no first block');
      corrupt(cluster, datanodeIndex(cluster, bad.datanodeId), first.block.blockId);
      expect((await client.readFile('/faults/c')).equals(data)).toBe(true);
      await waitFor(
        async () => {
          const now = (await locations(cluster as DfsMiniCluster, '/faults/c')).blocks[0];
          const ids = now?.locations.map((l) => l.datanodeId) ?? [];
          const at = ids.indexOf(bad.datanodeId);
          return at === -1 || (at === ids.length - 1 && ids.length > 1);
        },
        10_000,
        'the corrupt replica to be read last or dropped',
      );
      expect((await client.readFile('/faults/c')).equals(data)).toBe(true);
    }, 30_000);
  }

  it('fails with Checksum when every replica is corrupt', async () => {
    cluster = await DfsMiniCluster.start(1);
    const client = cluster.client({ shortCircuit: false });
    const data = randomBytes(rng, 10_000);
    await client.writeFile('/faults/all', data, { replication: 1 });
    const block = (await locations(cluster, '/faults/all')).blocks[0];
    if (block === undefined) throw new Error('no block');
    corrupt(cluster, 0, block.block.blockId);
    const stream = await client.open('/faults/all');
    await expect(stream.read(data.length)).rejects.toBeInstanceOf(ChecksumError);
    expect((await stream.pread(0, 512)).equals(data.subarray(0, 512))).toBe(true);
    await stream.close();
  }, 30_000);
});
