// A namenode restarted on the same data directory: the namespace is intact (checkpoint + edits),
// leases are rebuilt from files under construction, and the namespace stays read-only (SafeMode)
// until enough blocks are reported, plus the extension.
import { describe, expect, it } from 'vitest';
import { eventually, fakeDatanodes, startNamenode, stopNamenode } from './harness.js';

const BLOCK_BYTES = 4_096;
const tuning = {
  safeModeExtensionMs: 5_000,
  checkpointEdits: 4,
  deadMs: 600_000,
  staleMs: 300_000,
};

describe('namenode restart', () => {
  it('keeps the namespace and stays in safe mode until blocks are reported', async () => {
    const first = await startNamenode({ tuning });
    expect(first.server.inSafeMode).toBe(false); // an empty namespace leaves at once
    const { nn } = first;
    const datanodes = await fakeDatanodes(first, 2);
    await nn.mkdirs({ path: '/a/b' });
    await nn.create({
      path: '/a/f',
      clientName: 'w1',
      overwrite: false,
      createParent: false,
      replication: 2,
      blockBytes: BLOCK_BYTES,
    });
    const { block } = await nn.addBlock({
      path: '/a/f',
      clientName: 'w1',
      previous: null,
      excluded: [],
      favored: [],
    });
    const written = { ...block.block, numBytes: 1_000 };
    for (const datanode of datanodes) await datanode.received({ ...written, state: 'finalized' });
    expect(await nn.complete({ path: '/a/f', clientName: 'w1', last: written })).toEqual({
      completed: true,
    });
    await nn.create({
      path: '/a/open',
      clientName: 'w1',
      overwrite: false,
      createParent: false,
      replication: 1,
      blockBytes: BLOCK_BYTES,
    });
    await nn.mkdirs({ path: '/gone/x' });
    await nn.rename({ src: '/a/b', dst: '/a/c' });
    await nn.delete({ path: '/gone', recursive: true });
    const before = await nn.listing({ path: '/a', startAfter: '' });
    expect(first.server.namesystem.editLog.checkpointTxid).toBeGreaterThan(0);
    await stopNamenode(first);

    const second = await startNamenode({ dataDir: first.dataDir, tuning });
    expect(second.server.inSafeMode).toBe(true);
    expect(await second.nn.listing({ path: '/a', startAfter: '' })).toEqual(before);
    expect((await second.nn.getFileInfo({ path: '/gone' })).status).toBeNull();
    await expect(second.nn.mkdirs({ path: '/x' })).rejects.toMatchObject({
      code: 'SafeMode',
      retriable: true,
    });
    expect((await second.nn.datanodeReport({})).safeMode).toBe(true);

    // The datanodes are unknown to the new namenode: told to register, then they report.
    const again = await fakeDatanodes(second, 2);
    expect(await again[0]?.heartbeat()).toEqual([]);
    await again[0]?.report([{ ...written, state: 'finalized' }]);
    expect(second.server.inSafeMode).toBe(true); // threshold reached: the extension runs
    second.clock.advance(4_999);
    await expect(second.nn.mkdirs({ path: '/x' })).rejects.toMatchObject({ code: 'SafeMode' });
    second.clock.advance(1);
    expect(second.server.inSafeMode).toBe(false);
    await second.nn.mkdirs({ path: '/x' });

    const located = await second.nn.getBlockLocations({ path: '/a/f', offset: 0, length: 0 });
    expect(located.blocks.map((b) => b.locations.map((d) => d.datanodeId))).toEqual([['dn-0']]);
    // The open file's lease was rebuilt: another writer conflicts.
    await expect(
      second.nn.create({
        path: '/a/open',
        clientName: 'w2',
        overwrite: true,
        createParent: false,
        replication: 1,
        blockBytes: BLOCK_BYTES,
      }),
    ).rejects.toMatchObject({ code: 'LeaseConflict' });
  });

  it('asks a datanode it does not know to register', async () => {
    const namenode = await startNamenode();
    expect(
      await namenode.dn.heartbeat({
        datanodeId: 'stranger',
        usage: { capacityBytes: 1, usedBytes: 0, remainingBytes: 1, activeTransfers: 0 },
      }),
    ).toEqual({
      commands: [{ kind: 'register' }],
    });
    await expect(
      namenode.dn.blockReport({ datanodeId: 'stranger', replicas: [] }),
    ).rejects.toMatchObject({ code: 'UnregisteredDatanode' });
  });

  it('answers only once an edit is durable: concurrent mutations all survive a restart', async () => {
    const first = await startNamenode({ tuning: { checkpointEdits: 16 } });
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => first.nn.mkdirs({ path: `/many/d${i}` })),
    );
    await stopNamenode(first);
    const second = await startNamenode({ dataDir: first.dataDir });
    const listing = await eventually('a listing', async () =>
      second.nn.listing({ path: '/many', startAfter: '' }),
    );
    expect(listing.entries).toHaveLength(60);
  });
});
