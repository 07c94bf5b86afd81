// Reads from a datanode: chunk alignment, the visible length of a replica being written (its last
// partial chunk's checksum computed afresh while the pipeline has not acknowledged more), reads
// past the end, short-circuit paths, and malformed requests answered with typed errors.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/common/errors.js';
import { chunkChecksums } from '../../../src/dfs/checksum.js';
import type { DatanodeServer } from '../../../src/dfs/datanode/index.js';
import { DatanodeService, type PipelineAck } from '../../../src/dfs/protocol.js';
import { READ_CALL_BYTES_MAX } from '../../../src/dfs/limits.js';
import { RpcServer } from '../../../src/rpc/index.js';
import { parseHostPort } from '../../../src/common/host-port.js';
import { bytes, Harness, packet, waitFor } from './harness.js';

const h = new Harness();
const servers: RpcServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close(50)));
  await h.cleanup();
});

const BLOCK_ID = 1_073_742_000;

/** A downstream "datanode" whose packet answers wait until the test releases them. */
async function slowDownstream(): Promise<{
  address: string;
  waiting: () => number;
  releaseOne: () => void;
  release: () => void;
}> {
  const waiting: (() => void)[] = [];
  let released = false;
  const refuse = (): never => {
    throw new InvalidArgumentError('not served by this fake');
  };
  const server = new RpcServer();
  server.register(DatanodeService, {
    openPipeline: () => ({ ok: true, bytesAcked: 0 }),
    writePacket: async (request): Promise<PipelineAck> => {
      if (!released) await new Promise<void>((resolve) => waiting.push(resolve));
      return { ok: true, bytesAcked: request.offset + request.data.length };
    },
    readBlock: refuse,
    replicaInfo: refuse,
    localPaths: refuse,
    copyReplica: refuse,
    initReplicaRecovery: refuse,
    updateReplicaUnderRecovery: refuse,
  });
  const { host, port } = await server.listen({ host: '127.0.0.1', port: 0 });
  servers.push(server);
  return {
    address: `${host}:${port}`,
    waiting: () => waiting.length,
    releaseOne: () => waiting.shift()?.(),
    release: () => {
      released = true;
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

async function singleReplica(data: Buffer, last: boolean): Promise<DatanodeServer> {
  const nn = await h.namenode();
  const dn = await h.datanode(nn);
  const stub = h.stub(dn);
  const block = { blockId: BLOCK_ID, genStamp: 1001, numBytes: 0 };
  await stub.openPipeline({ block, stage: 'create', downstream: [], clientName: 'c' });
  await stub.writePacket(packet(BLOCK_ID, 1001, 0, 0, data, { last }));
  return dn;
}

describe('readBlock', () => {
  it('starts on a chunk boundary, ends on one or at the visible length', async () => {
    const data = bytes(5000, 11);
    const dn = await singleReplica(data, true);
    const stub = h.stub(dn);
    const read = await stub.readBlock({
      blockId: BLOCK_ID,
      genStamp: 1001,
      offset: 700,
      length: 100,
    });
    expect(read.offset).toBe(512);
    expect(Buffer.from(read.data).equals(data.subarray(512, 1024))).toBe(true);
    expect(Buffer.from(read.checksums).equals(chunkChecksums(data.subarray(512, 1024)))).toBe(true);
    expect(read.visibleLength).toBe(5000);
    const tail = await stub.readBlock({
      blockId: BLOCK_ID,
      genStamp: 1001,
      offset: 4700,
      length: 9999,
    });
    expect(tail.offset).toBe(4608);
    expect(Buffer.from(tail.data).equals(data.subarray(4608))).toBe(true);
    const atEnd = await stub.readBlock({
      blockId: BLOCK_ID,
      genStamp: 1001,
      offset: 5000,
      length: 10,
    });
    expect(atEnd.offset).toBe(4608);
    expect(atEnd.data.length).toBe(392);
    await expect(
      stub.readBlock({ blockId: BLOCK_ID, genStamp: 1001, offset: 5001, length: 1 }),
    ).rejects.toMatchObject({ code: 'ReadPastEnd' });
    await expect(
      stub.readBlock({ blockId: BLOCK_ID, genStamp: 1002, offset: 0, length: 1 }),
    ).rejects.toMatchObject({ code: 'ReplicaNotFound' });
    await expect(
      stub.readBlock({ blockId: BLOCK_ID + 1, genStamp: 1001, offset: 0, length: 1 }),
    ).rejects.toMatchObject({ code: 'ReplicaNotFound' });
  });

  it('returns at most READ_CALL_BYTES_MAX', async () => {
    const data = bytes(READ_CALL_BYTES_MAX + 3000, 12);
    const nn = await h.namenode();
    const dn = await h.datanode(nn);
    const stub = h.stub(dn);
    const block = { blockId: BLOCK_ID, genStamp: 1001, numBytes: 0 };
    await stub.openPipeline({ block, stage: 'create', downstream: [], clientName: 'c' });
    for (let seqno = 0, offset = 0; offset < data.length; seqno++, offset += 65_536) {
      const end = Math.min(data.length, offset + 65_536);
      const last = end === data.length;
      await stub.writePacket(
        packet(BLOCK_ID, 1001, seqno, offset, data.subarray(offset, end), { last }),
      );
    }
    const read = await stub.readBlock({ blockId: BLOCK_ID, genStamp: 1, offset: 100, length: 1e9 });
    expect(read.offset).toBe(0);
    expect(read.data.length).toBe(READ_CALL_BYTES_MAX);
    expect(Buffer.from(read.data).equals(data.subarray(0, READ_CALL_BYTES_MAX))).toBe(true);
  });

  it('cuts the last partial chunk of an rbw replica at its visible length, with a fresh checksum', async () => {
    const nn = await h.namenode();
    const dn = await h.datanode(nn);
    const downstream = await slowDownstream();
    const stub = h.stub(dn);
    const block = { blockId: BLOCK_ID, genStamp: 1001, numBytes: 0 };
    await stub.openPipeline({
      block,
      stage: 'create',
      downstream: [{ datanodeId: 'slow', address: downstream.address }],
      clientName: 'c',
    });
    const data = bytes(3000, 14);
    const first = stub.writePacket(packet(BLOCK_ID, 1001, 0, 0, data.subarray(0, 1000)));
    const second = stub.writePacket(packet(BLOCK_ID, 1001, 1, 512, data.subarray(512, 1400)));
    await waitFor('both packets downstream', () => downstream.waiting() === 2);
    await waitFor('both packets on disk', async () => {
      return (await stub.replicaInfo({ blockId: BLOCK_ID })).bytesOnDisk === 1400;
    });
    expect(await stub.replicaInfo({ blockId: BLOCK_ID })).toMatchObject({ visibleLength: 0 });
    const none = await stub.readBlock({
      blockId: BLOCK_ID,
      genStamp: 1001,
      offset: 0,
      length: 5000,
    });
    expect(none.data.length).toBe(0);
    downstream.releaseOne();
    expect(await first).toEqual({ ok: true, bytesAcked: 1000 });
    // The visible end (1000) cuts the chunk 512..1024, whose stored checksum covers 512..1024.
    const read = await stub.readBlock({
      blockId: BLOCK_ID,
      genStamp: 1001,
      offset: 600,
      length: 5000,
    });
    expect(read.visibleLength).toBe(1000);
    expect(read.offset).toBe(512);
    expect(Buffer.from(read.data).equals(data.subarray(512, 1000))).toBe(true);
    expect(Buffer.from(read.checksums).equals(chunkChecksums(data.subarray(512, 1000)))).toBe(true);
    await expect(
      stub.readBlock({ blockId: BLOCK_ID, genStamp: 1001, offset: 1001, length: 1 }),
    ).rejects.toMatchObject({ code: 'ReadPastEnd' });
    downstream.releaseOne();
    await second;
    const after = await stub.readBlock({
      blockId: BLOCK_ID,
      genStamp: 1001,
      offset: 600,
      length: 5000,
    });
    expect(Buffer.from(after.data).equals(data.subarray(512, 1400))).toBe(true);
    expect(Buffer.from(after.checksums).equals(chunkChecksums(data.subarray(512, 1400)))).toBe(
      true,
    );
  });
});

describe('replicaInfo and localPaths', () => {
  it('gives the files of a finalized replica only', async () => {
    const data = bytes(1234, 15);
    const dn = await singleReplica(data, true);
    const stub = h.stub(dn);
    const paths = await stub.localPaths({ blockId: BLOCK_ID, genStamp: 1001 });
    expect(paths.numBytes).toBe(1234);
    expect(readFileSync(paths.dataPath).equals(data)).toBe(true);
    expect(readFileSync(paths.metaPath).subarray(7).equals(chunkChecksums(data))).toBe(true);
    await expect(stub.localPaths({ blockId: BLOCK_ID, genStamp: 1002 })).rejects.toMatchObject({
      code: 'ReplicaNotFound',
    });
    await expect(stub.replicaInfo({ blockId: 1 })).rejects.toMatchObject({
      code: 'ReplicaNotFound',
    });
  });

  it('refuses localPaths of a replica being written', async () => {
    const dn = await singleReplica(bytes(100, 16), false);
    await expect(
      h.stub(dn).localPaths({ blockId: BLOCK_ID, genStamp: 1001 }),
    ).rejects.toMatchObject({
      code: 'ReplicaState',
    });
  });
});

describe('bad input', () => {
  it('answers malformed requests with typed errors and keeps serving', async () => {
    const dn = await singleReplica(bytes(100, 17), false);
    const address = parseHostPort(dn.info.address);
    const call = (method: string, body: unknown) =>
      h.client.call(address, `datanode.${method}`, body);
    const cases: [string, unknown, string][] = [
      ['readBlock', { blockId: 'x', genStamp: 1, offset: 0, length: 1 }, 'InvalidArgument'],
      [
        'readBlock',
        { blockId: BLOCK_ID, genStamp: 1001, offset: -1, length: 1 },
        'InvalidArgument',
      ],
      ['replicaInfo', {}, 'InvalidArgument'],
      [
        'openPipeline',
        {
          block: { blockId: 1, genStamp: 1, numBytes: 0 },
          stage: 'bogus',
          downstream: [],
          clientName: 'c',
        },
        'InvalidArgument',
      ],
      [
        'openPipeline',
        { block: null, stage: 'create', downstream: [], clientName: 'c' },
        'InvalidArgument',
      ],
      [
        'openPipeline',
        {
          block: { blockId: 1, genStamp: 1, numBytes: 0 },
          stage: 'create',
          downstream: [{ datanodeId: 'x', address: 'nowhere' }],
          clientName: 'c',
        },
        'InvalidArgument',
      ],
      [
        'writePacket',
        { ...packet(BLOCK_ID, 1001, 1, 0, bytes(10, 1)), data: 'text' },
        'InvalidArgument',
      ],
      [
        'writePacket',
        { ...packet(BLOCK_ID, 1001, 1, 0, bytes(10, 1)), checksums: Buffer.alloc(3) },
        'InvalidArgument',
      ],
      ['writePacket', packet(BLOCK_ID + 9, 1001, 1, 0, bytes(10, 1)), 'ReplicaNotFound'],
      ['writePacket', packet(BLOCK_ID, 1001, 0, 0, bytes(10, 1)), 'InvalidArgument'],
      ['writePacket', packet(BLOCK_ID, 1001, 500, 0, bytes(10, 1)), 'LimitExceeded'],
      ['writePacket', packet(BLOCK_ID, 1001, 1, 100, bytes(10, 1)), 'InvalidArgument'],
      ['writePacket', packet(BLOCK_ID, 1001, 1, 4096, bytes(10, 1)), 'ReplicaState'],
      [
        'copyReplica',
        {
          block: { blockId: BLOCK_ID, genStamp: 1001, numBytes: 10 },
          target: { datanodeId: 'x', address: '127.0.0.1:1' },
          stage: 'nope',
        },
        'InvalidArgument',
      ],
      [
        'updateReplicaUnderRecovery',
        { blockId: BLOCK_ID, newGenStamp: 1002, newLength: 10 },
        'ReplicaState',
      ],
      [
        'initReplicaRecovery',
        { block: { blockId: BLOCK_ID, genStamp: 1001, numBytes: 0 }, newGenStamp: 1001 },
        'ReplicaState',
      ],
    ];
    for (const [method, body, code] of cases) {
      await expect(
        call(method, body),
        `${method} ${JSON.stringify(body).slice(0, 80)}`,
      ).rejects.toMatchObject({ code });
    }
    expect(await h.stub(dn).replicaInfo({ blockId: BLOCK_ID })).toMatchObject({
      state: 'rbw',
      bytesOnDisk: 100,
    });
  });
});
