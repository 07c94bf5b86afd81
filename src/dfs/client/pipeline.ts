// One block's write pipeline at one generation stamp: opens it, sends packets with at most
// PACKETS_IN_FLIGHT_MAX unacknowledged. Invariant: the first failed call fails it for good, naming
// the datanode to drop (`badIndex`); unacknowledged packets stay here to be sent again.
import { fromWire } from '../../common/errors.js';
import { FencedError } from '../errors.js';
import {
  DATANODE_CALL_TIMEOUT_MS,
  PACKET_ACK_TIMEOUT_MS,
  PACKETS_IN_FLIGHT_MAX,
} from '../limits.js';
import type { PipelineAck, PipelineStage } from '../protocol.js';
import type { Block, DatanodeInfo } from '../types.js';
import { AckTracker } from './ack-tracker.js';
import { asError, Wakeup, type ClientContext } from './context.js';
import { packetBuffers } from './packet-buffers.js';
import { packetEnd, type Packet } from './packetizer.js';

/** A pipeline call failed: drop `nodes[badIndex]` (or stop for good, when `fatal`). */
export class PipelineFailure extends Error {
  readonly badIndex: number;
  /** A fence (FencedError): the writer must stop. */
  readonly fatal: boolean;

  constructor(badIndex: number, cause: Error) {
    super(`pipeline failed at datanode #${badIndex}: ${cause.message}`, { cause });
    this.name = 'PipelineFailure';
    this.badIndex = badIndex;
    this.fatal = cause instanceof FencedError;
  }

  get error(): Error {
    return this.cause as Error;
  }
}

/** The error a negative PipelineAck carries, rebuilt as its class. */
export function ackFailure(ack: Extract<PipelineAck, { ok: false }>): PipelineFailure {
  const cause = fromWire({ code: ack.code, message: ack.message, retriable: false });
  return new PipelineFailure(ack.badIndex, cause);
}

export class Pipeline {
  readonly block: Block;
  readonly nodes: readonly DatanodeInfo[];
  readonly #ctx: ClientContext;
  readonly #tracker: AckTracker<Packet>;
  readonly #windowMax: number;
  readonly #changed = new Wakeup();
  #failure: PipelineFailure | undefined;
  #outstanding = 0;

  /** `block.numBytes` is what every replica holds, acknowledged, as the pipeline opens. */
  constructor(
    ctx: ClientContext,
    block: Block,
    nodes: readonly DatanodeInfo[],
    windowMax = PACKETS_IN_FLIGHT_MAX,
  ) {
    this.#ctx = ctx;
    this.block = block;
    this.nodes = nodes;
    this.#tracker = new AckTracker(block.numBytes, (packet) => this.#retire(packet));
    this.#windowMax = windowMax;
  }

  get ackedBytes(): number {
    return this.#tracker.ackedBytes;
  }

  get failure(): PipelineFailure | undefined {
    return this.#failure;
  }

  /** Opens the replicas on every datanode of the pipeline; throws PipelineFailure. */
  async open(stage: PipelineStage): Promise<void> {
    const [first, ...downstream] = this.nodes;
    if (first === undefined)
      throw new PipelineFailure(0, new Error('the pipeline has no datanode'));
    let ack: PipelineAck;
    try {
      ack = await this.#ctx
        .datanode(first.address)
        .openPipeline(
          { block: this.block, stage, downstream, clientName: this.#ctx.clientName },
          { timeoutMs: DATANODE_CALL_TIMEOUT_MS },
        );
    } catch (error) {
      throw this.#fail(new PipelineFailure(0, asError(error)));
    }
    if (!ack.ok) throw this.#fail(ackFailure(ack));
  }

  /** Sends `packet` once the window has room (resolves when sent, not acknowledged). */
  async send(packet: Packet): Promise<void> {
    while (this.#failure === undefined && this.#tracker.inFlight >= this.#windowMax) {
      await this.#changed.wait();
    }
    if (this.#failure !== undefined) throw this.#failure;
    const seqno = this.#tracker.add(packetEnd(packet), packet);
    this.#outstanding += 1;
    const request = {
      blockId: this.block.blockId,
      genStamp: this.block.genStamp,
      seqno,
      offset: packet.offset,
      data: packet.data,
      checksums: packet.checksums,
      last: packet.last,
      sync: packet.sync,
    };
    this.#ctx
      .datanode(this.nodes[0]?.address ?? '')
      .writePacket(request, { timeoutMs: PACKET_ACK_TIMEOUT_MS })
      .then(
        (ack) => {
          if (ack.ok) this.#tracker.ack(seqno);
          else this.#fail(ackFailure(ack));
        },
        (error: unknown) => this.#fail(new PipelineFailure(0, asError(error))),
      )
      .finally(() => {
        this.#outstanding -= 1;
        this.#changed.wake();
      });
  }

  /** Resolves once every packet sent is acknowledged by the whole pipeline; throws its failure. */
  async drain(): Promise<void> {
    while (this.#failure === undefined && this.#tracker.inFlight > 0) await this.#changed.wait();
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** Waits for every call in flight to answer or time out (after a failure, before recovery). */
  async settle(): Promise<void> {
    while (this.#outstanding > 0) await this.#changed.wait();
  }

  /** The packets sent and not acknowledged, in order. */
  unacked(): Packet[] {
    return this.#tracker.unacked();
  }

  /**
   * An acknowledged packet's buffer goes back to the pool, unless the pipeline has failed: then
   * recovery may send any packet it still holds down a new pipeline. (A stalled socket of the old
   * pipeline may yet write a reused buffer; its datanode rejects the bytes by their checksums, and
   * its replica is left behind by the recovery's new generation stamp.)
   */
  #retire(packet: Packet): void {
    if (this.#failure === undefined && packet.owned !== undefined) packetBuffers.give(packet.owned);
  }

  /** Stops the pipeline: later sends fail, answers still in flight are only counted. */
  #fail(failure: PipelineFailure): PipelineFailure {
    this.#failure ??= failure;
    this.#changed.wake();
    return this.#failure;
  }

  /** Abandons the pipeline (the stream was aborted): sends and waits fail with `error`. */
  abort(error: Error): void {
    this.#fail(new PipelineFailure(0, error));
  }
}
