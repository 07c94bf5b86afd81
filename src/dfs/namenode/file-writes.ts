// The write path of ClientProtocol: create, append, addBlock, abandonBlock, complete and pipeline
// recovery. Each checks the lease first (a client that does not hold it is Fenced), logs its edits
// and answers only once they are synced.
import { InvalidArgumentError } from '../../common/errors.js';
import {
  FileNotFoundError,
  LeaseConflictError,
  NotEnoughReplicasError,
  NotReplicatedYetError,
} from '../errors.js';
import type {
  AddBlockRequest,
  AppendResponse,
  CompleteRequest,
  CreateRequest,
} from '../protocol.js';
import type { UpdatePipelineRequest } from '../protocol.js';
import { validPath } from '../path.js';
import type { Block, DatanodeInfo, FileStatus, LocatedBlock } from '../types.js';
import { fileStatus } from './file-reads.js';
import { blockOf, nodePath, type FileNode, type Writer } from './inode.js';
import { startLeaseRecovery } from './lease-recovery.js';
import type { Namesystem } from './namesystem.js';
import { checkFileShape } from './namespace-tree.js';
import { checkClose, writableFile } from './namespace-writes.js';
import { chooseTargets } from './placement.js';
import { RECOVERY_HOLDER } from './tuning.js';

/** Throws LeaseConflict for a file someone writes; past the soft limit, starts its recovery. */
function refuseTakeover(ns: Namesystem, file: FileNode, clientName: string): never {
  const path = nodePath(file);
  const holder = file.writer?.clientName ?? '';
  if (holder === clientName) {
    throw new LeaseConflictError(`${clientName} is already writing ${path}`);
  }
  if (holder === RECOVERY_HOLDER) {
    throw new LeaseConflictError(`the lease on ${path} is being recovered`, { retriable: true });
  }
  if (ns.leases.expired(holder, ns.clock.monotonicMs(), ns.tuning.leaseSoftLimitMs)) {
    startLeaseRecovery(ns, file).catch((error: unknown) => {
      ns.logger.error({ err: error, path }, 'lease recovery failed');
    });
    throw new LeaseConflictError(
      `${holder} let its lease on ${path} pass the soft limit; recovery has started`,
      { retriable: true },
    );
  }
  throw new LeaseConflictError(`${path} is being written by ${holder}`);
}

export async function create(ns: Namesystem, request: CreateRequest): Promise<FileStatus> {
  const path = validPath(request.path);
  ns.checkWritable(`create ${path}`);
  checkFileShape(request.replication, request.blockBytes);
  const existing = ns.namespace.lookup(path);
  if (existing?.kind === 'file' && existing.writer !== null) {
    refuseTakeover(ns, existing, request.clientName);
  }
  const fileId = ns.namespace.lastFileId + 1;
  const durable = ns.log({
    kind: 'create',
    path,
    fileId,
    clientName: request.clientName,
    overwrite: request.overwrite,
    createParent: request.createParent,
    replication: request.replication,
    blockBytes: request.blockBytes,
    timeMs: ns.clock.nowMs(),
  });
  const status = fileStatus(ns, ns.namespace.fileAt(path), path);
  await durable;
  return status;
}

export async function append(
  ns: Namesystem,
  path: string,
  clientName: string,
): Promise<AppendResponse> {
  validPath(path);
  ns.checkWritable(`append to ${path}`);
  const file = ns.namespace.fileAt(path);
  if (file.writer !== null) refuseTakeover(ns, file, clientName);
  const last = file.blocks[file.blocks.length - 1];
  const partial = last !== undefined && last.numBytes < file.blockBytes;
  const newGenStamp = partial ? ns.namespace.genStamp + 1 : null;
  let holders: DatanodeInfo[] = [];
  const info = last === undefined ? undefined : ns.blocks.blocks.get(last.blockId);
  if (partial && info !== undefined) {
    holders = ns.blocks
      .goodHolders(info)
      .flatMap((id) => ns.datanodes.entry(id)?.info ?? [])
      .sort((a, b) => rank(ns, a) - rank(ns, b));
  }
  const durable = ns.log({
    kind: 'append',
    path,
    clientName,
    newGenStamp,
    timeMs: ns.clock.nowMs(),
  });
  if (info !== undefined && partial) info.expected = holders;
  await durable;
  let lastBlock: LocatedBlock | null = null;
  if (partial && last !== undefined && newGenStamp !== null) {
    const offset = file.blocks.slice(0, -1).reduce((sum, b) => sum + b.numBytes, 0);
    const block = { blockId: last.blockId, genStamp: newGenStamp, numBytes: last.numBytes };
    lastBlock = { block, offset, locations: holders, corrupt: false };
  }
  return { status: fileStatus(ns, file, path), lastBlock };
}

