// Pipeline recovery (HDFS setupPipelineForAppendOrRecovery): drop the bad datanode, new stamp, seed
// a replacement, reopen with stage `recover` at the acknowledged length, record it (updatePipeline).
// Invariant: at most PIPELINE_RECOVERIES_MAX rounds per block; a fence or no datanode left is final.
import { FencedError, PipelineError } from '../errors.js';
import {
  DATANODE_CALL_TIMEOUT_MS,
  NAMENODE_CALL_TIMEOUT_MS,
  PIPELINE_RECOVERIES_MAX,
} from '../limits.js';
import type { Block, DatanodeInfo } from '../types.js';
import type { ClientContext } from './context.js';
import { Pipeline, PipelineFailure } from './pipeline.js';

/** What the output stream knows of the block whose pipeline failed. */
export interface RecoveryInput {
  readonly path: string;
  /** The block as the namenode last recorded it (its stamp) with the acknowledged length. */
  readonly block: Block;
  readonly nodes: readonly DatanodeInfo[];
  readonly failure: PipelineFailure;
  readonly replication: number;
  /** Datanodes dropped from this block's pipelines so far (grows). */
  readonly excluded: DatanodeInfo[];
  /** Recovery rounds of this block so far (grows). */
  readonly rounds: { count: number };
}

/** Runs recovery rounds until a pipeline opens; returns it (its stamp is the block's new one). */
export async function recoverPipeline(ctx: ClientContext, input: RecoveryInput): Promise<Pipeline> {
  const { block } = input;
  let nodes = [...input.nodes];
  let failure = input.failure;
  for (;;) {
    if (failure.fatal) throw failure.error;
    if (input.rounds.count >= PIPELINE_RECOVERIES_MAX) {
      throw new PipelineError(
        `block ${block.blockId} of ${input.path}: ${input.rounds.count} pipeline recoveries; ` +
          `the limit is ${PIPELINE_RECOVERIES_MAX} (last: ${failure.error.message})`,
        { cause: failure.error },
      );
    }
    input.rounds.count += 1;
    const badIndex =
      failure.badIndex >= 0 && failure.badIndex < nodes.length ? failure.badIndex : 0;
    const bad = nodes[badIndex];
    if (bad !== undefined) {
      input.excluded.push(bad);
      nodes = nodes.filter((_, i) => i !== badIndex);
    }
    ctx.logger.info(
      { path: input.path, blockId: block.blockId, bad: bad?.address, err: failure.error },
      'recovering a write pipeline',
    );
    if (nodes.length === 0) {
      throw new PipelineError(
        `block ${block.blockId} of ${input.path}: no datanode of the pipeline is left ` +
          `(last failure: ${failure.error.message})`,
        { cause: failure.error },
      );
    }
    const fresh = await newStamp(ctx, block);
    nodes = await addReplacement(ctx, input, fresh, nodes);
    const pipeline = new Pipeline(ctx, fresh, nodes);
    try {
      await pipeline.open('recover');
    } catch (error) {
      if (!(error instanceof PipelineFailure)) throw error;
      failure = error;
      continue;
    }
    await ctx.namenode.updatePipeline(
      { clientName: ctx.clientName, oldBlock: block, newBlock: fresh, newNodes: nodes },
      { timeoutMs: NAMENODE_CALL_TIMEOUT_MS },
    );
    return pipeline;
  }
}

/** The block with a new generation stamp from the namenode, at the same acknowledged length. */
async function newStamp(ctx: ClientContext, block: Block): Promise<Block> {
  const answer = await ctx.namenode.updateBlockForPipeline(
    { block, clientName: ctx.clientName },
    { timeoutMs: NAMENODE_CALL_TIMEOUT_MS },
  );
  return { blockId: block.blockId, genStamp: answer.block.genStamp, numBytes: block.numBytes };
}

/**
 * When the pipeline is shorter than the replication factor, one more datanode from the namenode,
 * seeded with the acknowledged bytes by a survivor (HDFS replace-datanode-on-failure). A datanode
 * that cannot be seeded is left out (and excluded); the pipeline goes on with the survivors.
 */
async function addReplacement(
  ctx: ClientContext,
  input: RecoveryInput,
  block: Block,
  nodes: DatanodeInfo[],
): Promise<DatanodeInfo[]> {
  if (nodes.length >= input.replication) return nodes;
  let extra: DatanodeInfo | null;
  try {
    const answer = await ctx.namenode.getAdditionalDatanode(
      {
        path: input.path,
        clientName: ctx.clientName,
        block,
        existing: nodes,
        excluded: input.excluded,
      },
      { timeoutMs: NAMENODE_CALL_TIMEOUT_MS },
    );
    extra = answer.datanode;
  } catch (error) {
    if (error instanceof FencedError) throw error;
    ctx.logger.warn({ err: error, path: input.path }, 'no replacement datanode; going on without');
    return nodes;
  }
  if (extra === null || nodes.some((n) => n.datanodeId === extra.datanodeId)) return nodes;
  const source = nodes[0] as DatanodeInfo;
  try {
    await ctx
      .datanode(source.address)
      .copyReplica(
        { block, target: extra, stage: 'recover' },
        { timeoutMs: DATANODE_CALL_TIMEOUT_MS },
      );
  } catch (error) {
    if (error instanceof FencedError) throw error;
    ctx.logger.warn(
      { err: error, path: input.path, target: extra.address },
      'could not seed the replacement datanode; going on without it',
    );
    input.excluded.push(extra);
    return nodes;
  }
  return [...nodes, extra];
}
