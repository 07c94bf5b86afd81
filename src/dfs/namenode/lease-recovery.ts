// Lease recovery: the file is taken from its writer at once (lease to RECOVERY_HOLDER), closed if
// its blocks allow, else its last block is recovered by a primary datanode under a new stamp until
// commitBlockSynchronization closes it; retried with a new stamp and primary after a timeout.
import { InvalidArgumentError } from '../../common/errors.js';
import { FencedError, FileNotFoundError } from '../errors.js';
import type { CommitBlockSynchronizationRequest } from '../protocol.js';
import type { DatanodeInfo } from '../types.js';
import type { BlockInfo } from './block-manager.js';
import { nodePath, type FileNode } from './inode.js';
import type { Namesystem } from './namesystem.js';
import { LEASE_RECOVERIES_PER_CHECK_MAX, RECOVERY_HOLDER } from './tuning.js';

/** The live and stale datanodes that may hold the block: reported replicas and the pipeline. */
export function recoveryLocations(ns: Namesystem, info: BlockInfo): DatanodeInfo[] {
  const out = new Map<string, DatanodeInfo>();
  for (const replica of info.replicas.values()) {
    const entry = ns.datanodes.entry(replica.datanodeId);
    if (entry !== undefined && replica.genStamp >= info.genStamp) {
      out.set(replica.datanodeId, entry.info);
    }
  }
  for (const datanode of info.expected) out.set(datanode.datanodeId, datanode);
  const rank = (d: DatanodeInfo): number => (ns.datanodes.state(d.datanodeId) === 'live' ? 0 : 1);
  return [...out.values()]
    .filter((d) => ns.datanodes.state(d.datanodeId) !== 'dead')
    .sort((a, b) => rank(a) - rank(b));
}

/** Takes the file from its writer and starts closing it. Resolves once the edits are synced. */
export function startLeaseRecovery(ns: Namesystem, file: FileNode): Promise<void> {
  const path = nodePath(file);
  ns.logger.info({ path, holder: file.writer?.clientName }, 'recovering lease');
  const reassigned = ns.log({
    kind: 'reassignLease',
    path,
    clientName: RECOVERY_HOLDER,
    timeMs: ns.clock.nowMs(),
  });
  return Promise.all([reassigned, internalRecover(ns, file)]).then(() => undefined);
}

/** Closes a file held by RECOVERY_HOLDER, or starts (again) the recovery of its last block. */
export function internalRecover(ns: Namesystem, file: FileNode): Promise<void> {
  const path = nodePath(file);
  const timeMs = ns.clock.nowMs();
  const writer = file.writer;
  const last = file.blocks[file.blocks.length - 1];
  if (writer === null) return Promise.resolve();
  const clientName = writer.clientName;
  if (last === undefined) return ns.log({ kind: 'close', path, clientName, last: null, timeMs });
  const info = ns.blocks.blocks.get(last.blockId);
  const allComplete = file.blocks.every(
    (b) => ns.blocks.blocks.get(b.blockId)?.state === 'complete',
  );
  if (info === undefined || (allComplete && writer.lastCommitted)) {
    return ns.log({ kind: 'close', path, clientName, last: null, timeMs });
  }
  const locations = recoveryLocations(ns, info);
  if (locations.length === 0 && last.numBytes === 0) {
    // Nothing was written to the last block that anyone could have seen: drop it and close.
    const dropped = writer.lastCommitted
      ? Promise.resolve()
      : ns.log({ kind: 'abandonBlock', path, clientName, blockId: last.blockId, timeMs });
    const closed = ns.log({ kind: 'close', path, clientName, last: null, timeMs });
    return Promise.all([dropped, closed]).then(() => undefined);
  }
  return startBlockRecovery(ns, file, info, locations);
}

