// Group membership: each member holds an ephemeral node named after it under the group path, so a
// member whose session ends leaves the group by itself; watchers re-list the group on each change.
import { NodeExistsError, NoNodeError, BadArgumentsError } from '../../errors.js';
import { CreateMode } from '../../tree/types.js';
import type { CoordClient } from '../coord-client.js';
import { joinPath } from '../paths.js';
import type { Watcher } from '../watch-registry.js';
import { ensurePath, retrying, sessionEnded } from './support.js';

export interface Membership {
  /** This member's node. */
  readonly path: string;
  /** Leaves the group (deletes the node; a node already gone is fine). */
  leave(): Promise<void>;
}

export interface MembersOptions {
  /** Stops the re-watching. */
  readonly signal?: AbortSignal;
  /** Hears a re-list that failed for good (the watching then stops). */
  readonly onError?: (error: unknown) => void;
}

/** Joins `groupPath` as `memberId` with an ephemeral node holding `data`. */
export async function join(
  client: CoordClient,
  groupPath: string,
  memberId: string,
  data: Uint8Array | string = '',
): Promise<Membership> {
  if (memberId === '' || memberId.includes('/')) {
    throw new BadArgumentsError(`member id "${memberId}" must be a non-empty name without /`);
  }
  await ensurePath(client, groupPath);
  const path = joinPath(groupPath, memberId);
  await retrying(client, async () => {
    try {
      await client.create(path, data, CreateMode.Ephemeral);
    } catch (error) {
      // After a ConnectionLoss the node may be ours already; another session's is a real clash.
      if (!(error instanceof NodeExistsError)) throw error;
      const stat = await client.exists(path);
      if (stat === null || stat.ephemeralOwner !== client.sessionId) throw error;
    }
  });
  return {
    path,
    leave: async () => {
      try {
        await retrying(client, () => client.delete(path));
      } catch (error) {
        if (!(error instanceof NoNodeError)) throw error;
      }
    },
  };
}

/**
 * The group's member ids, sorted. With `onChange`, a child watch stays set: each change re-lists
 * the group (re-arming the watch) and hands the new list to `onChange`.
 */
export async function members(
  client: CoordClient,
  groupPath: string,
  onChange?: (members: string[]) => void,
  options: MembersOptions = {},
): Promise<string[]> {
  await ensurePath(client, groupPath);
  if (onChange === undefined) {
    return (await retrying(client, () => client.getChildren(groupPath))).sort();
  }
  const watching = (): boolean => options.signal?.aborted !== true && !sessionEnded(client);
  const relist = async (): Promise<void> => {
    try {
      const list = await retrying(client, () => client.getChildren(groupPath, watcher));
      if (watching()) onChange(list.sort());
    } catch (error) {
      if (watching()) options.onError?.(error);
    }
  };
  const watcher: Watcher = () => {
    if (watching()) void relist();
  };
  return (await retrying(client, () => client.getChildren(groupPath, watcher))).sort();
}
