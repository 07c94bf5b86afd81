// The datanode's pure pieces: the meta file header and file names, where a packet goes in a
// replica (against a model of the replica's bytes), the primary's choice in block recovery, and the
// length an rbw replica keeps after a crash.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { chunkChecksums } from '../../../src/dfs/checksum.js';
import {
  checkMetaHeader,
  checksumPosition,
  decodeMetaHeader,
  encodeMetaHeader,
  META_HEADER_BYTES,
  metaBytesFor,
  parseReplicaFileName,
  dataFileName,
  metaFileName,
  planRecovery,
} from '../../../src/dfs/datanode/index.js';
import { planPacket } from '../../../src/dfs/datanode/packet-plan.js';
import { validLength } from '../../../src/dfs/datanode/replica-loader.js';
import { ReplicaFiles } from '../../../src/dfs/datanode/replica-files.js';
import { ChecksumError, ReplicaStateError } from '../../../src/dfs/errors.js';
import { CHUNK_BYTES } from '../../../src/dfs/limits.js';
import type { DatanodeInfo, ReplicaReport, ReplicaState } from '../../../src/dfs/types.js';
import { bytes } from './harness.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('meta file', () => {
  it('writes the 7-byte HDFS header and reads it back', () => {
    const header = encodeMetaHeader();
    expect([...header]).toEqual([0, 1, 2, 0, 0, 2, 0]);
    expect(header.length).toBe(META_HEADER_BYTES);
    expect(decodeMetaHeader(header)).toEqual({
      version: 1,
      checksumType: 2,
      bytesPerChecksum: 512,
    });
    expect(() => checkMetaHeader(header)).not.toThrow();
  });

  it('refuses a short header, another version, checksum type or chunk size', () => {
    expect(() => checkMetaHeader(Buffer.from([0, 1, 2]))).toThrow(ChecksumError);
    for (const [at, value] of [
      [1, 2],
      [2, 1],
      [5, 4],
    ] as const) {
      const header = encodeMetaHeader();
      header[at] = value;
      expect(() => checkMetaHeader(header)).toThrow(ChecksumError);
    }
  });

  it('places one checksum per chunk after the header', () => {
    expect(metaBytesFor(0)).toBe(7);
    expect(metaBytesFor(1)).toBe(11);
    expect(metaBytesFor(512)).toBe(11);
    expect(metaBytesFor(513)).toBe(15);
    expect(checksumPosition(0)).toBe(7);
    expect(checksumPosition(3)).toBe(19);
  });

  it('names replica files as HDFS does and parses them back', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 50 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        (id, gs) => {
          expect(parseReplicaFileName(dataFileName(id))).toEqual({ kind: 'data', blockId: id });
          expect(parseReplicaFileName(metaFileName(id, gs))).toEqual({
            kind: 'meta',
            blockId: id,
            genStamp: gs,
          });
        },
      ),
    );
    expect(dataFileName(1073741825)).toBe('blk_1073741825');
    expect(metaFileName(1073741825, 1001)).toBe('blk_1073741825_1001.meta');
    for (const name of ['blk_', 'blk_1_2', 'blk_x', 'blk_1.meta', 'VERSION', 'blk_1_2.meta.tmp']) {
      expect(parseReplicaFileName(name)).toBeUndefined();
    }
  });
});