function startBlockRecovery(
  ns: Namesystem,
  file: FileNode,
  info: BlockInfo,
  locations: readonly DatanodeInfo[],
): Promise<void> {
  const nowMs = ns.clock.monotonicMs();
  const deadlineMs = nowMs + ns.tuning.blockRecoveryTimeoutMs;
  const tried = new Set(ns.recoveries.get(file.fileId)?.tried ?? []);
  let choices = locations.filter((d) => !tried.has(d.datanodeId));
  if (choices.length === 0) {
    tried.clear();
    choices = [...locations];
  }
  const primary = choices[0];
  if (primary === undefined) {
    ns.logger.warn({ path: nodePath(file), blockId: info.blockId }, 'no datanode to recover on');
    ns.recoveries.set(file.fileId, {
      blockId: info.blockId,
      newGenStamp: 0,
      primary: undefined,
      deadlineMs,
      tried,
    });
    return Promise.resolve();
  }
  tried.add(primary.datanodeId);
  const newGenStamp = ns.namespace.genStamp + 1;
  const block = { blockId: info.blockId, genStamp: info.genStamp, numBytes: info.numBytes };
  ns.recoveries.set(file.fileId, {
    blockId: info.blockId,
    newGenStamp,
    primary: primary.datanodeId,
    deadlineMs,
    tried,
  });
  ns.blocks.beginRecovery(info.blockId);
  const stamped = ns.log({ kind: 'setGenStamp', genStamp: newGenStamp, timeMs: ns.clock.nowMs() });
  return stamped.then(() => {
    ns.datanodes.queueRecover(primary.datanodeId, {
      kind: 'recover',
      block,
      newGenStamp,
      replicas: locations,
    });
  });
}

/** The primary's report of a block recovery: records the block and (usually) closes the file. */
export async function commitBlockSynchronization(
  ns: Namesystem,
  request: CommitBlockSynchronizationRequest,
): Promise<void> {
  ns.checkWritable('commit a block synchronization');
  const { blockId } = request.block;
  const file = ns.namespace.blockOwners.get(blockId);
  if (file === undefined) throw new FileNotFoundError(`block ${blockId} belongs to no file`);
  const last = file.blocks[file.blocks.length - 1];
  if (file.writer === null) {
    if (last?.blockId === blockId && last.genStamp === request.newGenStamp) return;
    throw new FencedError(`the file of block ${blockId} is already closed`);
  }
  const recovery = ns.recoveries.get(file.fileId);
  if (recovery?.blockId !== blockId || recovery.newGenStamp !== request.newGenStamp) {
    throw new FencedError(
      `no recovery of block ${blockId} with stamp ${request.newGenStamp} is in progress`,
    );
  }
  if (!Number.isInteger(request.newLength) || request.newLength < 0) {
    throw new InvalidArgumentError(`newLength is ${request.newLength}`);
  }
  const durable = ns.log({
    kind: 'syncBlock',
    path: nodePath(file),
    blockId,
    genStamp: request.newGenStamp,
    numBytes: request.newLength,
    close: request.closeFile,
    timeMs: ns.clock.nowMs(),
  });
  const targets = request.newTargets.map((d) => d.datanodeId);
  ns.blocks.syncBlock(blockId, request.newGenStamp, request.newLength, targets);
  await durable;
}

/** The lease monitor: hard-limit leases recovered, stuck recoveries started again. */
export function checkLeases(ns: Namesystem): void {
  const nowMs = ns.clock.monotonicMs();
  const run = (work: () => Promise<void>): void => {
    const report = (error: unknown): void => {
      ns.logger.error({ err: error }, 'lease recovery failed');
    };
    try {
      work().catch(report);
    } catch (error) {
      report(error);
    }
  };
  let started = 0;
  for (const lease of [...ns.leases.leases()]) {
    const recovering = lease.holder === RECOVERY_HOLDER;
    if (!recovering && !ns.leases.expired(lease.holder, nowMs, ns.tuning.leaseHardLimitMs)) {
      continue;
    }
    for (const fileId of [...lease.fileIds]) {
      if (started >= LEASE_RECOVERIES_PER_CHECK_MAX) return;
      const file = ns.namespace.files.get(fileId);
      if (file === undefined || (recovering && ns.recoveries.has(fileId))) continue;
      started++;
      run(() => (recovering ? internalRecover(ns, file) : startLeaseRecovery(ns, file)));
    }
  }
  for (const [fileId, recovery] of [...ns.recoveries]) {
    if (nowMs < recovery.deadlineMs || started >= LEASE_RECOVERIES_PER_CHECK_MAX) continue;
    const file = ns.namespace.files.get(fileId);
    if (file === undefined || file.writer === null) {
      ns.recoveries.delete(fileId);
      continue;
    }
    started++;
    run(() => internalRecover(ns, file));
  }
}
