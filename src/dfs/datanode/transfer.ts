// Pushing a replica to other datanodes through a pipeline: the namenode's `transfer` command (stage
// transfer: each target finalizes its copy on the last packet) and a client's copyReplica for
// pipeline recovery (stage recover: the target gets an rbw replica holding the bytes asked for).
import { InvalidArgumentError } from '../../common/errors.js';
import {
  ChecksumError,
  FencedError,
  PipelineError,
  ReplicaNotFoundError,
  ReplicaStateError,
} from '../errors.js';
import { DATANODE_CALL_TIMEOUT_MS, PACKET_ACK_TIMEOUT_MS, PACKET_BYTES } from '../limits.js';
import type { PipelineAck, PipelineStage } from '../protocol.js';
import type { Block, DatanodeCommand, DatanodeInfo } from '../types.js';
import type { DatanodeContext } from './datanode-context.js';
import type { DatanodeStub } from './peers.js';
import { readRange } from './reader.js';
import type { Replica } from './replica.js';
import { checkBlock, checkDatanode, checkRequest } from './request-checks.js';

/** Packets of one transfer on the wire at once. */
export const TRANSFER_PACKETS_IN_FLIGHT_MAX = 8;
/** Transfers (commands and copies) this datanode sends at once; more commands are dropped. */
export const TRANSFERS_IN_FLIGHT_MAX = 8;

export type TransferCommand = Extract<DatanodeCommand, { kind: 'transfer' }>;

interface Push {
  readonly source: Replica;
  /** The block as the targets get it: this stamp, this many bytes. */
  readonly block: Block;
  readonly targets: readonly DatanodeInfo[];
  readonly stage: PipelineStage;
  /** Whether the last packet says `last` (finalizing the targets' replicas). */
  readonly finalize: boolean;
}

export class Transfers {
  readonly #ctx: DatanodeContext;
  readonly #running = new Set<Promise<unknown>>();

  constructor(ctx: DatanodeContext) {
    this.#ctx = ctx;
  }

  get running(): number {
    return this.#running.size;
  }

  /** Runs a `transfer` command in the background (dropped when too many run: it is retried). */
  start(command: TransferCommand): void {
    const blockId = command.block.blockId;
    if (this.#running.size >= TRANSFERS_IN_FLIGHT_MAX) {
      this.#ctx.logger.warn({ block: blockId }, `transfer of blk_${blockId} dropped: too many`);
      return;
    }
    const run = this.transfer(command).catch((error: unknown) => {
      this.#ctx.logger.warn({ block: blockId, err: error }, `transfer of blk_${blockId} failed`);
    });
    this.#track(run);
  }

