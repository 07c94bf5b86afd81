// UNIT TESTS of the client's streams against a FAKE in-memory cluster (fake-dfs.ts), not the real
// servers: datanodes dying mid-pipeline, set-up failures, the in-flight window, fences, appends, and
// reads failing over from dead or corrupt replicas. Seeded: COLONNADE_SEED replays.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/common/clock.js';
import { ManualClock } from '../../../src/common/clock.js';
import { silentLogger } from '../../../src/common/log.js';
import { SeededRng, seedFromEnv } from '../../../src/common/rng.js';
import { DfsInputStream } from '../../../src/dfs/client/input-stream.js';
import { LeaseRenewer } from '../../../src/dfs/client/lease-renewer.js';
import { appendStream, createStream } from '../../../src/dfs/client/open-output.js';
import {
  BlockMissingError,
  ChecksumError,
  FencedError,
  PipelineError,
  StreamClosedError,
} from '../../../src/dfs/errors.js';
import {
  LEASE_RENEW_INTERVAL_MS,
  PACKET_BYTES,
  PACKETS_IN_FLIGHT_MAX,
} from '../../../src/dfs/limits.js';
import { FakeDfs } from './fake-dfs.js';
import { randomBytes } from './helpers.js';

const seed = seedFromEnv();
console.log(`dfs client streams seed ${seed} (COLONNADE_SEED=${seed} replays)`);

const BLOCK = 8192;

function create(dfs: FakeDfs, path: string, replication = 3, blockBytes = BLOCK) {
  return createStream(dfs.context(systemClock), path, { replication, blockBytes });
}

async function readBack(dfs: FakeDfs, path: string): Promise<Buffer> {
  const stream = await DfsInputStream.open(dfs.context(systemClock), path);
  try {
    return await stream.read(stream.length);
  } finally {
    await stream.close();
  }
}

/** The fake datanodes of the block being written (its current pipeline). */
function pipelineOf(dfs: FakeDfs, path: string) {
  const file = dfs.files.get(path);
  const last = file?.blocks[file.blocks.length - 1];
  return (last?.locations ?? []).map((l) => dfs.datanode(l.address));
}

