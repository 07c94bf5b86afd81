// A region on a real block filesystem for tests: a DfsMiniCluster of N datanodes (replication N),
// a Wal in /colonnade/WALs/<server>, a BlockCache and one open Region; shutdown() closes them all.
// `openRegionStack` builds the same stack against any namenode address (crash-writer uses it).
import { type Clock, type Rng, systemClock } from '../../../src/common/index.js';
import type { Logger } from '../../../src/common/log.js';
import type { TableDescriptor } from '../../../src/common/operations.js';
import { DfsClient } from '../../../src/dfs/client/index.js';
import {
  BlockCache,
  makeRegionInfo,
  Region,
  RegionFs,
  type RegionInfo,
  type RegionSettings,
  type ReplayEntry,
} from '../../../src/regionserver/index.js';
import type { FileRewriter } from '../../../src/regionserver/compaction/rewriter.js';
import type { ChunkPool } from '../../../src/regionserver/memstore/chunk-pool.js';
import { Wal } from '../../../src/regionserver/wal/index.js';
import { DfsMiniCluster } from '../../support/dfs-mini-cluster.js';

export const HARNESS_ROOT_DIR = '/colonnade';
export const HARNESS_ARCHIVE_DIR = `${HARNESS_ROOT_DIR}/oldWALs`;
/** Enough cache for every test-sized table. */
export const HARNESS_CACHE_BYTES = 64 * 1024 * 1024;

/** HBase's `/hbase/WALs/<server>`. */
export function walDirOf(serverName: string): string {
  return `${HARNESS_ROOT_DIR}/WALs/${serverName}`;
}

export interface RegionStackOptions {
  /** HOST:PORT of the namenode. */
  readonly namenode: string;
  readonly table: TableDescriptor;
  /** Default: the whole table, region id 1. */
  readonly info?: RegionInfo;
  /** Replicas of store files and WAL files. */
  readonly replication: number;
  /** HBase's `host,port,startcode`; names the WAL directory and files. */
  readonly serverName: string;
  readonly clock?: Clock;
  readonly rng?: Rng;
  readonly settings?: Partial<RegionSettings>;
  readonly cacheBytes?: number;
  /** Roll the WAL at this size; default the WAL's. */
  readonly walRollBytes?: number;
  readonly replay?: AsyncIterable<ReplayEntry>;
  /** The region's logger; default silent. */
  readonly logger?: Logger;
  /** The memstores' chunk pool; default none (cells keep their request's bytes). */
  readonly chunks?: ChunkPool;
  /** Makes where compactions and split rewrites run; default inline. The caller closes it. */
  readonly rewriter?: (parts: {
    namenode: string;
    fs: RegionFs;
    cache: BlockCache;
  }) => FileRewriter;
}

/** A region with everything under it; close() closes region, WAL and client, in that order. */
export interface RegionStack {
  readonly dfs: DfsClient;
  readonly regionFs: RegionFs;
  readonly wal: Wal;
  readonly cache: BlockCache;
  readonly region: Region;
  readonly info: RegionInfo;
  close(options?: { flush?: boolean }): Promise<void>;
}

export async function openRegionStack(options: RegionStackOptions): Promise<RegionStack> {
  const clock = options.clock ?? systemClock;
  // The filesystem is real infrastructure on real time: a manual clock there would stall its
  // retries (complete, lease renewal) until a test advanced it.
  const dfs = new DfsClient({ namenode: options.namenode });
  try {
    const regionFs = new RegionFs({
      client: dfs,
      rootDir: HARNESS_ROOT_DIR,
      replication: options.replication,
    });
    const wal = await Wal.open({
      fs: dfs,
      dir: walDirOf(options.serverName),
      archiveDir: HARNESS_ARCHIVE_DIR,
      serverName: options.serverName,
      clock,
      replication: options.replication,
      ...(options.walRollBytes === undefined ? {} : { rollBytes: options.walRollBytes }),
    });
    const cache = new BlockCache(options.cacheBytes ?? HARNESS_CACHE_BYTES);
    const info = options.info ?? makeRegionInfo(options.table.name);
    let region: Region;
    try {
      region = await Region.open({
        fs: regionFs,
        info,
        table: options.table,
        wal,
        cache,
        clock,
        ...(options.rng === undefined ? {} : { rng: options.rng }),
        ...(options.settings === undefined ? {} : { settings: options.settings }),
        ...(options.replay === undefined ? {} : { replay: options.replay }),
        ...(options.logger === undefined ? {} : { logger: options.logger }),
        ...(options.chunks === undefined ? {} : { chunks: options.chunks }),
        ...(options.rewriter === undefined
          ? {}
          : { rewriter: options.rewriter({ namenode: options.namenode, fs: regionFs, cache }) }),
      });
    } catch (error) {
      await wal.close().catch(() => undefined);
      throw error;
    }
    const close = async (closeOptions: { flush?: boolean } = {}): Promise<void> => {
      try {
        await region.close(closeOptions);
      } finally {
        await wal.close().catch(() => undefined);
        await dfs.close();
      }
    };
    return { dfs, regionFs, wal, cache, region, info, close };
  } catch (error) {
    await dfs.close();
    throw error;
  }
}

export interface RegionHarnessOptions extends Omit<
  RegionStackOptions,
  'namenode' | 'replication' | 'serverName'
> {
  /** Datanodes of the mini cluster (and the replication of every file); default 3. */
  readonly datanodes?: number;
  /** Default `localhost,16020,1`. */
  readonly serverName?: string;
}

/** A mini cluster with one region open on it. */
export interface RegionHarness {
  readonly cluster: DfsMiniCluster;
  readonly stack: RegionStack;
  readonly region: Region;
  /** Closes the region (flushing unless told not to) and opens it again with a new cache. */
  reopen(options?: { flush?: boolean; replay?: AsyncIterable<ReplayEntry> }): Promise<Region>;
  shutdown(): Promise<void>;
}

export const HARNESS_SERVER_NAME = 'localhost,16020,1';

export async function startRegionHarness(options: RegionHarnessOptions): Promise<RegionHarness> {
  const datanodes = options.datanodes ?? 3;
  const cluster = await DfsMiniCluster.start(datanodes);
  const stackOptions: RegionStackOptions = {
    ...options,
    namenode: cluster.namenodeAddress,
    replication: datanodes,
    serverName: options.serverName ?? HARNESS_SERVER_NAME,
  };
  let stack: RegionStack;
  try {
    stack = await openRegionStack(stackOptions);
  } catch (error) {
    await cluster.shutdown();
    throw error;
  }
  let closed = false;
  const harness: RegionHarness = {
    cluster,
    get stack() {
      return stack;
    },
    get region() {
      return stack.region;
    },
    async reopen(reopenOptions = {}) {
      await stack.close(reopenOptions.flush === undefined ? {} : { flush: reopenOptions.flush });
      const { replay } = reopenOptions;
      stack = await openRegionStack({
        ...stackOptions,
        info: stack.info,
        ...(replay === undefined ? {} : { replay }),
      });
      return stack.region;
    },
    async shutdown() {
      if (closed) return;
      closed = true;
      try {
        await stack.close({ flush: false }).catch(() => undefined);
      } finally {
        await cluster.shutdown();
      }
    },
  };
  return harness;
}
