// A file's life over RPC with fake datanodes: blocks committed then completed by replica reports,
// NotReplicatedYet, complete() polling, locations of a file being written, append with pipeline
// recovery, deletes queueing replica deletions, leases following renames, the datanode report.
import { describe, expect, it } from 'vitest';
import type { Block, DatanodeCommand } from '../../../src/dfs/index.js';
import { fakeDatanodes, startNamenode } from './harness.js';

const BLOCK_BYTES = 1_024;
const tuning = { deadMs: 600_000, staleMs: 300_000 };

function finalized(block: Block) {
  return { ...block, state: 'finalized' as const };
}

describe('namenode write path', () => {
  it('writes, appends with pipeline recovery, and deletes a file', async () => {
    const namenode = await startNamenode({ tuning });
    const { nn } = namenode;
    const datanodes = await fakeDatanodes(namenode, 3);
    const [dn0, dn1, dn2] = datanodes;
    if (dn0 === undefined || dn1 === undefined || dn2 === undefined) throw new Error('datanodes');
    const path = '/dir/f';
    await nn.create({
      path,
      clientName: 'c1',
      overwrite: false,
      createParent: true,
      replication: 3,
      blockBytes: BLOCK_BYTES,
    });
    const first = (
      await nn.addBlock({
        path,
        clientName: 'c1',
        previous: null,
        excluded: [],
        favored: [dn1.info],
      })
    ).block;
    expect(first.locations[0]).toEqual(dn1.info);
    // A retry whose first answer was lost gets the same block again.
    const retry = { path, clientName: 'c1', previous: null, excluded: [], favored: [dn1.info] };
    expect((await nn.addBlock(retry)).block).toEqual(first);
    expect(new Set(first.locations.map((d) => d.datanodeId)).size).toBe(3);

    const writing = await nn.getBlockLocations({ path, offset: 0, length: 0 });
    expect(writing).toMatchObject({
      fileLength: 0,
      blocks: [],
      underConstruction: true,
      lastBlockComplete: false,
    });
    expect(writing.lastBlock?.locations).toHaveLength(3);

    const b1 = { ...first.block, numBytes: BLOCK_BYTES };
    const second = (
      await nn.addBlock({ path, clientName: 'c1', previous: b1, excluded: [dn2.info], favored: [] })
    ).block;
    expect(second.offset).toBe(BLOCK_BYTES);
    expect(second.locations.map((d) => d.datanodeId).sort()).toEqual(['dn-0', 'dn-1']);
    const b2 = { ...second.block, numBytes: 500 };
    await expect(
      nn.addBlock({ path, clientName: 'c1', previous: b2, excluded: [], favored: [] }),
    ).rejects.toMatchObject({ code: 'NotReplicatedYet', retriable: true });
    expect(await nn.complete({ path, clientName: 'c1', last: b2 })).toEqual({ completed: false });
    for (const d of datanodes) await d.received(finalized(b1));
    expect(await nn.complete({ path, clientName: 'c1', last: b2 })).toEqual({ completed: false });
    await dn0.received(finalized(b2));
    expect(await nn.complete({ path, clientName: 'c1', last: b2 })).toEqual({ completed: true });

    const closed = await nn.getBlockLocations({ path, offset: 0, length: 0 });
    expect(closed.fileLength).toBe(BLOCK_BYTES + 500);
    expect(closed.blocks.map((b) => [b.offset, b.block])).toEqual([
      [0, b1],
      [BLOCK_BYTES, b2],
    ]);
    const tail = await nn.getBlockLocations({ path, offset: BLOCK_BYTES + 100, length: 10 });
    expect(tail.blocks.map((b) => b.block.blockId)).toEqual([b2.blockId]);

    // Append reopens the partial last block under a new stamp, at its finalized replica.
    const appended = await nn.append({ path, clientName: 'c2' });
    expect(appended.status.underConstruction).toBe(true);
    const reopened = appended.lastBlock;
    expect(reopened?.block.genStamp).toBeGreaterThan(b2.genStamp);
    expect(reopened?.locations).toEqual([dn0.info]);
    if (reopened === null) throw new Error('no last block');
    // Pipeline recovery: a new stamp, one more datanode, the pipeline recorded.
    const { block: restamped } = await nn.updateBlockForPipeline({
      block: reopened.block,
      clientName: 'c2',
    });
    expect(restamped.genStamp).toBeGreaterThan(reopened.block.genStamp);
    const { datanode: extra } = await nn.getAdditionalDatanode({
      path,
      clientName: 'c2',
      block: reopened.block,
      existing: [dn0.info],
      excluded: [dn2.info],
    });
    expect(extra).toEqual(dn1.info);
    await nn.updatePipeline({
      clientName: 'c2',
      oldBlock: reopened.block,
      newBlock: { ...restamped, numBytes: 500 },
      newNodes: [dn0.info, dn1.info],
    });
    await expect(
      nn.updatePipeline({
        clientName: 'c1',
        oldBlock: restamped,
        newBlock: restamped,
        newNodes: [],
      }),
    ).rejects.toMatchObject({ code: 'Fenced' });
    const b2again = { ...restamped, numBytes: 800 };
    expect(await nn.complete({ path, clientName: 'c2', last: b2again })).toEqual({
      completed: false,
    });
    await dn1.received(finalized(b2again));
    expect(await nn.complete({ path, clientName: 'c2', last: b2again })).toEqual({
      completed: true,
    });
    expect((await nn.getFileInfo({ path })).status?.length).toBe(BLOCK_BYTES + 800);
    // dn0 still reports the old stamp: stale, so deleted.
    await dn0.report([finalized(b1), finalized(b2)]);
    expect(await dn0.heartbeat()).toEqual([{ kind: 'invalidate', blocks: [b2] }]);

    // Deleting the file deletes its replicas on the datanodes that hold them.
    expect(await nn.delete({ path: '/dir', recursive: true })).toEqual({ deleted: true });
    const invalidated = async (d: typeof dn0): Promise<number[]> =>
      (await d.heartbeat()).flatMap((c: DatanodeCommand) =>
        c.kind === 'invalidate' ? c.blocks.map((b) => b.blockId) : [],
      );
    expect((await invalidated(dn0)).sort()).toEqual([b1.blockId]);
    expect((await invalidated(dn1)).sort()).toEqual([b1.blockId, b2.blockId].sort());
    expect(await invalidated(dn2)).toEqual([b1.blockId]);

    const report = await nn.datanodeReport({});
    expect(report.safeMode).toBe(false);
    expect(report.datanodes.map((d) => [d.datanodeId, d.state]).sort()).toEqual([
      ['dn-0', 'live'],
      ['dn-1', 'live'],
      ['dn-2', 'live'],
    ]);
  });

  it('moves a lease with its file on rename and drops it on delete', async () => {
    const namenode = await startNamenode({ tuning });
    const { nn, server } = namenode;
    await fakeDatanodes(namenode, 1);
    await nn.create({
      path: '/g',
      clientName: 'c3',
      overwrite: false,
      createParent: true,
      replication: 1,
      blockBytes: BLOCK_BYTES,
    });
    await nn.mkdirs({ path: '/into' });
    await nn.rename({ src: '/g', dst: '/into' });
    await nn.addBlock({
      path: '/into/g',
      clientName: 'c3',
      previous: null,
      excluded: [],
      favored: [],
    });
    await expect(
      nn.create({
        path: '/into/g',
        clientName: 'c4',
        overwrite: true,
        createParent: false,
        replication: 1,
        blockBytes: BLOCK_BYTES,
      }),
    ).rejects.toMatchObject({ code: 'LeaseConflict' });
    expect(server.namesystem.leases.size).toBe(1);
    await nn.delete({ path: '/into/g', recursive: false });
    expect(server.namesystem.leases.size).toBe(0);
    expect(await nn.fsck({ path: '/' })).toMatchObject({ files: 0, directories: 2, healthy: true });
  });

  it('reports missing and under-replicated blocks in fsck', async () => {
    const namenode = await startNamenode({ tuning });
    const { nn } = namenode;
    const [dn0] = await fakeDatanodes(namenode, 2);
    for (const name of ['/h1', '/h2']) {
      await nn.create({
        path: name,
        clientName: 'c',
        overwrite: false,
        createParent: true,
        replication: 2,
        blockBytes: BLOCK_BYTES,
      });
      const { block } = await nn.addBlock({
        path: name,
        clientName: 'c',
        previous: null,
        excluded: [],
        favored: [],
      });
      const last = { ...block.block, numBytes: 10 };
      if (name === '/h1') await dn0?.received(finalized(last));
      const done = await nn.complete({ path: name, clientName: 'c', last });
      if (name === '/h2') {
        expect(done).toEqual({ completed: false });
        await nn.recoverLease({ path: name, clientName: 'm' });
      }
    }
    const report = await nn.fsck({ path: '/h1' });
    expect(report).toMatchObject({
      files: 1,
      blocks: 1,
      replicas: 1,
      underReplicatedBlocks: 1,
      healthy: true,
    });
    expect(report.problems).toEqual([
      expect.stringMatching(/^\/h1 blk_1073741825_1001: 1 of 2 live replicas$/),
    ]);
  });
});
