// ZooKeeper's lock recipe: an ephemeral sequential node under the lock path; the lowest holds the
// lock, every other waiter watches only its predecessor's deletion. A waiter that times out or
// fails removes its node, so it never holds the lock by accident later.
import { ZNODE_CHILDREN_MAX, COORD_LOCK_WAIT_DEFAULT_MS } from '../../../common/limits.js';
import { InternalError } from '../../../common/errors.js';
import { NoNodeError } from '../../errors.js';
import { CreateMode } from '../../tree/types.js';
import type { CoordClient } from '../coord-client.js';
import { joinPath, nodeName } from '../paths.js';
import {
  bySequence,
  createProtectedSequential,
  ensurePath,
  retrying,
  sessionEnded,
  waitWithin,
} from './support.js';

/** The name prefix of lock nodes (before the sequence suffix). */
export const LOCK_PREFIX = 'lock-';

export interface LockOptions {
  /** How long to wait for the lock before TimeoutError. @default COORD_LOCK_WAIT_DEFAULT_MS */
  readonly timeoutMs?: number;
  /** Stored in this waiter's node (e.g. who holds the lock). */
  readonly data?: Uint8Array | string;
}

export interface Lock {
  readonly path: string;
  /** This holder's node. */
  readonly node: string;
  /** Releases the lock (deletes the node; a node already gone is fine). */
  release(): Promise<void>;
}

/** Takes the lock at `path`, waiting at most `timeoutMs` (TimeoutError then). */
export async function lock(
  client: CoordClient,
  path: string,
  options: LockOptions = {},
): Promise<Lock> {
  const timeoutMs = options.timeoutMs ?? COORD_LOCK_WAIT_DEFAULT_MS;
  const deadlineMs = client.clock.monotonicMs() + timeoutMs;
  await ensurePath(client, path);
  const node = await createProtectedSequential(
    client,
    path,
    LOCK_PREFIX,
    options.data ?? '',
    CreateMode.EphemeralSequential,
  );
  try {
    await waitForTurn(client, path, node, deadlineMs);
  } catch (error) {
    if (!sessionEnded(client)) await removeNode(client, node).catch(() => undefined);
    throw error;
  }
  return { path, node, release: () => removeNode(client, node) };
}

async function waitForTurn(
  client: CoordClient,
  path: string,
  node: string,
  deadlineMs: number,
): Promise<void> {
  // Each round follows a predecessor that left; they never come back, so rounds are bounded.
  for (let round = 0; round <= ZNODE_CHILDREN_MAX; round++) {
    const names = await retrying(client, () => client.getChildren(path));
    const waiters = bySequence(names, LOCK_PREFIX);
    const index = waiters.indexOf(nodeName(node));
    if (index < 0) throw new NoNodeError(`lock node ${node} is gone (did the session expire?)`);
    const predecessor = waiters[index - 1];
    if (predecessor === undefined) return;
    let changed!: () => void;
    const predecessorChanged = new Promise<void>((resolve) => (changed = resolve));
    try {
      await retrying(client, () => client.getData(joinPath(path, predecessor), () => changed()));
    } catch (error) {
      if (error instanceof NoNodeError) continue;
      throw error;
    }
    await waitWithin(client, predecessorChanged, deadlineMs, `taking the lock ${path}`);
  }
  throw new InternalError(`the waiters of ${path} kept changing`);
}

async function removeNode(client: CoordClient, node: string): Promise<void> {
  try {
    await retrying(client, () => client.delete(node));
  } catch (error) {
    if (!(error instanceof NoNodeError)) throw error;
  }
}