function rank(ns: Namesystem, datanode: DatanodeInfo): number {
  return ns.datanodes.state(datanode.datanodeId) === 'live' ? 0 : 1;
}

export async function addBlock(ns: Namesystem, request: AddBlockRequest): Promise<LocatedBlock> {
  const path = validPath(request.path);
  ns.checkWritable(`add a block to ${path}`);
  const file = writableFile(ns.namespace, path, request.clientName);
  const retried = retriedAddBlock(ns, file, request.previous);
  if (retried !== undefined) return retried;
  const settled = request.previous === null ? file.blocks : file.blocks.slice(0, -1);
  for (const record of settled) {
    if (ns.blocks.blocks.get(record.blockId)?.state !== 'complete') {
      throw new NotReplicatedYetError(`block ${record.blockId} of ${path} is not complete yet`);
    }
  }
  const targets = chooseTargets(
    {
      count: file.replication,
      candidates: ns.datanodes.placementCandidates(file.blockBytes),
      favored: request.favored.map((d) => d.datanodeId),
      excluded: new Set(request.excluded.map((d) => d.datanodeId)),
    },
    ns.rng,
  );
  if (targets.length === 0) {
    throw new NotEnoughReplicasError(`no live datanode can take a block of ${path}`);
  }
  const blockId = ns.namespace.lastBlockId + 1;
  const genStamp = ns.namespace.genStamp;
  const durable = ns.log({
    kind: 'addBlock',
    path,
    clientName: request.clientName,
    previous: request.previous === null ? null : committedOf(request.previous),
    blockId,
    genStamp,
    timeMs: ns.clock.nowMs(),
  });
  const info = ns.blocks.blocks.get(blockId);
  if (info !== undefined) info.expected = targets;
  const offset = file.blocks.slice(0, -1).reduce((sum, b) => sum + b.numBytes, 0);
  await durable;
  return { block: { blockId, genStamp, numBytes: 0 }, offset, locations: targets, corrupt: false };
}

/**
 * A retried addBlock whose first answer was lost (HDFS's case 2): the last block is still empty
 * and was allocated right after `previous`, so it is handed out again.
 */
function retriedAddBlock(
  ns: Namesystem,
  file: FileNode & { writer: Writer },
  previous: Block | null,
): LocatedBlock | undefined {
  const last = file.blocks[file.blocks.length - 1];
  const penultimate = file.blocks[file.blocks.length - 2];
  if (last === undefined || file.writer.lastCommitted || last.numBytes !== 0) return undefined;
  if ((previous?.blockId ?? null) !== (penultimate?.blockId ?? null)) return undefined;
  if (previous !== null && penultimate?.numBytes !== previous.numBytes) return undefined;
  const offset = file.blocks.slice(0, -1).reduce((sum, b) => sum + b.numBytes, 0);
  const expected = ns.blocks.blocks.get(last.blockId)?.expected ?? [];
  return { block: blockOf(last), offset, locations: [...expected], corrupt: false };
}

function committedOf(block: Block): Block {
  return { blockId: block.blockId, genStamp: block.genStamp, numBytes: block.numBytes };
}

export async function abandonBlock(
  ns: Namesystem,
  path: string,
  clientName: string,
  block: Block,
): Promise<void> {
  validPath(path);
  ns.checkWritable(`abandon a block of ${path}`);
  const timeMs = ns.clock.nowMs();
  await ns.log({ kind: 'abandonBlock', path, clientName, blockId: block.blockId, timeMs });
}

