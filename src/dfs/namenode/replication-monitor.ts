// One pass of the replication monitor (outside safe mode): under-replicated complete blocks, fewest
// live replicas first, get a transfer from a datanode holding a good replica to targets chosen by
// placement; surplus replicas are deleted; corrupt ones once the block is back to its factor.
import type { Rng } from '../../common/rng.js';
import type { BlockInfo, BlockManager } from './block-manager.js';
import type { DatanodeManager } from './datanode-manager.js';
import { chooseTargets } from './placement.js';
import {
  REPLICATION_SCHEDULED_PER_CHECK_MAX,
  TRANSFERS_QUEUED_PER_DATANODE_MAX,
} from './tuning.js';

export interface ReplicationPass {
  readonly scheduled: number;
  readonly surplusDeleted: number;
  readonly corruptDeleted: number;
}

interface UnderReplicated {
  readonly info: BlockInfo;
  readonly good: readonly string[];
}

export function runReplicationMonitor(
  blocks: BlockManager,
  rng: Rng,
  pendingTimeoutMs: number,
): ReplicationPass {
  const nowMs = blocks.nowMs();
  for (const [blockId, pending] of blocks.pending) {
    if (nowMs >= pending.deadlineMs) blocks.pending.delete(blockId);
  }
  const under: UnderReplicated[] = [];
  let surplusDeleted = 0;
  let corruptDeleted = 0;
  for (const info of blocks.blocks.values()) {
    if (info.state !== 'complete') continue;
    const good = blocks.goodHolders(info);
    const pending = blocks.pending.get(info.blockId)?.targets.size ?? 0;
    if (good.length > 0 && good.length + pending < info.replication) under.push({ info, good });
    if (good.length > info.replication) {
      surplusDeleted += deleteSurplus(blocks, info, good, good.length - info.replication);
    }
    if (good.length >= info.replication) {
      for (const datanodeId of blocks.corruptHolders(info)) {
        blocks.doom(info, datanodeId);
        corruptDeleted++;
      }
    }
  }
  under.sort((a, b) => a.good.length - b.good.length);
  let scheduled = 0;
  for (const item of under) {
    if (scheduled >= REPLICATION_SCHEDULED_PER_CHECK_MAX) break;
    if (scheduleTransfer(blocks, item, rng, nowMs + pendingTimeoutMs)) scheduled++;
  }
  return { scheduled, surplusDeleted, corruptDeleted };
}

/** Deletes `count` good replicas: stale datanodes' first, then the fullest datanodes'. */
function deleteSurplus(
  blocks: BlockManager,
  info: BlockInfo,
  good: readonly string[],
  count: number,
): number {
  const datanodes = blocks.datanodes;
  const rank = (id: string): [number, number] => [
    datanodes.state(id) === 'stale' ? 0 : 1,
    datanodes.entry(id)?.usage.remainingBytes ?? 0,
  ];
  const victims = [...good]
    .sort((a, b) => {
      const [sa, ra] = rank(a);
      const [sb, rb] = rank(b);
      return sa !== sb ? sa - sb : ra - rb;
    })
    .slice(0, count);
  for (const id of victims) blocks.doom(info, id);
  return victims.length;
}

function chooseSource(datanodes: DatanodeManager, good: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestRank = Infinity;
  for (const id of good) {
    const entry = datanodes.entry(id);
    if (entry === undefined) continue;
    const stalePenalty =
      datanodes.stateOf(entry) === 'live' ? 0 : TRANSFERS_QUEUED_PER_DATANODE_MAX;
    const rank = stalePenalty + entry.transfers.length;
    if (rank < bestRank) {
      best = id;
      bestRank = rank;
    }
  }
  return best;
}

function scheduleTransfer(
  blocks: BlockManager,
  { info, good }: UnderReplicated,
  rng: Rng,
  deadlineMs: number,
): boolean {
  const datanodes = blocks.datanodes;
  const source = chooseSource(datanodes, good);
  if (source === undefined) return false;
  const pending = blocks.pending.get(info.blockId);
  const excluded = new Set<string>([...info.replicas.keys(), ...(pending?.targets ?? [])]);
  const candidates = datanodes
    .placementCandidates(info.numBytes)
    .filter((c) => !blocks.isDoomed(c.info.datanodeId, info.blockId));
  const need = info.replication - good.length - (pending?.targets.size ?? 0);
  const targets = chooseTargets({ count: need, candidates, favored: [], excluded }, rng);
  if (targets.length === 0) return false;
  const block = { blockId: info.blockId, genStamp: info.genStamp, numBytes: info.numBytes };
  if (!datanodes.queueTransfer(source, { kind: 'transfer', block, targets })) return false;
  const entry = pending ?? { targets: new Set<string>(), deadlineMs };
  for (const target of targets) entry.targets.add(target.datanodeId);
  blocks.pending.set(info.blockId, { targets: entry.targets, deadlineMs });
  return true;
}
