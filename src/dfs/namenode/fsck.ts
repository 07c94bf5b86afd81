// `fsck` and the datanode report: read-only summaries of the block map. A block with no live good
// replica is missing (or corrupt, when only corrupt replicas are left); under-replication alone
// leaves the tree healthy, as HDFS says. Blocks of files being written are checked once complete.
import { FileNotFoundError } from '../errors.js';
import { validPath } from '../path.js';
import type { DatanodeReport, FsckReport } from '../types.js';
import { fileLength } from './file-reads.js';
import { nodePath, subtree } from './inode.js';
import type { Namesystem } from './namesystem.js';
import { FSCK_PROBLEMS_MAX } from './tuning.js';

interface Tally {
  files: number;
  directories: number;
  totalBytes: number;
  blocks: number;
  replicas: number;
  underReplicatedBlocks: number;
  overReplicatedBlocks: number;
  corruptBlocks: number;
  missingBlocks: number;
  openFiles: number;
}

export function fsck(ns: Namesystem, path: string): FsckReport {
  const root = ns.namespace.lookup(validPath(path));
  if (root === undefined) throw new FileNotFoundError(`${path} does not exist`);
  const tally: Tally = {
    files: 0,
    directories: 0,
    totalBytes: 0,
    blocks: 0,
    replicas: 0,
    underReplicatedBlocks: 0,
    overReplicatedBlocks: 0,
    corruptBlocks: 0,
    missingBlocks: 0,
    openFiles: 0,
  };
  const problems: string[] = [];
  const problem = (line: string): void => {
    if (problems.length < FSCK_PROBLEMS_MAX) problems.push(line);
  };
  for (const node of subtree(root)) {
    if (node.kind === 'directory') {
      tally.directories++;
      continue;
    }
    tally.files++;
    if (node.writer !== null) tally.openFiles++;
    tally.totalBytes += fileLength(ns, node);
    const filePath = nodePath(node);
    for (const record of node.blocks) {
      const info = ns.blocks.blocks.get(record.blockId);
      if (info === undefined || info.state !== 'complete') continue;
      tally.blocks++;
      const good = ns.blocks.goodHolders(info).length;
      const corrupt = ns.blocks.corruptHolders(info).length;
      tally.replicas += good;
      const name = `${filePath} blk_${info.blockId}_${info.genStamp}`;
      const counts = `${good} of ${info.replication} live replicas`;
      if (good === 0 && corrupt > 0) {
        tally.corruptBlocks++;
        problem(`${name}: ${counts}, ${corrupt} corrupt`);
      } else if (good === 0) {
        tally.missingBlocks++;
        problem(`${name}: ${counts} (missing)`);
      } else if (good < info.replication) {
        tally.underReplicatedBlocks++;
        problem(`${name}: ${counts}`);
      } else if (good > info.replication) {
        tally.overReplicatedBlocks++;
      }
    }
  }
  return {
    path,
    ...tally,
    healthy: tally.missingBlocks === 0 && tally.corruptBlocks === 0,
    problems,
  };
}

export function datanodeReport(ns: Namesystem): DatanodeReport[] {
  const nowMs = ns.clock.monotonicMs();
  return [...ns.datanodes.entries()].map((entry) => ({
    datanodeId: entry.info.datanodeId,
    address: entry.info.address,
    capacityBytes: entry.usage.capacityBytes,
    usedBytes: entry.usage.usedBytes,
    remainingBytes: entry.usage.remainingBytes,
    activeTransfers: entry.usage.activeTransfers,
    state: ns.datanodes.stateOf(entry),
    lastHeartbeatAgoMs: nowMs - entry.lastHeartbeatMs,
    blocks: ns.blocks.blockCount(entry.info.datanodeId),
  }));
}
