// A FAKE datanode in memory for the client's stream unit tests — NOT the real one: replicas with
// stored chunk checksums, pipelines forwarding packets in order, stamps and visible lengths, and
// fault switches (die after N packets, refuse pipelines, corrupt a replica).
import { toWire } from '../../../src/common/errors.js';
import type { DatanodeStub } from '../../../src/dfs/client/context.js';
import { chunkChecksums, firstBadChunk } from '../../../src/dfs/checksum.js';
import { ChecksumError, FencedError, ReplicaNotFoundError } from '../../../src/dfs/errors.js';
import { CHUNK_BYTES, CHECKSUM_BYTES, READ_CALL_BYTES_MAX } from '../../../src/dfs/limits.js';
import type { PacketRequest, PipelineAck } from '../../../src/dfs/protocol.js';
import type { DatanodeInfo } from '../../../src/dfs/types.js';
import { ConnectionClosedError } from '../../../src/rpc/index.js';

/** How datanodes find each other (pipelines, copies). */
export interface FakeNetwork {
  datanode(address: string): FakeDatanode;
  copies: number;
}

export interface Replica {
  genStamp: number;
  data: Buffer;
  /** One stored CRC32C per chunk of `data`, as the packets carried them. */
  sums: Buffer;
  acked: number;
  finalized: boolean;
  downstream: readonly DatanodeInfo[];
}

const unimplemented = (name: string) => (): never => {
  throw new Error(`the fake datanode does not implement ${name}`);
};

export class FakeDatanode {
  readonly info: DatanodeInfo;
  alive = true;
  /** Packets this datanode writes before it dies (undefined: never). */
  diesAfterPackets: number | undefined;
  /** Refuse every openPipeline (set-up failure). */
  refusesPipelines = false;
  readonly replicas = new Map<number, Replica>();
  /** writePacket calls being served now, and the most at once. */
  packetsInFlight = 0;
  packetsInFlightMax = 0;
  readonly #dfs: FakeNetwork;

  constructor(dfs: FakeNetwork, index: number) {
    this.#dfs = dfs;
    this.info = { datanodeId: `dn-${index}`, address: `10.0.0.${index + 1}:9866` };
  }

