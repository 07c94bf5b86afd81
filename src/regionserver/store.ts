// One column family of one region (HBase's HStore): a memstore and the store files, newest data
// first in reads. Reads take a lease on the current files; flushes and compactions swap the file
// list in one synchronous step. Invariant: every cell is in the memstore or in a listed file.
import { type Cell, type Clock, compareBytes, type Rng } from '../common/index.js';
import type { FamilyDescriptor, TimeRange } from '../common/operations.js';
import { Memstore, type MemstoreSnapshot } from './memstore/memstore.js';
import { SegmentScanner } from './memstore/segment-scanner.js';
import { CompactionScanner } from './query/index.js';
import { finishInterruptedCompactions } from './compaction/compaction-record.js';
import type { RegionFs } from './region-fs.js';
import type { RegionInfo } from './region-info.js';
import type { CellScanner } from './scanner.js';
import { sortStoreFiles, type StoreFileHandle } from './store-file-handle.js';
import { commitFile, openHandle, writeTmpFile } from './store-file-writing.js';
import type { BlockCache } from './storefile/index.js';
import { BytesInterner } from './memstore/bytes-interner.js';
import type { ChunkPool } from './memstore/chunk-pool.js';
import type { MemstoreLab } from './memstore/memstore-lab.js';

export interface StoreContext {
  readonly fs: RegionFs;
  readonly info: RegionInfo;
  readonly cache: BlockCache;
  readonly clock: Clock;
  readonly rng: Rng;
  /** The region server's memstore chunks; without, cells keep their request's bytes. */
  readonly chunks?: ChunkPool | undefined;
}

/** What a read asks of a store, so that files that cannot matter are skipped. */
export interface StoreReadQuery {
  /** A Get's row: files whose Bloom filter or key range rule it out are skipped. */
  readonly row?: Buffer;
  /** A Get of exactly one column: the ROWCOL Bloom filter can rule files out. */
  readonly qualifier?: Buffer | undefined;
  readonly timeRange: TimeRange;
  readonly cacheBlocks: boolean;
}

/** Scanners over a store's memstore and files, holding the files until released. */
export interface StoreReadLease {
  readonly scanners: CellScanner[];
  release(): void;
}

export class Store {
  readonly family: FamilyDescriptor;
  readonly familyName: Buffer;
  readonly memstore: Memstore;
  /** The memstore's shared qualifier bytes (bytes-interner.ts); cleared at each flush. */
  readonly qualifiers = new BytesInterner();
  readonly dir: string;
  readonly #ctx: StoreContext;
  #files: StoreFileHandle[];

  private constructor(ctx: StoreContext, family: FamilyDescriptor, files: StoreFileHandle[]) {
    this.#ctx = ctx;
    this.memstore = new Memstore(ctx.chunks);
    this.family = family;
    this.familyName = Buffer.from(family.name, 'utf8');
    this.dir = ctx.fs.familyDir(ctx.info, family.name);
    this.#files = sortStoreFiles(files);
  }

  /** Opens every committed file of the family directory (names starting with '.' are not files). */
  static async open(ctx: StoreContext, family: FamilyDescriptor): Promise<Store> {
    const dir = ctx.fs.familyDir(ctx.info, family.name);
    await ctx.fs.mkdirs(dir);
    await finishInterruptedCompactions(ctx.fs, dir);
    const names = (await ctx.fs.listNames(dir)).filter((name) => !name.startsWith('.'));
    const files: StoreFileHandle[] = [];
    try {
      for (const name of names)
        files.push(await openHandle(ctx.fs, ctx.cache, `${dir}/${name}`, name));
    } catch (error) {
      for (const file of files) await file.reader.close().catch(() => undefined);
      throw error;
    }
    return new Store(ctx, family, files);
  }

  get files(): readonly StoreFileHandle[] {
    return this.#files;
  }