  async drain(): Promise<void> {
    await Promise.allSettled([...this.#running]);
  }

  /** Copies a finalized replica to `command.targets`, which finalize it. */
  async transfer(command: TransferCommand): Promise<number> {
    const { block, targets } = command;
    const source = this.#ctx.store.get(block.blockId);
    if (source === undefined) throw new ReplicaNotFoundError(`no replica of blk_${block.blockId}`);
    if (
      source.state !== 'finalized' ||
      source.genStamp !== block.genStamp ||
      source.bytesOnDisk !== block.numBytes
    ) {
      throw new ReplicaStateError(
        `transfer of blk_${block.blockId}_${block.genStamp} (${block.numBytes} bytes): ` +
          `the replica here is ${source.describe()}`,
      );
    }
    return this.#push({ source, block, targets, stage: 'transfer', finalize: true });
  }

  /** The copyReplica handler: this replica's first `block.numBytes` bytes to `target`. */
  async copyReplica(request: unknown): Promise<{ readonly bytes: number }> {
    const f = checkRequest(request, 'copyReplica request');
    const block = checkBlock(f['block']);
    const target = checkDatanode(f['target'], 'target');
    const stage = f['stage'];
    if (stage !== 'transfer' && stage !== 'recover') {
      throw new InvalidArgumentError(
        `copyReplica stage must be transfer or recover, got ${String(stage)}`,
      );
    }
    const source = this.#ctx.store.get(block.blockId);
    if (source === undefined || source.state === 'temporary') {
      throw new ReplicaNotFoundError(`no replica of blk_${block.blockId} here`);
    }
    if (source.genStamp > block.genStamp) {
      throw new FencedError(
        `copy of blk_${block.blockId}_${block.genStamp}: ${source.describe()} is newer`,
      );
    }
    if (source.bytesOnDisk < block.numBytes) {
      throw new ReplicaStateError(
        `copy of ${block.numBytes} bytes: ${source.describe()} holds fewer`,
      );
    }
    const push: Push =
      stage === 'transfer'
        ? { source, block, targets: [target], stage: 'transfer', finalize: true }
        : { source, block, targets: [target], stage: 'create', finalize: false };
    const run = this.#push(push);
    this.#track(run);
    return { bytes: await run };
  }

  #track(run: Promise<unknown>): void {
    const tracked = run.then(
      () => undefined,
      () => undefined,
    );
    this.#running.add(tracked);
    void tracked.then(() => this.#running.delete(tracked));
  }

  async #push(push: Push): Promise<number> {
    const { block, targets } = push;
    const [first, ...rest] = targets;
    if (first === undefined)
      throw new ReplicaStateError(`transfer of blk_${block.blockId} to nobody`);
    const stub = this.#ctx.peers.datanode(first.address);
    const opened = await stub.openPipeline(
      {
        block: push.stage === 'create' ? { ...block, numBytes: 0 } : block,
        stage: push.stage,
        downstream: rest,
        clientName: `DataNode_${this.#ctx.self().datanodeId}`,
      },
      { timeoutMs: DATANODE_CALL_TIMEOUT_MS },
    );
    failUnlessOk(opened, block, targets);
    const packets = Math.max(push.finalize ? 1 : 0, Math.ceil(block.numBytes / PACKET_BYTES));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < packets) {
        const seqno = next++;
        await this.#sendPacket(push, stub, seqno, seqno === packets - 1);
      }
    };
    const workers = Math.min(packets, TRANSFER_PACKETS_IN_FLIGHT_MAX);
    try {
      await Promise.all(Array.from({ length: workers }, worker));
    } catch (error) {
      next = packets;
      throw error;
    }
    this.#ctx.logger.info(
      { block: block.blockId, targets: targets.map((t) => t.address) },
      `copied blk_${block.blockId} (${block.numBytes} bytes) to ${targets.length} datanodes`,
    );
    return block.numBytes;
  }

  async #sendPacket(
    push: Push,
    stub: DatanodeStub,
    seqno: number,
    lastPacket: boolean,
  ): Promise<void> {
    const { source, block } = push;
    const offset = seqno * PACKET_BYTES;
    const end = Math.min(block.numBytes, offset + PACKET_BYTES);
    const store = this.#ctx.store;
    let ack: PipelineAck;
    try {
      const range = await store.serial(block.blockId, async () => {
        if (store.get(block.blockId) !== source || source.bytesOnDisk < end) {
          throw new ReplicaStateError(`blk_${block.blockId} changed while it was being copied`);
        }
        return readRange(store, source, offset, end);
      });
      ack = await stub.writePacket(
        {
          blockId: block.blockId,
          genStamp: block.genStamp,
          seqno,
          offset,
          data: range.data,
          checksums: range.checksums,
          last: push.finalize && lastPacket,
          sync: false,
        },
        { timeoutMs: PACKET_ACK_TIMEOUT_MS },
      );
    } catch (error) {
      if (error instanceof ChecksumError) this.#reportSourceBad(source);
      throw error;
    }
    failUnlessOk(ack, block, push.targets);
  }

  #reportSourceBad(source: Replica): void {
    const block = {
      blockId: source.blockId,
      genStamp: source.genStamp,
      numBytes: source.bytesOnDisk,
    };
    this.#ctx.logger.warn({ block: source.blockId }, `${source.describe()} failed its checksums`);
    this.#ctx.reportBad([{ block, datanodeId: this.#ctx.self().datanodeId }]);
  }
}

function failUnlessOk(ack: PipelineAck, block: Block, targets: readonly DatanodeInfo[]): void {
  if (ack.ok) return;
  const target = targets[ack.badIndex]?.address ?? `#${ack.badIndex}`;
  throw new PipelineError(
    `copy of blk_${block.blockId} failed at ${target}: ${ack.code}: ${ack.message}`,
  );
}
