// The namespace calls of ClientProtocol besides writing files: mkdirs, delete, rename, leases
// (renew, recover, is-closed) and reports of bad replicas. Mutations answer once synced.
import { validPath } from '../path.js';
import type { BadReplica } from '../protocol.js';
import { internalRecover, startLeaseRecovery } from './lease-recovery.js';
import type { Namesystem } from './namesystem.js';
import { RECOVERY_HOLDER } from './tuning.js';

export async function mkdirs(ns: Namesystem, path: string): Promise<void> {
  validPath(path);
  ns.checkWritable(`make ${path}`);
  if (ns.namespace.lookup(path)?.kind === 'directory') return;
  await ns.log({ kind: 'mkdirs', path, timeMs: ns.clock.nowMs() });
}

/** False when `path` does not exist. */
export async function deletePath(
  ns: Namesystem,
  path: string,
  recursive: boolean,
): Promise<boolean> {
  validPath(path);
  ns.checkWritable(`delete ${path}`);
  if (ns.namespace.lookup(path) === undefined) return false;
  await ns.log({ kind: 'delete', path, recursive, timeMs: ns.clock.nowMs() });
  return true;
}

export async function rename(ns: Namesystem, src: string, dst: string): Promise<void> {
  validPath(src);
  validPath(dst);
  ns.checkWritable(`rename ${src}`);
  await ns.log({ kind: 'rename', src, dst, timeMs: ns.clock.nowMs() });
}

export function renewLease(ns: Namesystem, clientName: string): void {
  ns.leases.renew(clientName, ns.clock.monotonicMs());
}

/** Starts (or nudges) the lease recovery of `path`; true once the file is closed. */
export async function recoverLease(ns: Namesystem, path: string): Promise<boolean> {
  validPath(path);
  ns.checkWritable(`recover the lease on ${path}`);
  const file = ns.namespace.fileAt(path);
  if (file.writer === null) return true;
  if (file.writer.clientName !== RECOVERY_HOLDER) {
    await startLeaseRecovery(ns, file);
  } else if (!ns.recoveries.has(file.fileId)) {
    await internalRecover(ns, file);
  }
  return file.writer === null;
}

export function isFileClosed(ns: Namesystem, path: string): boolean {
  return ns.namespace.fileAt(validPath(path)).writer === null;
}

export function reportBadBlocks(ns: Namesystem, replicas: readonly BadReplica[]): void {
  for (const { block, datanodeId } of replicas) {
    ns.logger.warn({ blockId: block.blockId, datanodeId }, 'replica reported corrupt');
    ns.blocks.markCorrupt(datanodeId, block);
  }
}
