// Block recovery on each replica (HDFS initReplicaRecovery / updateReplicaUnderRecovery), and the
// primary's choice of length (pure). Step 1 stops the writer (later packets fail with Fenced) and
// puts the replica under recovery; step 2 cuts it, gives it the new stamp and finalizes it.
import { FencedError, ReplicaNotFoundError, ReplicaStateError } from '../errors.js';
import type { Block, DatanodeInfo, ReplicaReport } from '../types.js';
import type { DatanodeContext } from './datanode-context.js';
import { checkBlock, checkRequest, count } from './request-checks.js';

/**
 * Step 1: stops any writer of the replica and moves it to `rur` under `newGenStamp`. Answers the
 * replica's stamp, bytes on disk and the state it had before recovery; null when this datanode has
 * no replica of the block at the block's stamp or newer.
 */
export function initReplicaRecovery(
  ctx: DatanodeContext,
  request: unknown,
): Promise<{ readonly replica: ReplicaReport | null }> {
  const f = checkRequest(request, 'initReplicaRecovery request');
  const block = checkBlock(f['block']);
  const newGenStamp = count(f['newGenStamp'], 'newGenStamp');
  return ctx.store.serial(block.blockId, async () => {
    const replica = ctx.store.get(block.blockId);
    if (replica === undefined || replica.state === 'temporary') return { replica: null };
    if (replica.genStamp < block.genStamp) return { replica: null };
    if (replica.genStamp >= newGenStamp) {
      throw new ReplicaStateError(
        `recovery of blk_${block.blockId} to stamp ${newGenStamp}: the replica is already ${replica.describe()}`,
      );
    }
    if (replica.state === 'rur') {
      if (replica.recoveryId > newGenStamp) {
        throw new FencedError(
          `blk_${block.blockId} is under a newer recovery (${replica.recoveryId} > ${newGenStamp})`,
        );
      }
    } else {
      replica.writer?.fence(
        new FencedError(`blk_${block.blockId} is under recovery to stamp ${newGenStamp}`),
      );
      replica.writer = undefined;
      replica.originalState = replica.state;
      replica.state = 'rur';
    }
    replica.recoveryId = newGenStamp;
    ctx.logger.info(
      { block: block.blockId, recoveryId: newGenStamp },
      `recovery of ${replica.describe()} started`,
    );
    return {
      replica: {
        blockId: replica.blockId,
        genStamp: replica.genStamp,
        numBytes: replica.bytesOnDisk,
        state: replica.originalState,
      },
    };
  });
}

/** Step 2: cuts the replica under recovery to `newLength`, takes `newGenStamp`, finalizes it. */
export function updateReplicaUnderRecovery(
  ctx: DatanodeContext,
  request: unknown,
): Promise<{ readonly block: Block }> {
  const f = checkRequest(request, 'updateReplicaUnderRecovery request');
  const blockId = count(f['blockId'], 'blockId');
  const newGenStamp = count(f['newGenStamp'], 'newGenStamp');
  const newLength = count(f['newLength'], 'newLength');
  return ctx.store.serial(blockId, async () => {
    const replica = ctx.store.get(blockId);
    if (replica === undefined) throw new ReplicaNotFoundError(`no replica of blk_${blockId} here`);
    if (replica.state !== 'rur') {
      throw new ReplicaStateError(`${replica.describe()} is not under recovery`);
    }
    if (replica.recoveryId !== newGenStamp) {
      throw new FencedError(
        `${replica.describe()} is under recovery ${replica.recoveryId}, not ${newGenStamp}`,
      );
    }
    if (newLength > replica.bytesOnDisk) {
      throw new ReplicaStateError(`${replica.describe()} cannot grow to ${newLength} bytes`);
    }
    const files = await ctx.store.filesOf(replica);
    if (newLength < replica.bytesOnDisk) await files.truncate(newLength);
    replica.bytesOnDisk = newLength;
    await ctx.store.move(replica, 'finalized', newGenStamp);
    await ctx.store.finalizeNow(replica, true);
    ctx.logger.info({ block: blockId }, `recovered ${replica.describe()}`);
    return { block: { blockId, genStamp: newGenStamp, numBytes: newLength } };
  });
}

export interface ReplicaAnswer {
  readonly datanode: DatanodeInfo;
  readonly replica: ReplicaReport | null;
}

export interface RecoveryPlan {
  readonly length: number;
  readonly participants: readonly DatanodeInfo[];
}

/**
 * The primary's choice (HDFS BlockRecoveryWorker.syncBlock): only replicas at the block's stamp or
 * newer count. If one is finalized its length wins, and the finalized replicas of that length and
 * the rbw ones at least as long take part. Otherwise the shortest rbw replica sets the length (all
 * rbw replicas take part), or, without rbw replicas, the shortest rwr one (all rwr ones take
 * part): an rwr replica may have lost unsynced bytes in a restart, so it never shortens rbw ones.
 */
export function planRecovery(
  blockGenStamp: number,
  answers: readonly ReplicaAnswer[],
): RecoveryPlan {
  const valid = answers.filter(
    (a): a is ReplicaAnswer & { readonly replica: ReplicaReport } =>
      a.replica !== null && a.replica.genStamp >= blockGenStamp,
  );
  const finalized = valid.find((a) => a.replica.state === 'finalized');
  if (finalized !== undefined) {
    const length = finalized.replica.numBytes;
    const participants = valid.filter((a) =>
      a.replica.state === 'finalized'
        ? a.replica.numBytes === length
        : a.replica.state === 'rbw' && a.replica.numBytes >= length,
    );
    return { length, participants: participants.map((a) => a.datanode) };
  }
  const rbw = valid.filter((a) => a.replica.state === 'rbw');
  const best = rbw.length > 0 ? rbw : valid.filter((a) => a.replica.state === 'rwr');
  if (best.length === 0) return { length: 0, participants: [] };
  const length = Math.min(...best.map((a) => a.replica.numBytes));
  return { length, participants: best.map((a) => a.datanode) };
}
