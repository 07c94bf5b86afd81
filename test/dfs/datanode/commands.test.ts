// The namenode's commands on heartbeat answers, run by real datanodes: block recovery as primary,
// transfer (re-replication), invalidate; the scanner finding a flipped byte; copyReplica seeding a
// replacement datanode during a client's pipeline recovery.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chunkChecksums } from '../../../src/dfs/checksum.js';
import { encodeMetaHeader, type DatanodeServer } from '../../../src/dfs/datanode/index.js';
import type { Block } from '../../../src/dfs/types.js';
import { bytes, Harness, packet, waitFor } from './harness.js';

const h = new Harness();
afterEach(() => h.cleanup());

const ID = 1_073_744_000;

/** Opens a one-datanode pipeline on `dn` and writes `data` in packets of at most 64 KiB. */
async function writeAlone(dn: DatanodeServer, block: Block, data: Buffer, last: boolean) {
  const stub = h.stub(dn);
  const open = await stub.openPipeline({ block, stage: 'create', downstream: [], clientName: 'c' });
  expect(open.ok).toBe(true);
  const acks = [];
  for (let seqno = 0, offset = 0; offset < data.length || seqno === 0; seqno++, offset += 65_536) {
    const end = Math.min(data.length, offset + 65_536);
    const isLast = last && end === data.length;
    acks.push(
      stub.writePacket(
        packet(block.blockId, block.genStamp, seqno, offset, data.subarray(offset, end), {
          last: isLast,
        }),
      ),
    );
  }
  for (const ack of await Promise.all(acks)) expect(ack.ok).toBe(true);
}

function files(dn: DatanodeServer, dir: 'finalized' | 'rbw', blockId: number, genStamp: number) {
  const base = join(dn.dataDir, 'current', dir);
  return {
    data: readFileSync(join(base, `blk_${blockId}`)),
    meta: readFileSync(join(base, `blk_${blockId}_${genStamp}.meta`)),
  };
}

