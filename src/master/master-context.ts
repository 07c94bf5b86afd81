// What the master's operations (DDL, region operations, the balancer) share with the master that
// runs them: the parts built when it became active, its catalog, and its waits. The master owns
// their lifecycle; operations only use them.
import type { Clock } from '../common/clock.js';
import type { Logger } from '../common/log.js';
import type { CoordClient } from '../coord/client/index.js';
import type { DfsClient } from '../dfs/client/index.js';
import type { RegionInfo } from '../regionserver/region-info.js';
import type { RpcClient } from '../rpc/index.js';
import type { AssignmentDriver } from './assignment/driver.js';
import type { Catalog } from './catalog.js';
import type { MetaAccess } from './meta-access.js';
import type { MetaSyncStore } from './meta-sync.js';
import type { ServerTracker } from './server-tracker.js';

/** What the active master runs; built when it wins the election. */
export interface Active {
  readonly driver: AssignmentDriver;
  readonly tracker: ServerTracker;
  readonly sync: MetaSyncStore;
  readonly meta: MetaAccess;
}

export interface MasterContext {
  readonly catalog: Catalog;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly dfs: DfsClient;
  readonly coord: CoordClient;
  readonly rpc: RpcClient;
  /** The cluster's root directory in the filesystem, without a trailing slash. */
  readonly rootDir: string;
  /** Replicas of files the master writes; undefined: the filesystem's default. */
  readonly replication?: number;
  /** The active parts; MasterNotActive while this master is a backup. */
  requireActive(): Active;
  /** Waits until every region is open on a live server, or closed (bounded by `timeoutMs`). */
  waitRegions(
    regions: readonly RegionInfo[],
    wanted: 'open' | 'closed',
    timeoutMs: number,
  ): Promise<void>;
  /** Polls `done` until it holds; `onTimeout()` is thrown after `timeoutMs`. */
  waitFor(done: () => boolean, timeoutMs: number, onTimeout: () => Error): Promise<void>;
}