/** Closes the file once every block is complete; until then only commits the last block. */
export async function complete(ns: Namesystem, request: CompleteRequest): Promise<boolean> {
  const path = validPath(request.path);
  ns.checkWritable(`complete ${path}`);
  const last = request.last === null ? null : committedOf(request.last);
  const file = checkClose(ns.namespace, path, request.clientName, last);
  const records = file.blocks;
  const lastRecord = records[records.length - 1];
  const earlierComplete = records
    .slice(0, -1)
    .every((b) => ns.blocks.blocks.get(b.blockId)?.state === 'complete');
  const lastInfo = lastRecord === undefined ? undefined : ns.blocks.blocks.get(lastRecord.blockId);
  const lastComplete =
    lastInfo === undefined ||
    lastInfo.state === 'complete' ||
    (last !== null && ns.blocks.hasMatchingReplica(lastInfo, last.numBytes));
  const timeMs = ns.clock.nowMs();
  const clientName = request.clientName;
  if (earlierComplete && lastComplete) {
    await ns.log({ kind: 'close', path, clientName, last, timeMs });
    return true;
  }
  const changed =
    last !== null && (!file.writer.lastCommitted || lastRecord?.numBytes !== last.numBytes);
  if (last !== null && changed)
    await ns.log({ kind: 'commitLast', path, clientName, last, timeMs });
  return false;
}

/** The file of a block being written by `clientName`, and its path. */
function blockFile(ns: Namesystem, blockId: number, clientName: string): [FileNode, string] {
  const file = ns.namespace.blockOwners.get(blockId);
  if (file === undefined) throw new FileNotFoundError(`block ${blockId} belongs to no file`);
  const path = nodePath(file);
  const writable = writableFile(ns.namespace, path, clientName);
  const last = writable.blocks[writable.blocks.length - 1];
  if (last?.blockId !== blockId || writable.writer.lastCommitted) {
    throw new InvalidArgumentError(`block ${blockId} is not the block being written to ${path}`);
  }
  return [file, path];
}

export async function updateBlockForPipeline(
  ns: Namesystem,
  block: Block,
  clientName: string,
): Promise<Block> {
  ns.checkWritable('update a pipeline');
  blockFile(ns, block.blockId, clientName);
  const genStamp = ns.namespace.genStamp + 1;
  await ns.log({ kind: 'setGenStamp', genStamp, timeMs: ns.clock.nowMs() });
  return { blockId: block.blockId, genStamp, numBytes: block.numBytes };
}

export async function updatePipeline(
  ns: Namesystem,
  request: UpdatePipelineRequest,
): Promise<void> {
  ns.checkWritable('update a pipeline');
  const { oldBlock, newBlock } = request;
  if (oldBlock.blockId !== newBlock.blockId) {
    throw new InvalidArgumentError(`block ${oldBlock.blockId} cannot become ${newBlock.blockId}`);
  }
  const [, path] = blockFile(ns, oldBlock.blockId, request.clientName);
  const durable = ns.log({
    kind: 'updatePipeline',
    path,
    clientName: request.clientName,
    blockId: newBlock.blockId,
    genStamp: newBlock.genStamp,
    numBytes: newBlock.numBytes,
    timeMs: ns.clock.nowMs(),
  });
  const info = ns.blocks.blocks.get(newBlock.blockId);
  if (info !== undefined) info.expected = [...request.newNodes];
  await durable;
}

export function getAdditionalDatanode(
  ns: Namesystem,
  path: string,
  clientName: string,
  existing: readonly DatanodeInfo[],
  excluded: readonly DatanodeInfo[],
): DatanodeInfo | null {
  const file = writableFile(ns.namespace, validPath(path), clientName);
  const targets = chooseTargets(
    {
      count: 1,
      candidates: ns.datanodes.placementCandidates(file.blockBytes),
      favored: [],
      excluded: new Set([...existing, ...excluded].map((d) => d.datanodeId)),
    },
    ns.rng,
  );
  return targets[0] ?? null;
}
