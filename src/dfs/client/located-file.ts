// A file's blocks as a reader sees them: offsets, readable lengths and locations. For a file being
// written, the last block's readable length comes from a datanode (its pipeline-acknowledged bytes),
// since the namenode does not learn lengths on hflush (HDFS DFSInputStream.readBlockLength).
import { BlockMissingError, ReplicaNotFoundError } from '../errors.js';
import { DATANODE_CALL_TIMEOUT_MS, NAMENODE_CALL_TIMEOUT_MS } from '../limits.js';
import type { Block, DatanodeInfo, LocatedBlock, LocatedBlocks } from '../types.js';
import { asError, type ClientContext } from './context.js';

export interface FileBlock {
  /** `numBytes` is the block's readable length. */
  block: Block;
  readonly offset: number;
  locations: readonly DatanodeInfo[];
  /** False for the last block of a file being written (no short-circuit, no bad-replica reports). */
  readonly complete: boolean;
}

export interface LocatedFile {
  readonly length: number;
  readonly blocks: FileBlock[];
}

export async function locateFile(ctx: ClientContext, path: string): Promise<LocatedFile> {
  const located = await ctx.namenode.getBlockLocations(
    { path, offset: 0, length: 0 },
    { timeoutMs: NAMENODE_CALL_TIMEOUT_MS },
  );
  const open = openLastBlock(located);
  const blocks: FileBlock[] = located.blocks
    .filter((b) => b.block.blockId !== open?.block.blockId)
    .map((b) => fileBlock(b, b.block.numBytes, true));
  if (open === null) return { length: located.fileLength, blocks };
  const visible = await visibleLength(ctx, open);
  blocks.push(fileBlock(open, visible, false));
  blocks.sort((a, b) => a.offset - b.offset);
  return { length: open.offset + visible, blocks };
}

/** The last block of a file being written, when the namenode does not know its length yet. */
function openLastBlock(located: LocatedBlocks): LocatedBlock | null {
  if (!located.underConstruction || located.lastBlockComplete) return null;
  return located.lastBlock;
}

function fileBlock(located: LocatedBlock, length: number, complete: boolean): FileBlock {
  return {
    block: { ...located.block, numBytes: length },
    offset: located.offset,
    locations: located.locations,
    complete,
  };
}

/**
 * The readable length of a block being written: the first replica at the block's stamp (or newer)
 * that answers. No replica yet (the pipeline is being set up) counts as 0 bytes.
 */
async function visibleLength(ctx: ClientContext, located: LocatedBlock): Promise<number> {
  let notFound = 0;
  const failures: string[] = [];
  for (const location of located.locations) {
    try {
      const info = await ctx
        .datanode(location.address)
        .replicaInfo({ blockId: located.block.blockId }, { timeoutMs: DATANODE_CALL_TIMEOUT_MS });
      if (info.genStamp >= located.block.genStamp) return info.visibleLength;
      failures.push(`${location.address}: stale stamp ${info.genStamp}`);
    } catch (error) {
      if (error instanceof ReplicaNotFoundError) notFound += 1;
      failures.push(`${location.address}: ${asError(error).message}`);
    }
  }
  if (notFound === located.locations.length) return 0;
  throw new BlockMissingError(
    `cannot learn the length of block ${located.block.blockId}, being written ` +
      `(${failures.join('; ')})`,
  );
}

/** Fresh locations (and stamp) of one block, after every known location failed. */
export async function relocate(ctx: ClientContext, path: string, target: FileBlock): Promise<void> {
  const located = await ctx.namenode.getBlockLocations(
    { path, offset: target.offset, length: 1 },
    { timeoutMs: NAMENODE_CALL_TIMEOUT_MS },
  );
  const found =
    located.blocks.find((b) => b.block.blockId === target.block.blockId) ??
    (located.lastBlock?.block.blockId === target.block.blockId ? located.lastBlock : undefined);
  target.locations = found?.locations ?? [];
  if (found !== undefined && found.block.genStamp > target.block.genStamp) {
    target.block = { ...target.block, genStamp: found.block.genStamp };
  }
}