  #check(): void {
    if (!this.alive) throw new ConnectionClosedError(`${this.info.address} is down`);
  }

  corrupt(blockId: number, at: number): void {
    const replica = this.replicas.get(blockId);
    if (replica === undefined) throw new Error(`no replica of ${blockId} on ${this.info.address}`);
    replica.data[at] = (replica.data[at] as number) ^ 0xff;
  }

  readonly stub: DatanodeStub = {
    openPipeline: async (request) => {
      await tick();
      this.#check();
      if (this.refusesPipelines) throw new ConnectionClosedError('refuses pipelines');
      const { block, stage, downstream } = request;
      const existing = this.replicas.get(block.blockId);
      if (stage === 'create') {
        this.replicas.set(block.blockId, {
          genStamp: block.genStamp,
          data: Buffer.alloc(0),
          sums: Buffer.alloc(0),
          acked: 0,
          finalized: false,
          downstream,
        });
      } else {
        if (existing === undefined) throw new ReplicaNotFoundError(`no ${block.blockId}`);
        if (existing.genStamp > block.genStamp) throw new FencedError('newer stamp here');
        existing.genStamp = block.genStamp;
        existing.data = existing.data.subarray(0, block.numBytes);
        existing.sums = chunkChecksums(existing.data);
        existing.acked = block.numBytes;
        existing.finalized = false;
        existing.downstream = downstream;
      }
      return this.#forward(downstream, (next, rest) =>
        this.#dfs.datanode(next.address).stub.openPipeline({ ...request, downstream: rest }),
      );
    },
    writePacket: async (packet) => {
      this.packetsInFlight += 1;
      this.packetsInFlightMax = Math.max(this.packetsInFlightMax, this.packetsInFlight);
      try {
        return await this.#writePacket(packet);
      } finally {
        this.packetsInFlight -= 1;
      }
    },
    readBlock: async (request) => {
      await tick();
      this.#check();
      const replica = this.replicas.get(request.blockId);
      if (replica === undefined || replica.genStamp < request.genStamp) {
        throw new ReplicaNotFoundError(`no ${request.blockId}`);
      }
      const start = request.offset - (request.offset % CHUNK_BYTES);
      const wanted = Math.min(request.offset + request.length, start + READ_CALL_BYTES_MAX);
      const end = Math.min(replica.acked, Math.ceil(wanted / CHUNK_BYTES) * CHUNK_BYTES);
      const data = Buffer.from(replica.data.subarray(start, Math.max(start, end)));
      const sumsAt = (start / CHUNK_BYTES) * CHECKSUM_BYTES;
      const checksums = Buffer.from(
        replica.sums.subarray(
          sumsAt,
          sumsAt + Math.ceil(data.length / CHUNK_BYTES) * CHECKSUM_BYTES,
        ),
      );
      return { offset: start, data, checksums, visibleLength: replica.acked };
    },
    replicaInfo: async (request) => {
      await tick();
      this.#check();
      const replica = this.replicas.get(request.blockId);
      if (replica === undefined) throw new ReplicaNotFoundError(`no ${request.blockId}`);
      return {
        genStamp: replica.genStamp,
        state: replica.finalized ? 'finalized' : 'rbw',
        visibleLength: replica.acked,
        bytesOnDisk: replica.data.length,
      };
    },
    localPaths: unimplemented('localPaths'),
    copyReplica: async (request) => {
      await tick();
      this.#check();
      const replica = this.replicas.get(request.block.blockId);
      if (replica === undefined) throw new ReplicaNotFoundError(`no ${request.block.blockId}`);
      const target = this.#dfs.datanode(request.target.address);
      target.#check();
      const data = Buffer.from(replica.data.subarray(0, request.block.numBytes));
      target.replicas.set(request.block.blockId, {
        genStamp: replica.genStamp,
        data,
        sums: chunkChecksums(data),
        acked: data.length,
        finalized: false,
        downstream: [],
      });
      this.#dfs.copies += 1;
      return { bytes: data.length };
    },
    initReplicaRecovery: unimplemented('initReplicaRecovery'),
    updateReplicaUnderRecovery: unimplemented('updateReplicaUnderRecovery'),
  };

  async #writePacket(packet: PacketRequest): Promise<PipelineAck> {
    await tick();
    this.#check();
    if (this.diesAfterPackets !== undefined && this.diesAfterPackets-- <= 0) {
      this.alive = false;
      this.#check();
    }
    const replica = this.replicas.get(packet.blockId);
    if (replica === undefined) throw new ReplicaNotFoundError(`no ${packet.blockId}`);
    if (replica.genStamp !== packet.genStamp) {
      return nack(0, new FencedError(`stamp ${packet.genStamp}; replica ${replica.genStamp}`));
    }
    const failure = checkPacket(replica, packet);
    if (failure !== undefined) return nack(0, failure);
    replica.data = Buffer.concat([replica.data.subarray(0, packet.offset), packet.data]);
    if (packet.data.length > 0) {
      const firstSum = (packet.offset / CHUNK_BYTES) * CHECKSUM_BYTES;
      replica.sums = Buffer.concat([replica.sums.subarray(0, firstSum), packet.checksums]);
    }
    const ack = await this.#forward(replica.downstream, (next) =>
      this.#dfs.datanode(next.address).stub.writePacket(packet),
    );
    if (!ack.ok) return ack;
    replica.acked = replica.data.length;
    if (packet.last) replica.finalized = true;
    return { ok: true, bytesAcked: replica.acked };
  }

  /** Calls the next datanode; its failure becomes a negative ack naming it (1 = the next). */
  async #forward(
    downstream: readonly DatanodeInfo[],
    call: (next: DatanodeInfo, rest: readonly DatanodeInfo[]) => Promise<PipelineAck>,
  ): Promise<PipelineAck> {
    const [next, ...rest] = downstream;
    if (next === undefined) return { ok: true, bytesAcked: 0 };
    try {
      const ack = await call(next, rest);
      return ack.ok ? ack : { ...ack, badIndex: ack.badIndex + 1 };
    } catch (error) {
      return nack(1, error);
    }
  }
}

function nack(badIndex: number, error: unknown): PipelineAck {
  const wire = toWire(error);
  return { ok: false, badIndex, code: wire.code, message: wire.message };
}

function checkPacket(replica: Replica, packet: PacketRequest): Error | undefined {
  if (packet.offset > replica.data.length) return new Error(`offset ${packet.offset} past data`);
  if (packet.data.length > 0 && packet.offset % CHUNK_BYTES !== 0) {
    return new Error(`offset ${packet.offset} is not chunk-aligned`);
  }
  if (packet.data.length === 0 && packet.offset !== replica.data.length) {
    return new Error(`empty packet at ${packet.offset}; replica holds ${replica.data.length}`);
  }
  if (packet.checksums.length !== Math.ceil(packet.data.length / CHUNK_BYTES) * CHECKSUM_BYTES) {
    return new ChecksumError('checksums do not cover the data');
  }
  if (firstBadChunk(packet.data, packet.checksums) >= 0) return new ChecksumError('bad chunk');
  return undefined;
}

/** Lets other calls run between steps, as answers over a network would. */
function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
