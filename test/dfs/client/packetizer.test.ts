// UNIT TESTS of the client's pure cores: the packetizer (bytes → packets of whole chunks with their
// CRC32C, block boundaries, the partial last chunk sent again), the ack tracker (the acknowledged
// prefix) and the checksum fold of short-circuit reads. Property tests replay with COLONNADE_SEED.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedFromEnv } from '../../../src/common/rng.js';
import { chunkChecksums, crc32cOf } from '../../../src/dfs/checksum.js';
import { foldChunkChecksums } from '../../../src/dfs/checksum.js';
import { AckTracker } from '../../../src/dfs/client/ack-tracker.js';
import { PacketBufferPool } from '../../../src/dfs/client/packet-buffers.js';
import { Packetizer, packetEnd, type Packet } from '../../../src/dfs/client/packetizer.js';
import { CHUNK_BYTES, PACKET_BYTES } from '../../../src/dfs/limits.js';

const seed = seedFromEnv();
console.log(`dfs client packetizer seed ${seed} (COLONNADE_SEED=${seed} replays)`);

/** What the replicas of a file's blocks hold, built only from packets, checking each one. */
class ReplicaModel {
  readonly blocks: Buffer[] = [Buffer.alloc(0)];
  lastWasEmpty = false;

  constructor(
    readonly blockBytes: number,
    readonly packetBytes: number,
  ) {}

  apply(packet: Packet): void {
    const current = this.blocks[this.blocks.length - 1] as Buffer;
    expect(packet.checksums.equals(chunkChecksums(packet.data))).toBe(true);
    if (packet.data.length === 0) {
      expect(packet.offset).toBe(current.length);
    } else {
      expect(packet.offset % CHUNK_BYTES).toBe(0);
      expect(packet.offset).toBeLessThanOrEqual(current.length);
      // Bytes the replica holds are only ever sent again unchanged (the partial chunk).
      const overlap = current.subarray(packet.offset);
      expect(packet.data.subarray(0, overlap.length).equals(overlap)).toBe(true);
      expect(overlap.length).toBeLessThan(CHUNK_BYTES);
    }
    expect(packet.data.length).toBeLessThanOrEqual(this.packetBytes);
    expect(packetEnd(packet)).toBeLessThanOrEqual(this.blockBytes);
    const next = Buffer.concat([current.subarray(0, packet.offset), packet.data]);
    this.blocks[this.blocks.length - 1] = next;
    if (packet.last) this.blocks.push(Buffer.alloc(0));
    else expect(next.length).toBeLessThan(this.blockBytes);
  }
}

type Op =
  | { readonly kind: 'write'; readonly bytes: number }
  | { readonly kind: 'flush'; readonly sync: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .integer({ min: 0, max: 5_000 })
      .map((bytes) => ({ kind: 'write' as const, bytes })),
  },
  { weight: 1, arbitrary: fc.boolean().map((sync) => ({ kind: 'flush' as const, sync })) },
);

function fill(bytes: number, from: number): Buffer {
  const out = Buffer.allocUnsafe(bytes);
  for (let i = 0; i < bytes; i++) out[i] = (from + i) * 31 + ((from + i) >> 8);
  return out;
}

/** Writes `data` as a stream does: opening blocks as needed, cutting each full packet to `take`. */
function writeAll(packetizer: Packetizer, data: Buffer, take: (packet: Packet) => void): void {
  for (let start = 0; start < data.length;) {
    if (!packetizer.active) packetizer.beginBlock(0);
    start += packetizer.append(data, start);
    if (packetizer.packetFull) take(packetizer.cut());
  }
}

/** Cuts what is buffered (`sync`, or the block's `last`), when a block holds anything. */
function cutIfAny(
  packetizer: Packetizer,
  options: { sync?: boolean; last?: boolean },
  take: (packet: Packet) => void,
): void {
  if (packetizer.active && packetizer.blockLength > 0) take(packetizer.cut(options));
}

