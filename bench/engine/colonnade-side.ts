// Colonnade's side of the engine benchmark: one Region of one family (defaults: ROW bloom, 64 KiB
// blocks) on the in-process block filesystem, its Wal beside it, SYNC_WAL (the default), a flush
// size above the data so that every row stays in the memstore until the explicit flush.
import { systemClock } from '../../src/common/clock.js';
import type { Mutation } from '../../src/common/mutations.js';
import { familyDescriptor, type TableDescriptor } from '../../src/common/operations.js';
import { DfsClient } from '../../src/dfs/client/index.js';
import {
  BlockCache,
  makeRegionInfo,
  Region,
  RegionFs,
  type RegionInfo,
} from '../../src/regionserver/index.js';
import { Wal } from '../../src/regionserver/wal/index.js';
import type { EngineSide } from './side.js';
import { rowKey, VALUE_BYTES, type Workload } from './workload.js';

const ROOT_DIR = '/colonnade';
const SERVER_NAME = 'localhost,16020,1';
const FAMILY = Buffer.from('info0');
const QUALIFIER = Buffer.from('0');

export const ENGINE_TABLE: TableDescriptor = {
  name: 'TestTable',
  families: [familyDescriptor('info0')],
  durability: 'USE_DEFAULT',
};

export interface ColonnadeSideOptions {
  readonly namenode: string;
  readonly workload: Workload;
  /** The memstore flush size (the same budget as LevelDB's write buffer). */
  readonly flushBytes: number;
  readonly cacheBytes: number;
}

export class ColonnadeSide implements EngineSide {
  readonly name = 'Colonnade';
  readonly #options: ColonnadeSideOptions;
  readonly #dfs: DfsClient;
  readonly #regionFs: RegionFs;
  readonly #wal: Wal;
  readonly #info: RegionInfo;
  #cache: BlockCache;
  #region: Region;

  private constructor(
    options: ColonnadeSideOptions,
    parts: { dfs: DfsClient; regionFs: RegionFs; wal: Wal; cache: BlockCache; region: Region },
  ) {
    this.#options = options;
    this.#dfs = parts.dfs;
    this.#regionFs = parts.regionFs;
    this.#wal = parts.wal;
    this.#info = parts.region.info;
    this.#cache = parts.cache;
    this.#region = parts.region;
  }

  static async open(options: ColonnadeSideOptions): Promise<ColonnadeSide> {
    const dfs = new DfsClient({ namenode: options.namenode });
    const regionFs = new RegionFs({ client: dfs, rootDir: ROOT_DIR, replication: 1 });
    const wal = await Wal.open({
      fs: dfs,
      dir: `${ROOT_DIR}/WALs/${SERVER_NAME}`,
      archiveDir: `${ROOT_DIR}/oldWALs`,
      serverName: SERVER_NAME,
      clock: systemClock,
      replication: 1,
    });
    const cache = new BlockCache(options.cacheBytes);
    const region = await openRegion(
      regionFs,
      wal,
      cache,
      makeRegionInfo(ENGINE_TABLE.name),
      options,
    );
    return new ColonnadeSide(options, { dfs, regionFs, wal, cache, region });
  }

  putBatch(rows: ArrayLike<number>): Promise<void> {
    const { workload } = this.#options;
    const mutations: Mutation[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] ?? 0;
      // A copy per put, as a server decoding a request would hold.
      const value = Buffer.from(workload.valueView(row));
      mutations.push({
        type: 'put',
        row: rowKey(row),
        cells: [{ family: FAMILY, qualifier: QUALIFIER, value }],
      });
    }
    return this.#region.batchMutate(mutations);
  }

  async get(row: number): Promise<void> {
    const cells = await this.#region.get({ row: rowKey(row) });
    this.#options.workload.check(row, cells[0]?.value);
  }

  async getUncached(row: number): Promise<void> {
    const cells = await this.#region.get({ row: rowKey(row), cacheBlocks: false });
    this.#options.workload.check(row, cells[0]?.value);
  }

  async flush(): Promise<void> {
    await this.#region.flush();
  }

  async scan(): Promise<number> {
    const scanner = this.#region.scanner({});
    let rows = 0;
    try {
      for (let row = await scanner.next(); row !== undefined; row = await scanner.next()) {
        if (row[0]?.value.length !== VALUE_BYTES) throw new Error(`scan: a row without its value`);
        rows++;
      }
    } finally {
      scanner.close();
    }
    return rows;
  }

  async reopen(): Promise<void> {
    await this.#region.close();
    this.#cache = new BlockCache(this.#options.cacheBytes);
    this.#region = await openRegion(
      this.#regionFs,
      this.#wal,
      this.#cache,
      this.#info,
      this.#options,
    );
  }

  cacheStats(): { hits: number; misses: number } {
    const { hits, misses } = this.#cache.stats();
    return { hits, misses };
  }

  /** Store files and bytes, for the report. */
  storeFiles(): { files: number; bytes: number } {
    const stats = this.#region.stats();
    const files = Object.values(stats.storeFiles).reduce((a, b) => a + b, 0);
    return { files, bytes: stats.storeFileBytes };
  }

  walStats(): { appends: number; syncs: number } {
    const { appends, syncs } = this.#wal.stats();
    return { appends, syncs };
  }

  async close(): Promise<void> {
    try {
      await this.#region.close({ flush: false });
      await this.#wal.close();
    } finally {
      await this.#dfs.close();
    }
  }
}

function openRegion(
  fs: RegionFs,
  wal: Wal,
  cache: BlockCache,
  info: RegionInfo,
  options: ColonnadeSideOptions,
): Promise<Region> {
  return Region.open({
    fs,
    info,
    table: ENGINE_TABLE,
    wal,
    cache,
    settings: { flushBytes: options.flushBytes },
  });
}
