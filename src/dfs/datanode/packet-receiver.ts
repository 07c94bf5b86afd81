// One pipeline's receiving end on one datanode (HDFS BlockReceiver + PacketResponder): packets are
// verified on arrival, forwarded downstream at once, written in seqno order on the replica's serial
// queue, and answered only once the local write (and fsync) and the downstream answer are in.
import type { Clock, TimerHandle } from '../../common/clock.js';
import { InvalidArgumentError, LimitExceededError, toWire } from '../../common/errors.js';
import { RenewingMap } from '../../common/renewing-map.js';
import { firstBadChunk } from '../checksum.js';
import { ChecksumError, FencedError, ReplicaStateError } from '../errors.js';
import { CHUNK_BYTES, PACKET_ACK_TIMEOUT_MS, PACKETS_IN_FLIGHT_MAX } from '../limits.js';
import type { PacketRequest, PipelineAck } from '../protocol.js';
import type { DatanodeInfo } from '../types.js';
import { planPacket } from './packet-plan.js';
import { downstreamDeadlineMs, fromDownstream, type DatanodePeers } from './peers.js';
import type { Replica, ReplicaWriter } from './replica.js';
import type { ReplicaStore } from './replica-store.js';

/** A gap in seqnos not filled within this fails the packets waiting behind it. */
export const HELD_PACKET_TIMEOUT_MS = PACKET_ACK_TIMEOUT_MS;

type FailedAck = Extract<PipelineAck, { ok: false }>;

export interface PacketReceiverOptions {
  readonly store: ReplicaStore;
  readonly peers: DatanodePeers;
  readonly clock: Clock;
  /** The datanodes after this one, in pipeline order. */
  readonly downstream: readonly DatanodeInfo[];
  readonly heldPacketTimeoutMs?: number;
}

interface HeldPacket {
  readonly packet: PacketRequest;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

export class PacketReceiver implements ReplicaWriter {
  readonly #replica: Replica;
  readonly #options: PacketReceiverOptions;
  readonly #held = new RenewingMap<number, HeldPacket>();
  #next = 0;
  #lastWritten = false;
  #fenced: Error | undefined;
  #broken: FailedAck | undefined;
  #holdTimer: TimerHandle | undefined;

  constructor(replica: Replica, options: PacketReceiverOptions) {
    this.#replica = replica;
    this.#options = options;
  }

  get downstream(): readonly DatanodeInfo[] {
    return this.#options.downstream;
  }