describe('Packetizer', () => {
  it('cuts any writes and flushes into whole-chunk packets that rebuild the bytes exactly', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(512, 1000, 2048, 4096, 9000),
        fc.constantFrom(512, 1024, 2048),
        fc.array(opArb, { maxLength: 40 }),
        (blockBytes, packetBytes, ops) => {
          const packetizer = new Packetizer(blockBytes, packetBytes);
          const model = new ReplicaModel(blockBytes, packetBytes);
          const take = (packet: Packet): void => model.apply(packet);
          let written = 0;
          for (const op of ops) {
            if (op.kind === 'write') {
              writeAll(packetizer, fill(op.bytes, written), take);
              written += op.bytes;
            } else {
              cutIfAny(packetizer, { sync: op.sync }, take);
            }
          }
          cutIfAny(packetizer, { last: true }, take);
          const blocks = model.blocks.filter((b) => b.length > 0);
          for (const block of blocks.slice(0, -1)) expect(block.length).toBe(blockBytes);
          expect(Buffer.concat(blocks).equals(fill(written, 0))).toBe(true);
        },
      ),
      { seed, numRuns: 300 },
    );
  });

  it('never changes a packet once cut, though small ones leave their buffer to the next', () => {
    // The pipeline keeps packets until they are acknowledged (and resends them): their bytes must
    // stay as they were cut while later writes refill the reused buffer.
    fc.assert(
      fc.property(
        fc.constantFrom(4096, 9000, 65_536),
        fc.constantFrom(4096, 8192),
        fc.array(
          fc.oneof(
            fc.integer({ min: 1, max: 700 }).map((bytes) => ({ kind: 'write' as const, bytes })),
            fc.constant({ kind: 'flush' as const }),
          ),
          { maxLength: 80 },
        ),
        (blockBytes, packetBytes, ops) => {
          const packetizer = new Packetizer(blockBytes, packetBytes);
          const model = new ReplicaModel(blockBytes, packetBytes);
          const kept: { packet: Packet; copy: Buffer }[] = [];
          const take = (packet: Packet): void => {
            kept.push({ packet, copy: Buffer.from(packet.data) });
            model.apply(packet);
          };
          let written = 0;
          for (const op of ops) {
            if (op.kind === 'write') {
              writeAll(packetizer, fill(op.bytes, written), take);
              written += op.bytes;
            } else {
              cutIfAny(packetizer, { sync: true }, take);
            }
          }
          cutIfAny(packetizer, { last: true }, take);
          for (const { packet, copy } of kept) expect(packet.data.equals(copy)).toBe(true);
          expect(Buffer.concat(model.blocks).equals(fill(written, 0))).toBe(true);
        },
      ),
      { seed, numRuns: 300 },
    );
  });

  it('reuses a pooled buffer only once no packet cut from it awaits its acknowledgement', () => {
    // The pipeline gives a packet's own buffer back when it is acknowledged; acks come in random
    // batches while later packets are cut. No packet may change before its ack.
    fc.assert(
      fc.property(
        fc.constantFrom(4096, 9000, 65_536),
        fc.constantFrom(4096, 8192),
        fc.array(
          fc.oneof(
            fc.integer({ min: 1, max: 9_000 }).map((bytes) => ({ kind: 'write' as const, bytes })),
            fc.constant({ kind: 'flush' as const }),
            fc.integer({ min: 1, max: 4 }).map((count) => ({ kind: 'ack' as const, count })),
          ),
          { maxLength: 80 },
        ),
        (blockBytes, packetBytes, ops) => {
          const pool = new PacketBufferPool(4, packetBytes);
          const packetizer = new Packetizer(blockBytes, packetBytes, pool);
          const model = new ReplicaModel(blockBytes, packetBytes);
          const unacked: { packet: Packet; copy: Buffer }[] = [];
          const take = (packet: Packet): void => {
            unacked.push({ packet, copy: Buffer.from(packet.data) });
            model.apply(packet);
          };
          const ack = (count: number): void => {
            for (const { packet, copy } of unacked.splice(0, count)) {
              expect(packet.data.equals(copy)).toBe(true);
              if (packet.owned !== undefined) {
                expect(packet.data.buffer).toBe(packet.owned.buffer);
                pool.give(packet.owned);
              }
            }
          };
          let written = 0;
          for (const op of ops) {
            if (op.kind === 'write') {
              writeAll(packetizer, fill(op.bytes, written), take);
              written += op.bytes;
            } else if (op.kind === 'flush') {
              cutIfAny(packetizer, { sync: true }, take);
            } else {
              ack(op.count);
            }
            expect(pool.free).toBeLessThanOrEqual(4);
          }
          cutIfAny(packetizer, { last: true }, take);
          ack(unacked.length);
          expect(Buffer.concat(model.blocks).equals(fill(written, 0))).toBe(true);
        },
      ),
      { seed, numRuns: 300 },
    );
  });

  it('continues a reopened block after its partial last chunk (append)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4095 }),
        fc.integer({ min: 0, max: 10_000 }),
        (existing, more) => {
          const blockBytes = 4096;
          const old = fill(existing, 0);
          const tail = old.subarray(existing - (existing % CHUNK_BYTES));
          const packetizer = new Packetizer(blockBytes, 1024);
          packetizer.beginBlock(existing, tail);
          const model = new ReplicaModel(blockBytes, 1024);
          model.blocks[0] = Buffer.from(old);
          expect(packetizer.blockLength).toBe(existing);
          expect(packetizer.unsentBytes).toBe(0);
          const data = fill(more, existing);
          for (let start = 0; start < data.length;) {
            if (!packetizer.active) packetizer.beginBlock(0);
            start += packetizer.append(data, start);
            if (packetizer.packetFull) model.apply(packetizer.cut());
          }
          if (packetizer.active) model.apply(packetizer.cut({ last: true }));
          expect(Buffer.concat(model.blocks).equals(fill(existing + more, 0))).toBe(true);
        },
      ),
      { seed, numRuns: 200 },
    );
  });

  it('sends an empty packet at the replica length for a flush with nothing new', () => {
    const packetizer = new Packetizer(4096);
    packetizer.beginBlock(0);
    packetizer.append(fill(700, 0), 0);
    const first = packetizer.cut();
    expect([first.offset, first.data.length, first.checksums.length]).toEqual([0, 700, 8]);
    const empty = packetizer.cut({ sync: true });
    expect([empty.offset, empty.data.length, empty.sync, empty.last]).toEqual([
      700,
      0,
      true,
      false,
    ]);
    packetizer.append(fill(10, 700), 0);
    const next = packetizer.cut({ last: true });
    expect([next.offset, next.data.length, next.last]).toEqual([512, 198, true]);
    expect(packetizer.active).toBe(false);
  });

  it('fills packets of PACKET_BYTES and marks the one that ends the block as last', () => {
    const packetizer = new Packetizer(PACKET_BYTES * 2 + 512);
    packetizer.beginBlock(0);
    const data = fill(PACKET_BYTES * 2 + 512, 0);
    const packets: Packet[] = [];
    for (let start = 0; start < data.length;) {
      start += packetizer.append(data, start);
      if (packetizer.packetFull) packets.push(packetizer.cut());
    }
    expect(packets.map((p) => [p.offset, p.data.length, p.last])).toEqual([
      [0, PACKET_BYTES, false],
      [PACKET_BYTES, PACKET_BYTES, false],
      [PACKET_BYTES * 2, 512, true],
    ]);
  });
});