describe('packet plan', () => {
  it('applies packets like a model byte array (no gaps, partial chunks rewritten)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ back: fc.nat(3), length: fc.nat(3 * CHUNK_BYTES) }), {
          maxLength: 30,
        }),
        (steps) => {
          let held = 0;
          for (const { back, length } of steps) {
            const alignedHeld = held - (held % CHUNK_BYTES);
            const offset = Math.max(0, alignedHeld - back * CHUNK_BYTES);
            if (length === 0) {
              expect(planPacket(held, held, 0)).toEqual({ kind: 'skip', length: held });
              continue;
            }
            const plan = planPacket(held, offset, length);
            const end = offset + length;
            if (plan.kind === 'skip') {
              expect(end).toBeLessThanOrEqual(held);
              continue;
            }
            expect(plan.position % CHUNK_BYTES).toBe(0);
            expect(plan.position).toBeLessThanOrEqual(held);
            expect(plan.position).toBeGreaterThanOrEqual(offset);
            expect(plan.position + (length - plan.dataFrom)).toBe(end);
            expect(plan.checksumFrom).toBe((plan.dataFrom / CHUNK_BYTES) * 4);
            held = plan.length;
            expect(held).toBe(end);
          }
        },
      ),
    );
  });

  it('refuses gaps, unaligned offsets and misplaced empty packets', () => {
    expect(() => planPacket(1024, 1536, 10)).toThrow(ReplicaStateError);
    expect(() => planPacket(1024, 100, 10)).toThrow(/multiple of 512/);
    expect(() => planPacket(1000, 512, 0)).toThrow(ReplicaStateError);
    expect(planPacket(1000, 1000, 0)).toEqual({ kind: 'skip', length: 1000 });
    expect(planPacket(1000, 512, 600)).toEqual({
      kind: 'write',
      position: 512,
      dataFrom: 0,
      checksumFrom: 0,
      length: 1112,
    });
    expect(planPacket(1100, 0, 1200)).toEqual({
      kind: 'write',
      position: 1024,
      dataFrom: 1024,
      checksumFrom: 8,
      length: 1200,
    });
  });
});

describe('recovery plan', () => {
  const dn = (i: number): DatanodeInfo => ({ datanodeId: `dn${i}`, address: `127.0.0.1:${i}` });
  const answer = (i: number, state: ReplicaState, numBytes: number, genStamp = 1001) => ({
    datanode: dn(i),
    replica: { blockId: 1, genStamp, numBytes, state } satisfies ReplicaReport,
  });

  it('takes the shortest rbw replica and all rbw replicas', () => {
    expect(
      planRecovery(1001, [answer(1, 'rbw', 3000), answer(2, 'rbw', 1000), answer(3, 'rbw', 2000)]),
    ).toEqual({ length: 1000, participants: [dn(1), dn(2), dn(3)] });
  });

  it('prefers a finalized length, keeping rbw replicas at least as long', () => {
    expect(
      planRecovery(1001, [
        answer(1, 'rbw', 3000),
        answer(2, 'finalized', 2000),
        answer(3, 'rbw', 10),
      ]),
    ).toEqual({ length: 2000, participants: [dn(1), dn(2)] });
  });

  it('ignores stale stamps and missing replicas; rwr only without rbw', () => {
    expect(
      planRecovery(1002, [
        answer(1, 'rbw', 10, 1001),
        { datanode: dn(2), replica: null },
        answer(3, 'rwr', 500, 1002),
        answer(4, 'rbw', 900, 1002),
      ]),
    ).toEqual({ length: 900, participants: [dn(4)] });
    expect(planRecovery(1002, [answer(3, 'rwr', 500, 1002), answer(4, 'rwr', 700, 1003)])).toEqual({
      length: 500,
      participants: [dn(3), dn(4)],
    });
    expect(planRecovery(1001, [{ datanode: dn(1), replica: null }])).toEqual({
      length: 0,
      participants: [],
    });
  });
});

describe('rbw length after a crash', () => {
  async function lengthOf(data: Buffer, meta: Buffer): Promise<number> {
    const dir = mkdtempSync(join(tmpdir(), 'colonnade-dn-unit-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'd'), data);
    writeFileSync(join(dir, 'm'), meta);
    const files = await ReplicaFiles.open(join(dir, 'd'), join(dir, 'm'), false);
    try {
      return await validLength(files);
    } finally {
      await files.close();
    }
  }
  const data = bytes(1300, 7);
  const meta = Buffer.concat([encodeMetaHeader(), chunkChecksums(data)]);

  it('keeps every byte when data and checksums agree', async () => {
    expect(await lengthOf(data, meta)).toBe(1300);
  });

  it('drops a last chunk torn between the data and the meta file', async () => {
    const longer = Buffer.concat([data, bytes(100, 8)]);
    expect(await lengthOf(longer, meta)).toBe(1024);
  });

  it('keeps only the chunks both files cover', async () => {
    expect(await lengthOf(data, meta.subarray(0, META_HEADER_BYTES + 8))).toBe(1024);
    expect(await lengthOf(data.subarray(0, 700), meta)).toBe(512);
    expect(await lengthOf(Buffer.alloc(0), meta)).toBe(0);
  });
});
