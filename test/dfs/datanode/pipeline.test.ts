// The write pipeline on three real datanodes (TCP on loopback, files in temporary directories) and
// a fake namenode: ordering by seqno, partial chunks sent again, finalization and reports, checksum
// and stamp checks, a dead downstream datanode, pipeline recovery and append.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chunkChecksums } from '../../../src/dfs/checksum.js';
import { encodeMetaHeader, type DatanodeServer } from '../../../src/dfs/datanode/index.js';
import type { PacketRequest, PipelineAck, PipelineStage } from '../../../src/dfs/protocol.js';
import type { Block } from '../../../src/dfs/types.js';
import { bytes, Harness, packet, waitFor, type FakeNamenode } from './harness.js';

const h = new Harness();
afterEach(() => h.cleanup());

const BLOCK_ID = 1_073_741_825;
const CLIENT = 'DFSClient_test';

/** Packets as a client cuts them: steps of `step` bytes, a partial last chunk sent again. */
function packetsFor(
  block: Block,
  data: Buffer,
  steps: readonly number[],
  last: boolean,
  from = 0,
): PacketRequest[] {
  const out: PacketRequest[] = [];
  let sent = from;
  let i = 0;
  while (sent < data.length) {
    const offset = sent - (sent % 512);
    const end = Math.min(data.length, sent + (steps[i % steps.length] ?? 4096));
    out.push(packet(block.blockId, block.genStamp, i, offset, data.subarray(offset, end)));
    sent = end;
    i++;
  }
  const final = out.at(-1);
  if (last && final !== undefined) out[out.length - 1] = { ...final, last: true };
  return out;
}

function finalizedFiles(dn: DatanodeServer, blockId: number, genStamp: number) {
  const dir = join(dn.dataDir, 'current', 'finalized');
  return {
    data: readFileSync(join(dir, `blk_${blockId}`)),
    meta: readFileSync(join(dir, `blk_${blockId}_${genStamp}.meta`)),
  };
}

async function threeDatanodes(): Promise<{ nn: FakeNamenode; dns: DatanodeServer[] }> {
  const nn = await h.namenode();
  const dns = await Promise.all([h.datanode(nn), h.datanode(nn), h.datanode(nn)]);
  await waitFor('three registrations', () => nn.registrations.length === 3);
  return { nn, dns };
}

async function open(
  first: DatanodeServer,
  rest: DatanodeServer[],
  block: Block,
  stage: PipelineStage = 'create',
) {
  const ack = await h
    .stub(first)
    .openPipeline({ block, stage, downstream: rest.map((d) => d.info), clientName: CLIENT });
  expect(ack.ok).toBe(true);
  return h.stub(first);
}

