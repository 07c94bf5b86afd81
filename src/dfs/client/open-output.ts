// How an output stream starts: `create` takes a new file's lease at its first block; `append` takes
// a closed file's lease and goes on at its end, in its partial last block (reopened with stage
// `append`, its partial last chunk read back to send again) or in a new block after a full one.
import { InvalidArgumentError } from '../../common/errors.js';
import {
  BLOCK_BYTES_DEFAULT,
  BLOCK_BYTES_MAX,
  BLOCK_BYTES_MIN,
  NAMENODE_CALL_TIMEOUT_MS,
  REPLICATION_DEFAULT,
  REPLICATION_MAX,
} from '../limits.js';
import { validPath } from '../path.js';
import { readPartialChunk } from './append-tail.js';
import type { ClientContext } from './context.js';
import { DfsOutputStream } from './output-stream.js';

export interface CreateOptions {
  /** Replace an existing file. @default false */
  readonly overwrite?: boolean;
  /** @default REPLICATION_DEFAULT */
  readonly replication?: number;
  /** @default BLOCK_BYTES_DEFAULT */
  readonly blockBytes?: number;
  /** Make missing parent directories. @default true */
  readonly createParent?: boolean;
}

const timeout = { timeoutMs: NAMENODE_CALL_TIMEOUT_MS };

export async function createStream(
  ctx: ClientContext,
  path: string,
  options: CreateOptions = {},
): Promise<DfsOutputStream> {
  validPath(path);
  const replication = options.replication ?? REPLICATION_DEFAULT;
  const blockBytes = options.blockBytes ?? BLOCK_BYTES_DEFAULT;
  checkCreateOptions(replication, blockBytes);
  const { status } = await ctx.namenode.create(
    {
      path,
      clientName: ctx.clientName,
      overwrite: options.overwrite ?? false,
      createParent: options.createParent ?? true,
      replication,
      blockBytes,
    },
    timeout,
  );
  return new DfsOutputStream(ctx, {
    path,
    replication: status.replication,
    blockBytes: status.blockBytes,
    length: 0,
    previous: null,
  });
}

export async function appendStream(ctx: ClientContext, path: string): Promise<DfsOutputStream> {
  validPath(path);
  const { status, lastBlock } = await ctx.namenode.append(
    { path, clientName: ctx.clientName },
    timeout,
  );
  const start = { path, replication: status.replication, blockBytes: status.blockBytes };
  if (lastBlock !== null) {
    const tail = await readPartialChunk(ctx, lastBlock);
    const stream = new DfsOutputStream(ctx, {
      ...start,
      length: lastBlock.offset + lastBlock.block.numBytes,
      previous: null,
    });
    await stream.reopenLastBlock(lastBlock.block, lastBlock.locations, tail);
    return stream;
  }
  const located = await ctx.namenode.getBlockLocations({ path, offset: 0, length: 0 }, timeout);
  const last = located.blocks[located.blocks.length - 1];
  return new DfsOutputStream(ctx, {
    ...start,
    length: last === undefined ? 0 : last.offset + last.block.numBytes,
    previous: last?.block ?? null,
  });
}

function checkCreateOptions(replication: number, blockBytes: number): void {
  if (!Number.isInteger(replication) || replication < 1 || replication > REPLICATION_MAX) {
    throw new InvalidArgumentError(
      `replication is ${replication}; it must be 1..${REPLICATION_MAX}`,
    );
  }
  if (
    !Number.isInteger(blockBytes) ||
    blockBytes < BLOCK_BYTES_MIN ||
    blockBytes > BLOCK_BYTES_MAX
  ) {
    throw new InvalidArgumentError(
      `blockBytes is ${blockBytes}; it must be ${BLOCK_BYTES_MIN}..${BLOCK_BYTES_MAX}`,
    );
  }
}