  /** Takes one packet; `remainingMs` is what its caller still waits. */
  async receive(packet: PacketRequest, remainingMs: number): Promise<PipelineAck> {
    if (this.#fenced !== undefined) throw this.#fenced;
    if (this.#broken !== undefined) return this.#broken;
    this.#checkSeqno(packet.seqno);
    const bad = firstBadChunk(packet.data, packet.checksums);
    if (bad >= 0) {
      throw new ChecksumError(
        `packet ${packet.seqno} of blk_${packet.blockId}: the chunk at block offset ${
          packet.offset + bad * CHUNK_BYTES
        } does not match its checksum`,
      );
    }
    const downstream = this.#forward(packet, remainingMs);
    try {
      await this.#inTurn(packet);
    } catch (error) {
      if (!(error instanceof FencedError)) this.#breakHere(error);
      throw error;
    }
    const ack = downstream === undefined ? undefined : await downstream;
    if (this.#fenced !== undefined) throw this.#fenced;
    if (ack !== undefined && !ack.ok) {
      this.#broken ??= ack;
      return ack;
    }
    if (this.#broken !== undefined) return this.#broken;
    return this.#acknowledged(packet, ack);
  }

  fence(error: Error): void {
    if (this.#fenced !== undefined) return;
    this.#fenced = error;
    this.#failHeld(error);
  }

  #checkSeqno(seqno: number): void {
    if (seqno < this.#next || this.#held.has(seqno)) {
      throw new InvalidArgumentError(
        `packet seqno ${seqno} of blk_${this.#replica.blockId} came twice`,
      );
    }
    if (seqno >= this.#next + PACKETS_IN_FLIGHT_MAX) {
      throw new LimitExceededError(
        `packet seqno ${seqno} is ${seqno - this.#next} ahead of the next one (${this.#next}); ` +
          `the limit is ${PACKETS_IN_FLIGHT_MAX}`,
      );
    }
  }

  #forward(packet: PacketRequest, remainingMs: number): Promise<PipelineAck> | undefined {
    const next = this.#options.downstream[0];
    if (next === undefined) return undefined;
    const stub = this.#options.peers.datanode(next.address);
    return fromDownstream(
      // `packet` holds only the protocol's fields (checkPacket built it); its data is not copied.
      stub.writePacket(packet, { timeoutMs: downstreamDeadlineMs(remainingMs) }),
    );
  }

  /** Resolves once the packet is written here, in seqno order. */
  #inTurn(packet: PacketRequest): Promise<void> {
    if (packet.seqno === this.#next) return this.#start(packet);
    return new Promise<void>((resolve, reject) => {
      this.#held.set(packet.seqno, { packet, resolve, reject });
      if (this.#holdTimer === undefined) this.#armHoldTimer();
    });
  }

  #start(packet: PacketRequest): Promise<void> {
    this.#next += 1;
    const store = this.#options.store;
    const written = store.serial(this.#replica.blockId, () => this.#write(packet));
    const held = this.#held.get(this.#next);
    if (held !== undefined) {
      this.#held.delete(this.#next);
      this.#start(held.packet).then(held.resolve, held.reject);
    }
    // Progress: a gap left behind gets a fresh deadline.
    this.#disarmHoldTimer();
    if (this.#held.size > 0) this.#armHoldTimer();
    return written;
  }

  async #write(packet: PacketRequest): Promise<void> {
    const replica = this.#replica;
    if (this.#fenced !== undefined) throw this.#fenced;
    if (replica.writer !== this || this.#options.store.get(replica.blockId) !== replica) {
      throw new FencedError(`the pipeline writing blk_${replica.blockId} was replaced`);
    }
    if (this.#broken !== undefined) return;
    if (this.#lastWritten) {
      throw new ReplicaStateError(
        `packet ${packet.seqno} of blk_${replica.blockId} after its last`,
      );
    }
    const plan = planPacket(replica.bytesOnDisk, packet.offset, packet.data.length);
    const files = replica.files ?? (await this.#options.store.filesOf(replica));
    if (plan.kind === 'write') {
      await files.write(
        plan.position,
        packet.data,
        plan.dataFrom,
        packet.checksums,
        plan.checksumFrom,
      );
      replica.bytesOnDisk = plan.length;
    }
    if (packet.sync) {
      await files.sync();
      await this.#options.store.syncDir(replica);
    }
    if (packet.last) this.#lastWritten = true;
  }

  async #acknowledged(packet: PacketRequest, ack: PipelineAck | undefined): Promise<PipelineAck> {
    const replica = this.#replica;
    const end = packet.offset + packet.data.length;
    if (replica.writer === this) {
      replica.visibleLength = Math.max(replica.visibleLength, Math.min(end, replica.bytesOnDisk));
    }
    if (packet.last) await this.#options.store.finalize(replica, this);
    const bytesAcked = ack !== undefined && ack.ok ? Math.min(end, ack.bytesAcked) : end;
    return { ok: true, bytesAcked };
  }

  /** A failure here: this and every later packet answers that this datanode (index 0) failed. */
  #breakHere(error: unknown): void {
    const wire = toWire(error);
    this.#broken ??= { ok: false, badIndex: 0, code: wire.code, message: wire.message };
  }

  #failHeld(error: Error): void {
    this.#disarmHoldTimer();
    const held = [...this.#held.values()];
    this.#held.clear();
    for (const h of held) h.reject(error);
  }

  #armHoldTimer(): void {
    const timeoutMs = this.#options.heldPacketTimeoutMs ?? HELD_PACKET_TIMEOUT_MS;
    this.#holdTimer = this.#options.clock.setTimeout(() => {
      this.#holdTimer = undefined;
      const error = new ReplicaStateError(
        `packet ${this.#next} of blk_${this.#replica.blockId} did not come within ${timeoutMs} ms`,
      );
      this.#breakHere(error);
      this.#failHeld(error);
    }, timeoutMs);
    this.#holdTimer.unref();
  }

  #disarmHoldTimer(): void {
    if (this.#holdTimer !== undefined) this.#options.clock.clearTimeout(this.#holdTimer);
    this.#holdTimer = undefined;
  }
}
