// Lease recovery over real RPC with fake datanodes: recoverLease fences the writer at once, the
// primary's heartbeat carries `recover` with a newer stamp, commitBlockSynchronization closes the
// file at the new length; an empty last block closes at once; the hard limit and the recovery
// timeout (new stamp, new primary) run by themselves on the manual clock.
import { describe, expect, it } from 'vitest';
import type { Block, DatanodeCommand } from '../../../src/dfs/index.js';
import { RECOVERY_HOLDER } from '../../../src/dfs/namenode/index.js';
import {
  eventually,
  fakeDatanodes,
  startNamenode,
  type FakeDatanode,
  type Namenode,
} from './harness.js';

type Recover = Extract<DatanodeCommand, { kind: 'recover' }>;
const BLOCK_BYTES = 1 << 20;

async function openFile(nn: Namenode['nn'], path: string, clientName: string, replication = 3) {
  await nn.create({
    path,
    clientName,
    overwrite: false,
    createParent: true,
    replication,
    blockBytes: BLOCK_BYTES,
  });
  return (await nn.addBlock({ path, clientName, previous: null, excluded: [], favored: [] })).block;
}

/** Heartbeats every datanode until one is told to recover; returns it and the command. */
async function awaitRecover(datanodes: readonly FakeDatanode[]): Promise<[FakeDatanode, Recover]> {
  return eventually('a recover command', async () => {
    for (const datanode of datanodes) {
      const command = (await datanode.heartbeat()).find((c): c is Recover => c.kind === 'recover');
      if (command !== undefined) return [datanode, command] as [FakeDatanode, Recover];
    }
    return undefined;
  });
}

