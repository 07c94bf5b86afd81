// A new block and its open pipeline (HDFS DataStreamer.nextBlockOutputStream): addBlock, retried
// while the previous block waits for its replicas; a pipeline that cannot be set up is abandoned
// and the namenode asked again with its bad datanode excluded. Every retry is bounded.
import {
  NotEnoughReplicasError,
  NotReplicatedYetError,
  PipelineError,
  SafeModeError,
} from '../errors.js';
import {
  ADD_BLOCK_ATTEMPTS_MAX,
  ADD_BLOCK_RETRY_DELAY_MS,
  NAMENODE_CALL_TIMEOUT_MS,
} from '../limits.js';
import type { Block, DatanodeInfo, LocatedBlock } from '../types.js';
import { sleep, type ClientContext } from './context.js';
import { Pipeline, PipelineFailure } from './pipeline.js';

/** Blocks allocated for one block of data before the stream gives up (HDFS: 3 + 1). */
export const PIPELINE_SETUP_ATTEMPTS_MAX = 4;

/** Allocates the block after `previous` (null: the file's first) and opens its pipeline. */
export async function setupNewBlock(
  ctx: ClientContext,
  path: string,
  previous: Block | null,
): Promise<Pipeline> {
  const excluded: DatanodeInfo[] = [];
  for (let attempt = 1; ; attempt++) {
    const located = await addBlock(ctx, path, previous, excluded);
    const block = { ...located.block, numBytes: 0 };
    const pipeline = new Pipeline(ctx, block, located.locations);
    try {
      await pipeline.open('create');
      return pipeline;
    } catch (error) {
      if (!(error instanceof PipelineFailure)) throw error;
      if (error.fatal) throw error.error;
      ctx.logger.info(
        { path, blockId: block.blockId, err: error.error },
        'could not set up a pipeline; abandoning the block',
      );
      await ctx.namenode.abandonBlock(
        { path, clientName: ctx.clientName, block },
        { timeoutMs: NAMENODE_CALL_TIMEOUT_MS },
      );
      const bad = located.locations[error.badIndex] ?? located.locations[0];
      if (bad !== undefined) excluded.push(bad);
      if (attempt >= PIPELINE_SETUP_ATTEMPTS_MAX) {
        throw new PipelineError(
          `${path}: no pipeline could be set up for a new block in ${attempt} attempts; ` +
            `the limit is ${PIPELINE_SETUP_ATTEMPTS_MAX} (last: ${error.error.message})`,
          { cause: error.error },
        );
      }
    }
  }
}

/** True for the addBlock failures that pass with time (replicas still reporting, safe mode). */
function isTransient(error: unknown): boolean {
  return (
    error instanceof NotReplicatedYetError ||
    error instanceof NotEnoughReplicasError ||
    error instanceof SafeModeError
  );
}

async function addBlock(
  ctx: ClientContext,
  path: string,
  previous: Block | null,
  excluded: readonly DatanodeInfo[],
): Promise<LocatedBlock> {
  const favored = ctx.localDatanode === undefined ? [] : [ctx.localDatanode];
  for (let attempt = 1; ; attempt++) {
    try {
      const answer = await ctx.namenode.addBlock(
        { path, clientName: ctx.clientName, previous, excluded, favored },
        { timeoutMs: NAMENODE_CALL_TIMEOUT_MS },
      );
      return answer.block;
    } catch (error) {
      if (!isTransient(error) || attempt >= ADD_BLOCK_ATTEMPTS_MAX) throw error;
      await sleep(ctx.clock, ADD_BLOCK_RETRY_DELAY_MS * attempt);
    }
  }
}
