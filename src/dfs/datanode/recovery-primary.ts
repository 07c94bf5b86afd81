// This datanode as the primary of a block recovery (a `recover` command): asks every replica for its
// state (itself locally), settles on a length, moves the replicas to it and the new stamp, and
// reports with commitBlockSynchronization. One recovery per block at a time, a bounded number.
import type { Logger } from '../../common/log.js';
import { toWire } from '../../common/errors.js';
import { ReplicaNotFoundError, ReplicaStateError } from '../errors.js';
import { DATANODE_CALL_TIMEOUT_MS, NAMENODE_CALL_TIMEOUT_MS } from '../limits.js';
import type { DatanodeCommand, DatanodeInfo, ReplicaReport } from '../types.js';
import type { DatanodeContext } from './datanode-context.js';
import type { NamenodeStub } from './report-queue.js';
import {
  initReplicaRecovery,
  planRecovery,
  updateReplicaUnderRecovery,
  type ReplicaAnswer,
} from './recovery.js';

/** Block recoveries this datanode runs as primary at once; more commands wait for a retry. */
export const RECOVERIES_IN_FLIGHT_MAX = 16;

export type RecoverCommand = Extract<DatanodeCommand, { kind: 'recover' }>;

export class RecoveryPrimary {
  readonly #ctx: DatanodeContext;
  readonly #namenode: NamenodeStub;
  readonly #logger: Logger;
  readonly #running = new Map<number, Promise<void>>();

  constructor(ctx: DatanodeContext, namenode: NamenodeStub) {
    this.#ctx = ctx;
    this.#namenode = namenode;
    this.#logger = ctx.logger;
  }

  get running(): number {
    return this.#running.size;
  }

  /** Starts the recovery in the background unless one of the block runs or too many do. */
  start(command: RecoverCommand): void {
    const blockId = command.block.blockId;
    if (this.#running.has(blockId) || this.#running.size >= RECOVERIES_IN_FLIGHT_MAX) {
      this.#logger.warn({ block: blockId }, `recovery of blk_${blockId} not started now`);
      return;
    }
    const run = this.run(command)
      .catch((error: unknown) => {
        this.#logger.warn({ block: blockId, err: error }, `recovery of blk_${blockId} failed`);
      })
      .finally(() => this.#running.delete(blockId));
    this.#running.set(blockId, run);
  }

  /** Waits for the recoveries in progress (shutdown, tests). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.#running.values()]);
  }

  async run(command: RecoverCommand): Promise<void> {
    const { block, newGenStamp } = command;
    const answers = await Promise.all(
      command.replicas.map((datanode) => this.#init(datanode, command)),
    );
    const reached = answers.filter((a): a is ReplicaAnswer => a !== undefined);
    const plan = planRecovery(block.genStamp, reached);
    if (plan.participants.length === 0 && reached.length < answers.length) {
      throw new ReplicaNotFoundError(
        `no replica of blk_${block.blockId} answered; the namenode will retry`,
      );
    }
    const updated = await Promise.all(
      plan.participants.map((datanode) =>
        this.#update(datanode, block.blockId, newGenStamp, plan.length),
      ),
    );
    const newTargets = updated.filter((d): d is DatanodeInfo => d !== undefined);
    if (plan.participants.length > 0 && newTargets.length === 0) {
      throw new ReplicaStateError(`no replica of blk_${block.blockId} took the recovered length`);
    }
    await this.#namenode.commitBlockSynchronization(
      { block, newGenStamp, newLength: plan.length, newTargets, closeFile: true },
      { timeoutMs: NAMENODE_CALL_TIMEOUT_MS },
    );
    this.#logger.info(
      { block: block.blockId, newGenStamp, length: plan.length, targets: newTargets.length },
      `recovered blk_${block.blockId} to ${plan.length} bytes at stamp ${newGenStamp}`,
    );
  }

  #isSelf(datanode: DatanodeInfo): boolean {
    return datanode.datanodeId === this.#ctx.self().datanodeId;
  }

  async #init(datanode: DatanodeInfo, command: RecoverCommand): Promise<ReplicaAnswer | undefined> {
    const request = { block: command.block, newGenStamp: command.newGenStamp };
    try {
      const answer: { readonly replica: ReplicaReport | null } = this.#isSelf(datanode)
        ? await initReplicaRecovery(this.#ctx, request)
        : await this.#ctx.peers
            .datanode(datanode.address)
            .initReplicaRecovery(request, { timeoutMs: DATANODE_CALL_TIMEOUT_MS });
      return { datanode, replica: answer.replica };
    } catch (error) {
      this.#logger.warn(
        { block: command.block.blockId, datanode: datanode.address, code: toWire(error).code },
        `initReplicaRecovery failed on ${datanode.address}`,
      );
      return undefined;
    }
  }

  async #update(
    datanode: DatanodeInfo,
    blockId: number,
    newGenStamp: number,
    newLength: number,
  ): Promise<DatanodeInfo | undefined> {
    const request = { blockId, newGenStamp, newLength };
    try {
      if (this.#isSelf(datanode)) await updateReplicaUnderRecovery(this.#ctx, request);
      else {
        await this.#ctx.peers
          .datanode(datanode.address)
          .updateReplicaUnderRecovery(request, { timeoutMs: DATANODE_CALL_TIMEOUT_MS });
      }
      return datanode;
    } catch (error) {
      this.#logger.warn(
        { block: blockId, datanode: datanode.address, code: toWire(error).code },
        `updateReplicaUnderRecovery failed on ${datanode.address}`,
      );
      return undefined;
    }
  }
}
