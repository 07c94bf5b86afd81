// Writes one new store file from a stream of cells (a flush's snapshot or a compaction's inputs):
// into the region's .tmp directory first, then renamed into the family directory and opened.
// Invariant: a file appears in the family directory only complete; a failure leaves only .tmp junk.
import { type Cell, InternalError, type Rng } from '../common/index.js';
import type { FamilyDescriptor } from '../common/operations.js';
import { COMPACTION_SLICE_CELLS } from './limits.js';
import type { RegionFs } from './region-fs.js';
import { StoreFileHandle } from './store-file-handle.js';
import { type BlockCache, openStoreFile, StoreFileWriter } from './storefile/index.js';

/** A source of cells in order, read in bounded slices (CompactionScanner's shape). */
export interface CellSliceSource {
  next(out: Cell[], maxCells: number): Promise<boolean>;
}

export interface NewStoreFile {
  readonly family: FamilyDescriptor;
  readonly familyDir: string;
  readonly tmpDir: string;
  readonly expectedKeys: number;
  readonly majorCompacted: boolean;
  readonly sequenceIdFloor: number;
}

const FILE_NAME_WORDS = 4;
/** Fresh names tried before a store file cannot be named (only a broken rng gets there). */
const FILE_NAME_ATTEMPTS_MAX = 8;

/** 32 hex digits from the injected rng: store file names carry no meaning. */
export function newStoreFileName(rng: Rng): string {
  let name = '';
  for (let i = 0; i < FILE_NAME_WORDS; i++) {
    name += rng.nextInt(0x10000).toString(16).padStart(4, '0');
    name += rng.nextInt(0x10000).toString(16).padStart(4, '0');
  }
  return name;
}

/** Writes the cells to .tmp/<name>; returns the name. The caller commits it with `commitFile`. */
export async function writeTmpFile(
  fs: RegionFs,
  rng: Rng,
  spec: NewStoreFile,
  source: CellSliceSource,
): Promise<{ name: string; tmpPath: string; cells: number }> {
  let name = newStoreFileName(rng);
  // Names are random; a clash (a reseeded rng) must not make the later rename fail.
  for (let attempt = 1; await fs.exists(`${spec.familyDir}/${name}`); attempt++) {
    if (attempt >= FILE_NAME_ATTEMPTS_MAX)
      throw new InternalError(`no free store file name in ${spec.familyDir}`);
    name = newStoreFileName(rng);
  }
  const tmpPath = `${spec.tmpDir}/${name}`;
  const sink = await fs.createSink(tmpPath);
  const writer = new StoreFileWriter(sink, {
    blockSizeBytes: spec.family.blockSizeBytes,
    bloomType: spec.family.bloomType,
    expectedKeys: Math.max(1, spec.expectedKeys),
    majorCompacted: spec.majorCompacted,
    sequenceIdFloor: spec.sequenceIdFloor,
  });
  let cells = 0;
  try {
    const out: Cell[] = [];
    for (;;) {
      out.length = 0;
      const more = await source.next(out, COMPACTION_SLICE_CELLS);
      for (const cell of out) await writer.append(cell);
      cells += out.length;
      if (!more) break;
      // A slice at a time: reads and writes of the region go on between slices.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await writer.finish();
  } catch (error) {
    writer.abort();
    await fs.delete(tmpPath).catch(() => undefined);
    throw error;
  }
  return { name, tmpPath, cells };
}

/** Moves a finished .tmp file into the family directory and opens it. */
export async function commitFile(
  fs: RegionFs,
  cache: BlockCache,
  tmpPath: string,
  familyDir: string,
  name: string,
): Promise<StoreFileHandle> {
  const path = `${familyDir}/${name}`;
  await fs.rename(tmpPath, path);
  return openHandle(fs, cache, path, name);
}

export async function openHandle(
  fs: RegionFs,
  cache: BlockCache,
  path: string,
  name: string,
): Promise<StoreFileHandle> {
  const source = await fs.openSource(path);
  try {
    const reader = await openStoreFile(source, path, cache);
    return new StoreFileHandle(name, path, reader);
  } catch (error) {
    await source.close().catch(() => undefined);
    throw error;
  }
}
