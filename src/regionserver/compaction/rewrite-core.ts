// The two rewrites of whole store files a region server makes: a compaction's merge of some of a
// store's files, and a split's copy of one parent file into its daughters' halves. Each only writes
// .tmp files and says what it wrote; the caller commits them. It runs on whatever thread holds the
// filesystem client it is given: inline on the server's event loop, or in the rewrite worker.
import {
  type Cell,
  compareBytes,
  firstOnRow,
  LATEST_TIMESTAMP,
  type Rng,
} from '../../common/index.js';
import type { FamilyDescriptor } from '../../common/operations.js';
import { CompactionScanner } from '../query/index.js';
import type { RegionFs } from '../region-fs.js';
import type { CellScanner } from '../scanner.js';
import type { StoreFileHandle } from '../store-file-handle.js';
import { type CellSliceSource, writeTmpFile } from '../store-file-writing.js';

/** A store file written into a .tmp directory, not yet committed. */
export interface WrittenFile {
  readonly name: string;
  readonly tmpPath: string;
  readonly cells: number;
}

/** Where a new file of one family goes: its .tmp directory, then its family directory. */
export interface FileTarget {
  readonly familyDir: string;
  readonly tmpDir: string;
}

export interface CompactJob extends FileTarget {
  readonly family: FamilyDescriptor;
  /** Drop-deletes (a major compaction: every file) or retain-deletes. */
  readonly major: boolean;
  readonly nowMs: number;
  /** The oldest read point an open reader holds. */
  readonly smallestReadPoint: number;
}

export interface SplitFileJob {
  readonly family: FamilyDescriptor;
  readonly splitRow: Buffer;
  /** Rows below the split row. */
  readonly bottom: FileTarget;
  /** Rows at and above it. */
  readonly top: FileTarget;
}

export interface CompactWritten extends WrittenFile {
  readonly inputCells: number;
}

/** Merges `inputs` (open, held by the caller) into one .tmp file under the job's rules. */
export async function compactFiles(
  fs: RegionFs,
  rng: Rng,
  job: CompactJob,
  inputs: readonly StoreFileHandle[],
): Promise<CompactWritten> {
  let inputCells = 0;
  let floor = 0;
  let earliestPutTs = LATEST_TIMESTAMP;
  for (const file of inputs) {
    inputCells += file.reader.info.entryCount;
    floor = Math.max(floor, file.maxSequenceId);
    earliestPutTs = Math.min(earliestPutTs, file.reader.info.earliestPutTimestamp);
  }
  const source = new CompactionScanner(
    inputs.map((file) => file.reader.scanner({ cacheBlocks: false })),
    {
      family: job.family,
      mode: job.major ? 'drop-deletes' : 'retain-deletes',
      nowMs: job.nowMs,
      smallestReadPoint: job.smallestReadPoint,
      earliestPutTs,
    },
  );
  const written = await writeTmpFile(
    fs,
    rng,
    {
      family: job.family,
      familyDir: job.familyDir,
      tmpDir: job.tmpDir,
      expectedKeys: inputCells,
      majorCompacted: job.major,
      sequenceIdFloor: floor,
    },
    source,
  );
  return { ...written, inputCells };
}

/** Copies the parent file's rows into a bottom and a top .tmp file. */
export async function splitFile(
  fs: RegionFs,
  rng: Rng,
  job: SplitFileJob,
  parent: StoreFileHandle,
): Promise<readonly [WrittenFile, WrittenFile]> {
  const half = (target: FileTarget, from: Buffer | undefined, to: Buffer | undefined) =>
    writeTmpFile(
      fs,
      rng,
      {
        family: job.family,
        familyDir: target.familyDir,
        tmpDir: target.tmpDir,
        expectedKeys: parent.reader.info.entryCount,
        majorCompacted: false,
        sequenceIdFloor: parent.maxSequenceId,
      },
      rangeSource(parent.reader.scanner({ cacheBlocks: false }), from, to),
    );
  const bottom = await half(job.bottom, undefined, job.splitRow);
  const top = await half(job.top, job.splitRow, undefined);
  return [bottom, top];
}

/** The cells of [from, to) rows of a file scanner, in slices. */
function rangeSource(
  scanner: CellScanner,
  from: Buffer | undefined,
  to: Buffer | undefined,
): CellSliceSource {
  let started = false;
  return {
    async next(out: Cell[], maxCells: number): Promise<boolean> {
      if (!started) {
        started = true;
        const p = scanner.seek(firstOnRow(from ?? Buffer.alloc(0)));
        if (p !== undefined) await p;
      }
      while (out.length < maxCells) {
        const cell = scanner.peek();
        if (cell === undefined || (to !== undefined && compareBytes(cell.row, to) >= 0)) {
          scanner.close();
          return false;
        }
        out.push(cell);
        const p = scanner.next();
        if (p !== undefined) await p;
      }
      return true;
    },
  };
}