describe('commands', () => {
  it('recovers a block as primary: the shortest rbw length, the new stamp, finalized everywhere', async () => {
    const nn = await h.namenode();
    const dns = await Promise.all([h.datanode(nn), h.datanode(nn), h.datanode(nn)]);
    const [a, b, c] = dns as [DatanodeServer, DatanodeServer, DatanodeServer];
    const block = { blockId: ID, genStamp: 1001, numBytes: 0 };
    const data = bytes(5000, 1);
    await writeAlone(a, block, data.subarray(0, 5000), false);
    await writeAlone(b, block, data.subarray(0, 1000), false);
    await writeAlone(c, block, data.subarray(0, 3000), false);
    await waitFor('registrations', () => nn.registrations.length === 3);
    nn.command(b.datanodeId, {
      kind: 'recover',
      block,
      newGenStamp: 1002,
      replicas: dns.map((d) => d.info),
    });
    await waitFor('commitBlockSynchronization', () => nn.commits.length === 1);
    const commit = nn.commits[0];
    expect(commit).toMatchObject({ block, newGenStamp: 1002, newLength: 1000, closeFile: true });
    expect(new Set(commit?.newTargets.map((t) => t.datanodeId))).toEqual(
      new Set(dns.map((d) => d.datanodeId)),
    );
    const expected = Buffer.concat([encodeMetaHeader(), chunkChecksums(data.subarray(0, 1000))]);
    for (const dn of dns) {
      expect(await h.stub(dn).replicaInfo({ blockId: ID })).toEqual({
        genStamp: 1002,
        state: 'finalized',
        visibleLength: 1000,
        bytesOnDisk: 1000,
      });
      const f = files(dn, 'finalized', ID, 1002);
      expect(f.data.equals(data.subarray(0, 1000))).toBe(true);
      expect(f.meta.equals(expected)).toBe(true);
      await waitFor('reported', () => nn.received(dn.datanodeId).some((r) => r.genStamp === 1002));
    }
    // The writer on a was stopped: its next packet is fenced.
    await expect(
      h.stub(a).writePacket(packet(ID, 1001, 1, 4608, data.subarray(4608))),
    ).rejects.toMatchObject({ code: 'Fenced' });
  });

  it('stops a writer on initReplicaRecovery', async () => {
    const nn = await h.namenode();
    const dn = await h.datanode(nn);
    const block = { blockId: ID + 1, genStamp: 1001, numBytes: 0 };
    await writeAlone(dn, block, bytes(700, 2), false);
    const stub = h.stub(dn);
    expect(await stub.initReplicaRecovery({ block, newGenStamp: 1005 })).toEqual({
      replica: { blockId: ID + 1, genStamp: 1001, numBytes: 700, state: 'rbw' },
    });
    await expect(
      stub.writePacket(packet(ID + 1, 1001, 1, 512, bytes(300, 3))),
    ).rejects.toMatchObject({
      code: 'Fenced',
    });
    expect(await stub.replicaInfo({ blockId: ID + 1 })).toMatchObject({ state: 'rur' });
    await expect(
      stub.updateReplicaUnderRecovery({ blockId: ID + 1, newGenStamp: 1004, newLength: 500 }),
    ).rejects.toMatchObject({ code: 'Fenced' });
    await expect(
      stub.updateReplicaUnderRecovery({ blockId: ID + 1, newGenStamp: 1005, newLength: 800 }),
    ).rejects.toMatchObject({ code: 'ReplicaState' });
    expect(
      await stub.updateReplicaUnderRecovery({ blockId: ID + 1, newGenStamp: 1005, newLength: 600 }),
    ).toEqual({
      block: { blockId: ID + 1, genStamp: 1005, numBytes: 600 },
    });
    expect(files(dn, 'finalized', ID + 1, 1005).meta.subarray(7)).toEqual(
      chunkChecksums(bytes(700, 2).subarray(0, 600)),
    );
    expect(
      await stub.initReplicaRecovery({ block: { ...block, blockId: ID + 99 }, newGenStamp: 1006 }),
    ).toEqual({
      replica: null,
    });
  });

  it('transfers a finalized replica to its targets, which finalize and report it', async () => {
    const nn = await h.namenode();
    const dns = await Promise.all([h.datanode(nn), h.datanode(nn), h.datanode(nn)]);
    const [a, b, c] = dns as [DatanodeServer, DatanodeServer, DatanodeServer];
    const data = bytes(200_000 + 77, 4);
    const block = { blockId: ID + 2, genStamp: 1001, numBytes: data.length };
    await writeAlone(a, { ...block, numBytes: 0 }, data, true);
    await waitFor('registrations', () => nn.registrations.length === 3);
    nn.command(a.datanodeId, { kind: 'transfer', block, targets: [b.info, c.info] });
    await waitFor('both targets report it', () =>
      [b, c].every((dn) => nn.received(dn.datanodeId).some((r) => r.blockId === block.blockId)),
    );
    const source = files(a, 'finalized', block.blockId, 1001);
    for (const dn of [b, c]) {
      const copy = files(dn, 'finalized', block.blockId, 1001);
      expect(copy.data.equals(source.data)).toBe(true);
      expect(copy.meta.equals(source.meta)).toBe(true);
      expect(nn.received(dn.datanodeId)).toContainEqual({ ...block, state: 'finalized' });
    }
  });

  it('a transfer whose source fails its checksums reports the source bad', async () => {
    const nn = await h.namenode();
    const [a, b] = (await Promise.all([h.datanode(nn), h.datanode(nn)])) as [
      DatanodeServer,
      DatanodeServer,
    ];
    const data = bytes(70_000, 10);
    const block = { blockId: ID + 8, genStamp: 1001, numBytes: data.length };
    await writeAlone(a, { ...block, numBytes: 0 }, data, true);
    const path = join(a.dataDir, 'current', 'finalized', `blk_${ID + 8}`);
    const onDisk = readFileSync(path);
    onDisk[66_000] = (onDisk[66_000] ?? 0) ^ 1;
    writeFileSync(path, onDisk);
    await waitFor('registrations', () => nn.registrations.length === 2);
    nn.command(a.datanodeId, { kind: 'transfer', block, targets: [b.info] });
    await waitFor('the source reported bad', () =>
      nn.bad.some((r) => r.block.blockId === ID + 8 && r.datanodeId === a.datanodeId),
    );
    expect(nn.received(b.datanodeId).some((r) => r.blockId === ID + 8)).toBe(false);
  });

  it('invalidates replicas: files gone, reported deleted; a newer stamp is kept', async () => {
    const nn = await h.namenode();
    const dn = await h.datanode(nn);
    const block = { blockId: ID + 3, genStamp: 1001, numBytes: 10 };
    await writeAlone(dn, { ...block, numBytes: 0 }, bytes(10, 5), true);
    await writeAlone(dn, { blockId: ID + 4, genStamp: 1003, numBytes: 0 }, bytes(10, 6), true);
    await waitFor('registration', () => nn.registrations.length === 1);
    nn.command(dn.datanodeId, {
      kind: 'invalidate',
      blocks: [block, { blockId: ID + 4, genStamp: 1002, numBytes: 10 }],
    });
    await waitFor('deleted reported', () => nn.deleted(dn.datanodeId).includes(ID + 3));
    expect(() => files(dn, 'finalized', ID + 3, 1001)).toThrow(/ENOENT/);
    await expect(h.stub(dn).replicaInfo({ blockId: ID + 3 })).rejects.toMatchObject({
      code: 'ReplicaNotFound',
    });
    expect(await h.stub(dn).replicaInfo({ blockId: ID + 4 })).toMatchObject({ genStamp: 1003 });
    expect(nn.deleted(dn.datanodeId)).not.toContain(ID + 4);
  });

  it('scanner: a flipped byte in a finalized replica is reported bad', async () => {
    const nn = await h.namenode();
    const dn = await h.datanode(nn, { scanIntervalMs: 20 });
    const data = bytes(300_000, 7);
    await writeAlone(dn, { blockId: ID + 5, genStamp: 1001, numBytes: 0 }, data, true);
    await writeAlone(dn, { blockId: ID + 6, genStamp: 1001, numBytes: 0 }, bytes(5000, 8), true);
    const path = join(dn.dataDir, 'current', 'finalized', `blk_${ID + 5}`);
    const onDisk = readFileSync(path);
    onDisk[200_000] = (onDisk[200_000] ?? 0) ^ 0x40;
    writeFileSync(path, onDisk);
    await waitFor('reportBadBlocks', () => nn.bad.some((b) => b.block.blockId === ID + 5));
    expect(nn.bad.find((b) => b.block.blockId === ID + 5)).toEqual({
      block: { blockId: ID + 5, genStamp: 1001, numBytes: data.length },
      datanodeId: dn.datanodeId,
    });
    expect(nn.bad.some((b) => b.block.blockId === ID + 6)).toBe(false);
  });

  it('copyReplica seeds a replacement with an rbw replica a recover pipeline can reopen', async () => {
    const nn = await h.namenode();
    const [a, b] = (await Promise.all([h.datanode(nn), h.datanode(nn)])) as [
      DatanodeServer,
      DatanodeServer,
    ];
    const data = bytes(150_000, 9);
    await writeAlone(a, { blockId: ID + 7, genStamp: 1001, numBytes: 0 }, data, false);
    const acked = 100_000 + 123;
    const copied = await h.stub(a).copyReplica({
      block: { blockId: ID + 7, genStamp: 1002, numBytes: acked },
      target: b.info,
      stage: 'recover',
    });
    expect(copied).toEqual({ bytes: acked });
    expect(await h.stub(b).replicaInfo({ blockId: ID + 7 })).toMatchObject({
      state: 'rbw',
      genStamp: 1002,
      bytesOnDisk: acked,
    });
    const copy = files(b, 'rbw', ID + 7, 1002);
    expect(copy.data.equals(data.subarray(0, acked))).toBe(true);
    expect(copy.meta.subarray(7).equals(chunkChecksums(data.subarray(0, acked)))).toBe(true);
    const reopen = await h.stub(a).openPipeline({
      block: { blockId: ID + 7, genStamp: 1002, numBytes: acked },
      stage: 'recover',
      downstream: [b.info],
      clientName: 'c',
    });
    expect(reopen).toEqual({ ok: true, bytesAcked: acked });
    const offset = acked - (acked % 512);
    const rest = packet(ID + 7, 1002, 0, offset, data.subarray(offset), { last: true });
    expect(await h.stub(a).writePacket(rest)).toEqual({ ok: true, bytesAcked: data.length });
    expect(files(b, 'finalized', ID + 7, 1002).data.equals(data)).toBe(true);
  });
});
