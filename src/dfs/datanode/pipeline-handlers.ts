// The write side of DatanodeService: openPipeline opens the replica here, then the rest of the
// pipeline downstream before it answers; writePacket hands a packet to the replica's receiver after
// checking that it is for the replica's current stamp and open pipeline.
import { InvalidArgumentError } from '../../common/errors.js';
import type { CallContext } from '../../rpc/index.js';
import { FencedError, ReplicaNotFoundError, ReplicaStateError } from '../errors.js';
import type { OpenPipelineRequest, PacketRequest, PipelineAck } from '../protocol.js';
import type { DatanodeContext } from './datanode-context.js';
import { PacketReceiver } from './packet-receiver.js';
import { downstreamDeadlineMs, fromDownstream } from './peers.js';
import {
  checkBlock,
  checkDatanodes,
  checkPacket,
  checkRequest,
  checkStage,
  checkText,
} from './request-checks.js';

export interface PipelineHandlers {
  openPipeline(request: OpenPipelineRequest, context: CallContext): Promise<PipelineAck>;
  writePacket(request: PacketRequest, context: CallContext): Promise<PipelineAck>;
}

export function pipelineHandlers(ctx: DatanodeContext): PipelineHandlers {
  return {
    openPipeline: (request, context) => openPipeline(ctx, request, context.remainingMs),
    writePacket: (request, context) => writePacket(ctx, request, context.remainingMs),
  };
}

export async function openPipeline(
  ctx: DatanodeContext,
  request: OpenPipelineRequest,
  remainingMs: number,
): Promise<PipelineAck> {
  const f = checkRequest(request, 'openPipeline request');
  const block = checkBlock(f['block']);
  const stage = checkStage(f['stage']);
  const downstream = checkDatanodes(f['downstream'], 'downstream');
  const clientName = checkText(f['clientName'], 'clientName');
  const self = ctx.self();
  if (downstream.some((d) => d.datanodeId === self.datanodeId || d.address === self.address)) {
    throw new InvalidArgumentError(
      `the pipeline of blk_${block.blockId} names this datanode twice`,
    );
  }
  const replica = await ctx.store.openForWrite(
    block,
    stage,
    (r) =>
      new PacketReceiver(r, {
        store: ctx.store,
        peers: ctx.peers,
        clock: ctx.clock,
        downstream,
      }),
  );
  ctx.logger.debug(
    { block: block.blockId, stage, downstream: downstream.length, client: clientName },
    `opened ${replica.describe()} for ${stage}`,
  );
  const [next, ...rest] = downstream;
  if (next === undefined) return { ok: true, bytesAcked: replica.bytesOnDisk };
  const ack = await fromDownstream(
    ctx.peers
      .datanode(next.address)
      .openPipeline(
        { block, stage, downstream: rest, clientName },
        { timeoutMs: downstreamDeadlineMs(remainingMs) },
      ),
  );
  if (!ack.ok) return ack;
  return { ok: true, bytesAcked: Math.min(replica.bytesOnDisk, ack.bytesAcked) };
}

export async function writePacket(
  ctx: DatanodeContext,
  request: PacketRequest,
  remainingMs: number,
): Promise<PipelineAck> {
  const packet = checkPacket(request);
  const replica = ctx.store.get(packet.blockId);
  if (replica === undefined) {
    throw new ReplicaNotFoundError(`no replica of blk_${packet.blockId} here`);
  }
  if (packet.genStamp !== replica.genStamp) {
    throw new FencedError(
      `packet for blk_${packet.blockId}_${packet.genStamp}; the replica here is ${replica.describe()}`,
    );
  }
  if (replica.state === 'rur') {
    throw new FencedError(`${replica.describe()} is under recovery; its writer was stopped`);
  }
  const writer = replica.writer;
  if (!(writer instanceof PacketReceiver)) {
    throw new ReplicaStateError(`${replica.describe()} has no open pipeline`);
  }
  return writer.receive(packet, remainingMs);
}