describe('AckTracker', () => {
  it('acknowledges exactly the contiguous prefix, whatever order acks come in', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 1_000 }),
        fc.func(fc.integer()),
        (sizes, initial, order) => {
          const tracker = new AckTracker<number>(initial);
          const ends: number[] = [];
          let end = initial;
          for (const [i, size] of sizes.entries()) {
            end += size;
            ends.push(end);
            expect(tracker.add(end, i)).toBe(i);
          }
          const acks = sizes.map((_, i) => i).sort((a, b) => order(a) - order(b) || a - b);
          const acked = new Set<number>();
          for (const seqno of acks) {
            expect(tracker.ack(seqno)).toBe(true);
            expect(tracker.ack(seqno)).toBe(false);
            acked.add(seqno);
            let prefix = 0;
            while (acked.has(prefix)) prefix += 1;
            expect(tracker.ackedBytes).toBe(prefix === 0 ? initial : ends[prefix - 1]);
            expect(tracker.inFlight).toBe(sizes.length - prefix);
            expect(tracker.unacked()).toEqual(sizes.map((_, i) => i).slice(prefix));
          }
        },
      ),
      { seed, numRuns: 300 },
    );
  });

  it('retires each item once, in seqno order, as it joins the acknowledged prefix', () => {
    const retired: string[] = [];
    const tracker = new AckTracker<string>(0, (item) => retired.push(item));
    for (const [i, item] of ['a', 'b', 'c', 'd'].entries()) tracker.add((i + 1) * 10, item);
    tracker.ack(1);
    tracker.ack(3);
    expect(retired).toEqual([]);
    tracker.ack(0);
    expect(retired).toEqual(['a', 'b']);
    tracker.ack(2);
    expect(retired).toEqual(['a', 'b', 'c', 'd']);
    expect(tracker.unacked()).toEqual([]);
  });

  it('ignores acks of seqnos never sent', () => {
    const tracker = new AckTracker<string>(0);
    expect(tracker.ack(0)).toBe(false);
    tracker.add(10, 'a');
    expect(tracker.ack(5)).toBe(false);
    expect(tracker.ack(0)).toBe(true);
    expect(tracker.ackedBytes).toBe(10);
  });
});

describe('foldChunkChecksums', () => {
  it('is the CRC32C of the whole chunks the checksums cover', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 5 * CHUNK_BYTES }), (bytes) => {
        const data = Buffer.from(bytes);
        const whole = Math.floor(data.length / CHUNK_BYTES);
        const folded = foldChunkChecksums(chunkChecksums(data), whole);
        expect(folded).toBe(whole === 0 ? 0 : crc32cOf(data.subarray(0, whole * CHUNK_BYTES)));
      }),
      { seed, numRuns: 200 },
    );
  });
});
