// A datanode restart on the same directory: same id; finalized replicas report finalized, rbw ones
// rwr (cut to their last valid chunk), temporary ones are gone with tmp/; a finalized replica whose
// meta file does not match its data is reported bad; pipelines do not survive; rwr recovers.
import { appendFileSync, existsSync, readdirSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DatanodeServer } from '../../../src/dfs/datanode/index.js';
import type { Block } from '../../../src/dfs/types.js';
import { bytes, FakeNamenode, Harness, packet, waitFor } from './harness.js';

const h = new Harness();
afterEach(() => h.cleanup());

const ID = 1_073_743_000;

async function write(
  dn: DatanodeServer,
  block: Block,
  data: Buffer,
  stage: 'create' | 'transfer',
  last: boolean,
) {
  const stub = h.stub(dn);
  await stub.openPipeline({ block, stage, downstream: [], clientName: 'c' });
  const ack = await stub.writePacket(packet(block.blockId, block.genStamp, 0, 0, data, { last }));
  expect(ack.ok).toBe(true);
}

describe('datanode restart', () => {
  it('reloads finalized as finalized, rbw as rwr, empties tmp, reports corrupt replicas', async () => {
    const nn = await h.namenode();
    const dir = h.tempDir();
    const dn = await h.datanode(nn, {}, dir);
    const id = dn.datanodeId;
    const gs = 1001;
    await write(dn, { blockId: ID, genStamp: gs, numBytes: 0 }, bytes(3000, 1), 'create', true);
    await write(
      dn,
      { blockId: ID + 1, genStamp: gs, numBytes: 0 },
      bytes(1300, 2),
      'create',
      false,
    );
    await write(
      dn,
      { blockId: ID + 2, genStamp: gs, numBytes: 0 },
      bytes(1300, 3),
      'create',
      false,
    );
    await write(
      dn,
      { blockId: ID + 3, genStamp: gs, numBytes: 0 },
      bytes(700, 4),
      'transfer',
      false,
    );
    await write(dn, { blockId: ID + 4, genStamp: gs, numBytes: 0 }, bytes(2000, 5), 'create', true);
    expect(readdirSync(join(dir, 'tmp'))).toHaveLength(2);
    await dn.stop();
    // A write torn between data and meta; a finalized meta file cut short.
    appendFileSync(join(dir, 'current', 'rbw', `blk_${ID + 2}`), bytes(100, 6));
    truncateSync(join(dir, 'current', 'finalized', `blk_${ID + 4}_${gs}.meta`), 11);

    const reportsBefore = nn.blockReports.length;
    const again = await h.datanode(nn, {}, dir);
    expect(again.datanodeId).toBe(id);
    await waitFor('a block report', () => nn.blockReports.length > reportsBefore);
    const report = nn.lastBlockReport(id) ?? [];
    const byId = new Map(report.map((r) => [r.blockId, r]));
    expect(byId.get(ID)).toEqual({ blockId: ID, genStamp: gs, numBytes: 3000, state: 'finalized' });
    expect(byId.get(ID + 1)).toEqual({
      blockId: ID + 1,
      genStamp: gs,
      numBytes: 1300,
      state: 'rwr',
    });
    expect(byId.get(ID + 2)).toEqual({
      blockId: ID + 2,
      genStamp: gs,
      numBytes: 1024,
      state: 'rwr',
    });
    expect(byId.has(ID + 3)).toBe(false);
    expect(byId.get(ID + 4)?.state).toBe('finalized');
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
    await waitFor('the corrupt replica reported', () =>
      nn.bad.some((b) => b.block.blockId === ID + 4 && b.datanodeId === id),
    );

    // No pipeline survives a restart; the rwr replica waits for recovery, and can be read.
    const stub = h.stub(again);
    await expect(stub.writePacket(packet(ID + 1, gs, 1, 1024, bytes(10, 7)))).rejects.toMatchObject(
      { code: 'ReplicaState' },
    );
    const read = await stub.readBlock({ blockId: ID + 1, genStamp: gs, offset: 0, length: 5000 });
    expect(Buffer.from(read.data).equals(bytes(1300, 2))).toBe(true);
    const reopened = await stub.openPipeline({
      block: { blockId: ID + 1, genStamp: gs + 1, numBytes: 1300 },
      stage: 'recover',
      downstream: [],
      clientName: 'c',
    });
    expect(reopened).toEqual({ ok: true, bytesAcked: 1300 });
    expect(existsSync(join(dir, 'current', 'rbw', `blk_${ID + 1}_${gs + 1}.meta`))).toBe(true);
  });

  it('registers once the namenode comes up, and again when told to', async () => {
    const probe = await FakeNamenode.start();
    const port = Number(probe.address.split(':')[1]);
    await probe.stop();
    const dn = await h.datanode(probe, { blockReportIntervalMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(dn.registered).toBe(false);
    const nn = await FakeNamenode.start(port);
    h.namenodes.push(nn);
    await waitFor(
      'registration',
      () => nn.registrations.length === 1 && nn.blockReports.length === 1,
    );
    await waitFor('heartbeats', () => (nn.heartbeats.get(dn.datanodeId) ?? 0) >= 2);
    await waitFor('a periodic full block report', () => nn.blockReports.length >= 2);
    const before = nn.blockReports.length;
    nn.command(dn.datanodeId, { kind: 'register' });
    await waitFor(
      'registration again',
      () => nn.registrations.length === 2 && nn.blockReports.length > before,
    );
    expect(nn.registrations[1]).toEqual(dn.info);
  });
});