describe('write pipeline', () => {
  it('writes packets in seqno order on three datanodes, finalizes and reports them', async () => {
    const { nn, dns } = await threeDatanodes();
    const [a, b, c] = dns as [DatanodeServer, DatanodeServer, DatanodeServer];
    const block = { blockId: BLOCK_ID, genStamp: 1001, numBytes: 0 };
    const stub = await open(a, [b, c], block);
    const data = bytes(150_000, 1);
    const packets = packetsFor(block, data, [1000, 7000, 4096, 65_536, 333], true);
    // Send everything at once, each pair swapped: datanodes must put them back in order.
    const order = packets.map((_, i) =>
      i % 2 === 0 ? Math.min(i + 1, packets.length - 1) : i - 1,
    );
    const acks = new Array<Promise<PipelineAck>>(packets.length);
    for (const i of order) acks[i] = stub.writePacket(packets[i] as PacketRequest);
    const answers = await Promise.all(acks);
    answers.forEach((ack, i) => {
      const p = packets[i] as PacketRequest;
      expect(ack).toEqual({ ok: true, bytesAcked: p.offset + p.data.length });
    });
    const expectedMeta = Buffer.concat([encodeMetaHeader(), chunkChecksums(data)]);
    for (const dn of dns) {
      expect(await h.stub(dn).replicaInfo({ blockId: BLOCK_ID })).toEqual({
        genStamp: 1001,
        state: 'finalized',
        visibleLength: data.length,
        bytesOnDisk: data.length,
      });
      const files = finalizedFiles(dn, BLOCK_ID, 1001);
      expect(files.data.equals(data)).toBe(true);
      expect(files.meta.equals(expectedMeta)).toBe(true);
    }
    await waitFor('incremental reports', () =>
      dns.every((dn) =>
        nn
          .received(dn.datanodeId)
          .some((r) => r.blockId === BLOCK_ID && r.numBytes === data.length),
      ),
    );
    expect(nn.received(a.datanodeId)).toContainEqual({
      blockId: BLOCK_ID,
      genStamp: 1001,
      numBytes: data.length,
      state: 'finalized',
    });
    await expect(
      stub.writePacket(packet(BLOCK_ID, 1001, packets.length, 0, Buffer.alloc(0))),
    ).rejects.toMatchObject({ code: 'ReplicaState' });
  });

  it('refuses a packet with a bad checksum and writes nothing of it', async () => {
    const { dns } = await threeDatanodes();
    const [a, b, c] = dns as [DatanodeServer, DatanodeServer, DatanodeServer];
    const block = { blockId: BLOCK_ID + 1, genStamp: 1001, numBytes: 0 };
    const stub = await open(a, [b, c], block);
    const data = bytes(3000, 2);
    expect(
      await stub.writePacket(packet(block.blockId, 1001, 0, 0, data.subarray(0, 1024))),
    ).toEqual({
      ok: true,
      bytesAcked: 1024,
    });
    const bad = packet(block.blockId, 1001, 1, 1024, data.subarray(1024, 3000));
    const checksums = Buffer.from(bad.checksums);
    checksums[5] = (checksums[5] ?? 0) ^ 1;
    await expect(stub.writePacket({ ...bad, checksums })).rejects.toMatchObject({
      code: 'Checksum',
    });
    for (const dn of dns) {
      const info = await h.stub(dn).replicaInfo({ blockId: block.blockId });
      expect(info).toMatchObject({ state: 'rbw', bytesOnDisk: 1024, visibleLength: 1024 });
    }
    // The seqno was not used up: the good packet goes through.
    expect(await stub.writePacket(bad)).toEqual({ ok: true, bytesAcked: 3000 });
  });

  it('fences packets of an older stamp, before and after pipeline recovery', async () => {
    const { dns } = await threeDatanodes();
    const [a, b, c] = dns as [DatanodeServer, DatanodeServer, DatanodeServer];
    const block = { blockId: BLOCK_ID + 2, genStamp: 1001, numBytes: 0 };
    const stub = await open(a, [b, c], block);
    const data = bytes(4000, 3);
    await expect(stub.writePacket(packet(block.blockId, 1000, 0, 0, data))).rejects.toMatchObject({
      code: 'Fenced',
    });
    expect(
      (await stub.writePacket(packet(block.blockId, 1001, 0, 0, data.subarray(0, 1500)))).ok,
    ).toBe(true);
    await open(a, [b, c], { ...block, genStamp: 1002, numBytes: 1500 }, 'recover');
    await expect(
      stub.writePacket(packet(block.blockId, 1001, 1, 1024, data.subarray(1024, 2000))),
    ).rejects.toMatchObject({ code: 'Fenced' });
    const next = packet(block.blockId, 1002, 0, 1024, data.subarray(1024), { last: true });
    expect(await stub.writePacket(next)).toEqual({ ok: true, bytesAcked: 4000 });
    for (const dn of dns)
      expect(finalizedFiles(dn, block.blockId, 1002).data.equals(data)).toBe(true);
  });

  it('names a dead downstream datanode by its place in the pipeline, then recovers without it', async () => {
    const { dns } = await threeDatanodes();
    const [a, b, c] = dns as [DatanodeServer, DatanodeServer, DatanodeServer];
    const block = { blockId: BLOCK_ID + 3, genStamp: 1001, numBytes: 0 };
    const stub = await open(a, [b, c], block);
    const data = bytes(5000, 4);
    expect(
      await stub.writePacket(packet(block.blockId, 1001, 0, 0, data.subarray(0, 2048))),
    ).toEqual({
      ok: true,
      bytesAcked: 2048,
    });
    await c.stop();
    const ack = await stub.writePacket(
      packet(block.blockId, 1001, 1, 2048, data.subarray(2048, 3000)),
    );
    expect(ack).toMatchObject({ ok: false, badIndex: 2 });
    const later = await stub.writePacket(
      packet(block.blockId, 1001, 2, 2560, data.subarray(2560, 4000)),
    );
    expect(later).toMatchObject({ ok: false, badIndex: 2 });
    // The client keeps the acknowledged bytes and goes on with a and b under a new stamp.
    await open(a, [b], { ...block, genStamp: 1002, numBytes: 2048 }, 'recover');
    const rest = packet(block.blockId, 1002, 0, 2048, data.subarray(2048), { last: true });
    expect(await stub.writePacket(rest)).toEqual({ ok: true, bytesAcked: 5000 });
    for (const dn of [a, b])
      expect(finalizedFiles(dn, block.blockId, 1002).data.equals(data)).toBe(true);
  });

  it('reopens a finalized replica for append under a new stamp', async () => {
    const nn = await h.namenode();
    const dn = await h.datanode(nn);
    const block = { blockId: BLOCK_ID + 4, genStamp: 1001, numBytes: 0 };
    const stub = await open(dn, [], block);
    const data = bytes(2000, 5);
    await stub.writePacket(
      packet(block.blockId, 1001, 0, 0, data.subarray(0, 700), { last: true }),
    );
    await expect(
      open(dn, [], { ...block, genStamp: 1002, numBytes: 600 }, 'append'),
    ).rejects.toMatchObject({
      code: 'ReplicaState',
    });
    await open(dn, [], { ...block, genStamp: 1002, numBytes: 700 }, 'append');
    expect(await stub.replicaInfo({ blockId: block.blockId })).toMatchObject({
      state: 'rbw',
      genStamp: 1002,
    });
    const more = packet(block.blockId, 1002, 0, 512, data.subarray(512), {
      last: true,
      sync: true,
    });
    expect(await stub.writePacket(more)).toEqual({ ok: true, bytesAcked: 2000 });
    const files = finalizedFiles(dn, block.blockId, 1002);
    expect(files.data.equals(data)).toBe(true);
    expect(files.meta.equals(Buffer.concat([encodeMetaHeader(), chunkChecksums(data)]))).toBe(true);
    await waitFor('append reported', () =>
      nn.received(dn.datanodeId).some((r) => r.genStamp === 1002 && r.numBytes === 2000),
    );
  });

  it('refuses to create a replica it already holds', async () => {
    const nn = await h.namenode();
    const dn = await h.datanode(nn);
    const block = { blockId: BLOCK_ID + 5, genStamp: 1001, numBytes: 0 };
    const stub = await open(dn, [], block);
    await stub.writePacket(packet(block.blockId, 1001, 0, 0, bytes(10, 6), { last: true }));
    await expect(open(dn, [], block)).rejects.toMatchObject({ code: 'ReplicaState' });
    await expect(open(dn, [], { ...block, blockId: BLOCK_ID + 6 }, 'append')).rejects.toMatchObject(
      {
        code: 'ReplicaNotFound',
      },
    );
  });
});