describe('output stream with failing datanodes (fake cluster)', () => {
  it('writes exactly the bytes whatever datanode dies whenever', async () => {
    let run = 0;
    let recoveries = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 7 }),
        async (writes, flushes, victim, afterPackets, atWrite) => {
          const dfs = new FakeDfs(6, new SeededRng(seed + run));
          const path = `/p/${run++}`;
          const stream = await create(dfs, path);
          const chunks: Buffer[] = [];
          const rng = new SeededRng(seed + run);
          for (const [i, size] of writes.entries()) {
            if (i === atWrite) {
              const node = pipelineOf(dfs, path)[victim];
              if (node !== undefined) node.diesAfterPackets = afterPackets;
            }
            const data = randomBytes(rng, size);
            chunks.push(data);
            await stream.write(data);
            if (flushes[i] === true) await stream.hflush();
          }
          await stream.close();
          expect((await readBack(dfs, path)).equals(Buffer.concat(chunks))).toBe(true);
          recoveries += dfs.pipelineUpdates.length;
        },
      ),
      { seed, numRuns: 60 },
    );
    expect(recoveries).toBeGreaterThan(0);
  });

  it('replaces a dead datanode and records the new pipeline at a new stamp', async () => {
    const dfs = new FakeDfs(4, new SeededRng(seed));
    const stream = await create(dfs, '/r');
    const data = randomBytes(new SeededRng(seed), 6_000);
    await stream.write(data.subarray(0, 3_000));
    await stream.hflush();
    const [, middle] = pipelineOf(dfs, '/r');
    if (middle === undefined) throw new Error('no pipeline');
    middle.alive = false;
    await stream.write(data.subarray(3_000));
    await stream.hflush();
    expect(dfs.pipelineUpdates.length).toBe(1);
    const update = dfs.pipelineUpdates[0];
    expect(update?.newBlock.genStamp).toBeGreaterThan(update?.oldBlock.genStamp ?? Infinity);
    expect(update?.oldBlock.numBytes).toBe(3_000);
    expect(update?.nodes).toHaveLength(3);
    expect(update?.nodes).not.toContain(middle.info.datanodeId);
    expect(dfs.copies).toBe(1);
    await stream.close();
    expect((await readBack(dfs, '/r')).equals(data)).toBe(true);
  });

  it('abandons a block whose pipeline cannot be set up and excludes the datanode', async () => {
    const dfs = new FakeDfs(4, new SeededRng(seed));
    for (const node of dfs.datanodes.slice(0, 2)) node.refusesPipelines = true;
    const stream = await create(dfs, '/s');
    const data = randomBytes(new SeededRng(seed), 20_000);
    await stream.write(data);
    await stream.close();
    expect((await readBack(dfs, '/s')).equals(data)).toBe(true);
  });

  it('fails with Pipeline once no datanode of the pipeline is left', async () => {
    const dfs = new FakeDfs(1, new SeededRng(seed));
    const stream = await create(dfs, '/dead', 1);
    await stream.write(Buffer.alloc(1_000, 1));
    await stream.hflush();
    (dfs.datanodes[0] as { alive: boolean }).alive = false;
    await stream.write(Buffer.alloc(1_000, 2));
    await expect(stream.hflush()).rejects.toBeInstanceOf(PipelineError);
    await expect(stream.write(Buffer.alloc(1))).rejects.toBeInstanceOf(PipelineError);
  });

  it('stops for good with Fenced when the block stamp moved on', async () => {
    const dfs = new FakeDfs(3, new SeededRng(seed));
    const stream = await create(dfs, '/f');
    await stream.write(Buffer.alloc(700, 1));
    await stream.hflush();
    for (const node of dfs.datanodes) {
      for (const replica of node.replicas.values()) replica.genStamp += 100;
    }
    await stream.write(Buffer.alloc(700, 2));
    await expect(stream.hflush()).rejects.toBeInstanceOf(FencedError);
    await expect(stream.close()).rejects.toBeInstanceOf(FencedError);
  });

  it(`keeps at most PACKETS_IN_FLIGHT_MAX (${PACKETS_IN_FLIGHT_MAX}) packets in flight`, async () => {
    const dfs = new FakeDfs(3, new SeededRng(seed));
    const stream = await create(dfs, '/w', 3, 64 * 1024 * 1024);
    const data = Buffer.alloc(PACKET_BYTES * (PACKETS_IN_FLIGHT_MAX + 40), 7);
    await stream.write(data);
    await stream.close();
    const first = dfs.datanodes.map((d) => d.packetsInFlightMax);
    expect(Math.max(...first)).toBeLessThanOrEqual(PACKETS_IN_FLIGHT_MAX);
    expect(Math.max(...first)).toBeGreaterThan(1);
    expect((await readBack(dfs, '/w')).equals(data)).toBe(true);
  });

  it('refuses writes after close with StreamClosed, and after abort', async () => {
    const dfs = new FakeDfs(3, new SeededRng(seed));
    const closed = await create(dfs, '/c1');
    await closed.close();
    await expect(closed.write(Buffer.alloc(1))).rejects.toBeInstanceOf(StreamClosedError);
    const aborted = await create(dfs, '/c2');
    await aborted.write(Buffer.alloc(10));
    aborted.abort();
    await expect(aborted.hflush()).rejects.toBeInstanceOf(StreamClosedError);
    expect(dfs.files.get('/c2')?.holder).not.toBeNull();
  });
});

describe('append (fake cluster)', () => {
  for (const initial of [0, 1, 511, 512, 700, BLOCK - 1, BLOCK, BLOCK + 100]) {
    it(`goes on at the end of a file of ${initial} bytes`, async () => {
      const dfs = new FakeDfs(3, new SeededRng(seed));
      const rng = new SeededRng(seed + initial);
      const first = randomBytes(rng, initial);
      const writer = await create(dfs, '/a');
      await writer.write(first);
      await writer.close();
      const more = randomBytes(rng, 9_000);
      const appender = await appendStream(dfs.context(systemClock), '/a');
      expect(appender.position).toBe(initial);
      await appender.write(more.subarray(0, 100));
      await appender.hflush();
      await appender.write(more.subarray(100));
      await appender.close();
      expect((await readBack(dfs, '/a')).equals(Buffer.concat([first, more]))).toBe(true);
    });
  }

  it('recovers when a datanode of the reopened block is down', async () => {
    const dfs = new FakeDfs(4, new SeededRng(seed));
    const first = randomBytes(new SeededRng(seed), 1_000);
    const writer = await create(dfs, '/a2');
    await writer.write(first);
    await writer.close();
    const [, second] = pipelineOf(dfs, '/a2');
    if (second === undefined) throw new Error('no pipeline');
    second.alive = false;
    const appender = await appendStream(dfs.context(systemClock), '/a2');
    await appender.write(Buffer.from('more'));
    await appender.close();
    expect(dfs.pipelineUpdates).toHaveLength(1);
    expect((await readBack(dfs, '/a2')).equals(Buffer.concat([first, Buffer.from('more')]))).toBe(
      true,
    );
  });
});