  /** The highest sequence id persisted in this store's files: WAL replay starts after it. */
  get maxSequenceId(): number {
    let max = 0;
    for (const file of this.#files) if (file.maxSequenceId > max) max = file.maxSequenceId;
    return max;
  }

  get fileBytes(): number {
    let total = 0;
    for (const file of this.#files) total += file.sizeBytes;
    return total;
  }

  add(cell: Cell): void {
    this.memstore.add(cell);
  }

  /** Where a write copies the bytes of cells it is about to `add` (mutation-cells.ts). */
  get lab(): MemstoreLab | undefined {
    return this.memstore.lab;
  }

  openRead(query: StoreReadQuery): StoreReadLease {
    // Entered before the memstore is looked at: its chunks are not reused while the lease lives.
    const pool = this.#ctx.chunks;
    const token = pool?.enter();
    const held: StoreFileHandle[] = [];
    let scanners: CellScanner[];
    try {
      scanners =
        query.row === undefined ? this.memstore.scanners() : this.memstore.rowScanners(query.row);
      for (let i = this.#files.length - 1; i >= 0; i--) {
        const file = this.#files[i] as StoreFileHandle;
        if (!fileMayMatter(file, query, this.familyName)) continue;
        file.acquire();
        held.push(file);
        scanners.push(file.reader.scanner({ cacheBlocks: query.cacheBlocks }));
      }
    } catch (error) {
      for (const file of held) file.release();
      if (token !== undefined) pool?.exit(token);
      throw error;
    }
    let released = false;
    return {
      scanners,
      release: () => {
        if (released) return;
        released = true;
        for (const scanner of scanners) scanner.close();
        for (const file of held) file.release();
        if (token !== undefined) pool?.exit(token);
      },
    };
  }

  /** Writes a memstore snapshot as a new file (flush rules: retain deletes) and lists it. */
  async flushSnapshot(snapshot: MemstoreSnapshot, readPoint: number): Promise<void> {
    const { fs, rng, cache, clock } = this.#ctx;
    this.qualifiers.clear();
    if (snapshot.cells.size > 0) {
      const source = new CompactionScanner([snapshotScanner(snapshot)], {
        family: this.family,
        mode: 'retain-deletes',
        nowMs: clock.nowMs(),
        smallestReadPoint: readPoint,
      });
      const written = await writeTmpFile(
        fs,
        rng,
        {
          family: this.family,
          familyDir: this.dir,
          tmpDir: fs.tmpDir(this.#ctx.info),
          expectedKeys: snapshot.cells.size,
          majorCompacted: false,
          sequenceIdFloor: snapshot.maxSequenceId,
        },
        source,
      );
      const handle = await commitFile(fs, cache, written.tmpPath, this.dir, written.name);
      this.#files = sortStoreFiles([...this.#files, handle]);
    }
    this.memstore.clearSnapshot();
  }

  /**
   * Swaps compaction inputs for their output in one step. Each input is closed and deleted once no
   * reader holds it; `onInputDeleted` runs after each deletion.
   */
  replaceFiles(
    inputs: readonly StoreFileHandle[],
    output: StoreFileHandle | undefined,
    onInputDeleted: () => void = () => undefined,
  ): void {
    const gone = new Set(inputs);
    const kept = this.#files.filter((file) => !gone.has(file));
    this.#files = sortStoreFiles(output === undefined ? kept : [...kept, output]);
    for (const file of inputs) {
      file.retire(async () => {
        await file.reader.close();
        await this.#ctx.fs.delete(file.path);
        onInputDeleted();
      });
    }
  }

  /** Adds files made elsewhere (a split's daughter halves). */
  addFiles(files: readonly StoreFileHandle[]): void {
    this.#files = sortStoreFiles([...this.#files, ...files]);
  }

  async close(): Promise<void> {
    const files = this.#files;
    this.#files = [];
    for (const file of files) await file.reader.close().catch(() => undefined);
  }
}

function fileMayMatter(file: StoreFileHandle, query: StoreReadQuery, family: Buffer): boolean {
  const info = file.reader.info;
  if (info.entryCount === 0) return false;
  // Every cell (markers too) is older than the range: puts are out of it, markers cannot count.
  if (info.maxTimestamp < query.timeRange.minTs) return false;
  // Every cell is newer than the range: only its markers could matter.
  if (info.minTimestamp >= query.timeRange.maxTs && info.deleteCount === 0) return false;
  const row = query.row;
  if (row === undefined) return true;
  const first = info.firstKey;
  const last = info.lastKey;
  if (first !== undefined && compareBytes(row, first.row) < 0) return false;
  if (last !== undefined && compareBytes(row, last.row) > 0) return false;
  // A family-wide marker is keyed without a qualifier, so a ROWCOL probe could miss it.
  return query.qualifier === undefined || info.deleteCount > 0
    ? file.reader.mayContainRow(row)
    : file.reader.mayContainColumn(row, family, query.qualifier);
}

function snapshotScanner(snapshot: MemstoreSnapshot): CellScanner {
  return new SegmentScanner(snapshot.cells.sorted());
}