describe('lease recovery', () => {
  it('fences the writer, recovers the last block through the primary and closes the file', async () => {
    const namenode = await startNamenode({ tuning: { deadMs: 600_000, staleMs: 300_000 } });
    const { nn } = namenode;
    const datanodes = await fakeDatanodes(namenode, 3);
    const located = await openFile(nn, '/wal', 'rs1');
    expect(located.locations).toHaveLength(3);
    const rbw = { ...located.block, numBytes: 700, state: 'rbw' as const };
    for (const datanode of datanodes) await datanode.report([rbw]);

    expect(await nn.recoverLease({ path: '/wal', clientName: 'master' })).toEqual({
      closed: false,
    });
    const [primary, recover] = await awaitRecover(datanodes);
    expect(recover.block.blockId).toBe(located.block.blockId);
    expect(recover.newGenStamp).toBeGreaterThan(located.block.genStamp);
    expect(recover.replicas.map((d) => d.datanodeId).sort()).toEqual(
      datanodes.map((d) => d.info.datanodeId).sort(),
    );

    // The old writer is fenced from now on.
    const previous: Block = { ...located.block, numBytes: 700 };
    const fenced = { code: 'Fenced' };
    await expect(
      nn.addBlock({ path: '/wal', clientName: 'rs1', previous, excluded: [], favored: [] }),
    ).rejects.toMatchObject(fenced);
    await expect(
      nn.complete({ path: '/wal', clientName: 'rs1', last: previous }),
    ).rejects.toMatchObject(fenced);
    await expect(
      nn.updateBlockForPipeline({ block: located.block, clientName: 'rs1' }),
    ).rejects.toMatchObject(fenced);
    expect(await nn.recoverLease({ path: '/wal', clientName: 'master' })).toEqual({
      closed: false,
    });

    const outcome = {
      block: recover.block,
      newLength: 512,
      newTargets: datanodes.map((d) => d.info),
      closeFile: true,
    };
    await expect(
      primary.stub.commitBlockSynchronization({ ...outcome, newGenStamp: recover.newGenStamp + 5 }),
    ).rejects.toMatchObject(fenced);
    const recovered = {
      blockId: located.block.blockId,
      genStamp: recover.newGenStamp,
      numBytes: 512,
    };
    for (const datanode of datanodes) await datanode.received({ ...recovered, state: 'finalized' });
    await primary.stub.commitBlockSynchronization({ ...outcome, newGenStamp: recover.newGenStamp });

    expect(await nn.recoverLease({ path: '/wal', clientName: 'master' })).toEqual({ closed: true });
    expect(await nn.isFileClosed({ path: '/wal' })).toEqual({ closed: true });
    const { status } = await nn.getFileInfo({ path: '/wal' });
    expect(status).toMatchObject({ length: 512, underConstruction: false });
    const blocks = await nn.getBlockLocations({ path: '/wal', offset: 0, length: 0 });
    expect(blocks.fileLength).toBe(512);
    expect(blocks.blocks.map((b) => b.block)).toEqual([recovered]);
    expect(blocks.blocks[0]?.locations).toHaveLength(3);
    expect(blocks.lastBlockComplete).toBe(true);
    await expect(
      nn.addBlock({ path: '/wal', clientName: 'rs1', previous, excluded: [], favored: [] }),
    ).rejects.toMatchObject(fenced);
    expect(await nn.fsck({ path: '/' })).toMatchObject({ healthy: true, blocks: 1, replicas: 3 });
  });

  it('closes at once a file without blocks, or whose empty last block has no live location', async () => {
    const namenode = await startNamenode({ tuning: { deadMs: 10_000, staleMs: 4_000 } });
    const { nn, clock } = namenode;
    const [datanode] = await fakeDatanodes(namenode, 1);
    await nn.create({
      path: '/none',
      clientName: 'c1',
      overwrite: false,
      createParent: true,
      replication: 1,
      blockBytes: BLOCK_BYTES,
    });
    expect(await nn.recoverLease({ path: '/none', clientName: 'm' })).toEqual({ closed: true });

    const located = await openFile(nn, '/empty', 'c1', 1);
    expect(located.locations.map((d) => d.datanodeId)).toEqual([datanode?.info.datanodeId]);
    clock.advance(10_000); // the pipeline's only datanode falls silent and dies
    expect(await nn.recoverLease({ path: '/empty', clientName: 'm' })).toEqual({ closed: true });
    const blocks = await nn.getBlockLocations({ path: '/empty', offset: 0, length: 0 });
    expect(blocks).toMatchObject({
      fileLength: 0,
      blocks: [],
      lastBlock: null,
      underConstruction: false,
    });
  });

  it('recovers a lease past the hard limit by itself, and retries a silent primary', async () => {
    const namenode = await startNamenode({
      tuning: {
        deadMs: 600_000,
        staleMs: 300_000,
        leaseHardLimitMs: 60_000,
        blockRecoveryTimeoutMs: 10_000,
      },
    });
    const { nn, clock, server } = namenode;
    const datanodes = await fakeDatanodes(namenode, 2);
    const located = await openFile(nn, '/hard', 'rs2', 2);
    for (const datanode of datanodes) {
      await datanode.report([{ ...located.block, numBytes: 100, state: 'rbw' }]);
    }
    await nn.renewLease({ clientName: 'rs2' });
    clock.advance(59_000);
    expect(server.namesystem.namespace.fileAt('/hard').writer?.clientName).toBe('rs2');
    clock.advance(1_000);
    expect(server.namesystem.namespace.fileAt('/hard').writer?.clientName).toBe(RECOVERY_HOLDER);
    const [first, command] = await awaitRecover(datanodes);
    await expect(
      nn.addBlock({
        path: '/hard',
        clientName: 'rs2',
        previous: located.block,
        excluded: [],
        favored: [],
      }),
    ).rejects.toMatchObject({ code: 'Fenced' });

    // The primary never reports: after the timeout, another primary and a newer stamp.
    clock.advance(10_000);
    const others = datanodes.filter((d) => d !== first);
    const [second, retry] = await awaitRecover(others);
    expect(second).not.toBe(first);
    expect(retry.newGenStamp).toBeGreaterThan(command.newGenStamp);
    const outcome = {
      block: retry.block,
      newLength: 100,
      newTargets: datanodes.map((d) => d.info),
      closeFile: true,
    };
    await expect(
      first.stub.commitBlockSynchronization({ ...outcome, newGenStamp: command.newGenStamp }),
    ).rejects.toMatchObject({ code: 'Fenced' });
    await second.stub.commitBlockSynchronization({ ...outcome, newGenStamp: retry.newGenStamp });
    expect(await nn.isFileClosed({ path: '/hard' })).toEqual({ closed: true });
    expect((await nn.getFileInfo({ path: '/hard' })).status?.length).toBe(100);
  });

  it('lets another client take a file over after the soft limit', async () => {
    const namenode = await startNamenode({
      tuning: { deadMs: 600_000, staleMs: 300_000, leaseSoftLimitMs: 30_000 },
    });
    const { nn, clock } = namenode;
    await fakeDatanodes(namenode, 1);
    await nn.create({
      path: '/soft',
      clientName: 'w1',
      overwrite: false,
      createParent: true,
      replication: 1,
      blockBytes: BLOCK_BYTES,
    });
    const create = {
      path: '/soft',
      clientName: 'w2',
      overwrite: true,
      createParent: true,
      replication: 1,
      blockBytes: BLOCK_BYTES,
    };
    await expect(nn.create(create)).rejects.toMatchObject({
      code: 'LeaseConflict',
      retriable: false,
    });
    clock.advance(30_000);
    await expect(nn.create(create)).rejects.toMatchObject({
      code: 'LeaseConflict',
      retriable: true,
    });
    // The file had no blocks: recovery closed it, and the second writer may now overwrite it.
    await eventually('the file closed', async () =>
      (await nn.isFileClosed({ path: '/soft' })).closed ? true : undefined,
    );
    await expect(nn.create(create)).resolves.toMatchObject({ status: { underConstruction: true } });
  });
});