describe('input stream failover (fake cluster)', () => {
  async function written(dfs: FakeDfs, size: number): Promise<Buffer> {
    const data = randomBytes(new SeededRng(seed), size);
    const stream = await create(dfs, '/in');
    await stream.write(data);
    await stream.close();
    return data;
  }

  it('reads around a corrupt replica and reports it', async () => {
    const dfs = new FakeDfs(3, new SeededRng(seed));
    const data = await written(dfs, 20_000);
    const first = dfs.files.get('/in')?.blocks[0];
    const bad = dfs.datanode(first?.locations[0]?.address ?? '');
    bad.corrupt(first?.block.blockId ?? 0, 1_000);
    expect((await readBack(dfs, '/in')).equals(data)).toBe(true);
    expect(dfs.badReports.map((r) => [r.block.blockId, r.datanodeId])).toEqual([
      [first?.block.blockId, bad.info.datanodeId],
    ]);
  });

  it('reads around dead datanodes', async () => {
    const dfs = new FakeDfs(3, new SeededRng(seed));
    const data = await written(dfs, 30_000);
    (dfs.datanodes[0] as { alive: boolean }).alive = false;
    (dfs.datanodes[1] as { alive: boolean }).alive = false;
    const stream = await DfsInputStream.open(dfs.context(systemClock), '/in');
    expect((await stream.pread(5_000, 20_000)).equals(data.subarray(5_000, 25_000))).toBe(true);
    stream.seek(29_000);
    expect((await stream.read(5_000)).equals(data.subarray(29_000))).toBe(true);
    await stream.close();
    expect(dfs.badReports).toEqual([]);
  });

  it('fails with Checksum when every replica is corrupt, BlockMissing when all are dead', async () => {
    const dfs = new FakeDfs(3, new SeededRng(seed));
    await written(dfs, 5_000);
    const block = dfs.files.get('/in')?.blocks[0];
    for (const node of dfs.datanodes) node.corrupt(block?.block.blockId ?? 0, 10);
    await expect(readBack(dfs, '/in')).rejects.toBeInstanceOf(ChecksumError);
    for (const node of dfs.datanodes) node.alive = false;
    await expect(readBack(dfs, '/in')).rejects.toBeInstanceOf(BlockMissingError);
  });

  it('sees the hflushed bytes of a file being written', async () => {
    const dfs = new FakeDfs(3, new SeededRng(seed));
    const stream = await create(dfs, '/open');
    const data = randomBytes(new SeededRng(seed), BLOCK + 3_000);
    await stream.write(data);
    await stream.hflush();
    const view = await DfsInputStream.open(dfs.context(systemClock), '/open');
    expect(view.length).toBe(data.length);
    expect((await view.read(data.length)).equals(data)).toBe(true);
    await view.close();
    await stream.close();
  });
});

describe('lease renewer', () => {
  it('renews every interval while a stream is open, and stops after', async () => {
    const clock = new ManualClock();
    let renewals = 0;
    const renewer = new LeaseRenewer(clock, async () => void (renewals += 1), silentLogger);
    const holder = { abort: () => undefined };
    renewer.add(holder);
    renewer.add({ abort: () => undefined });
    clock.advance(LEASE_RENEW_INTERVAL_MS);
    await Promise.resolve();
    await Promise.resolve();
    clock.advance(LEASE_RENEW_INTERVAL_MS);
    await Promise.resolve();
    expect(renewals).toBe(2);
    renewer.stop();
    clock.advance(LEASE_RENEW_INTERVAL_MS * 3);
    expect(renewals).toBe(2);
    expect(clock.pendingTimers).toBe(0);
  });
});
