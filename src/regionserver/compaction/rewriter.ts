// Where a region's whole-file rewrites (compactions, split halves) run: `InlineRewriter` runs them
// on the calling event loop; `WorkerRewriter` (worker-rewriter.ts) in a worker thread, so that the
// server's loop keeps serving reads and writes meanwhile. Both write .tmp files only.
import type { Rng } from '../../common/index.js';
import type { RegionFs } from '../region-fs.js';
import type { StoreFileHandle } from '../store-file-handle.js';
import { openHandle } from '../store-file-writing.js';
import type { BlockCache } from '../storefile/index.js';
import {
  type CompactJob,
  type CompactWritten,
  compactFiles,
  type SplitFileJob,
  splitFile,
  type WrittenFile,
} from './rewrite-core.js';

/** A store file by where it lies: what a rewrite needs to open it on its own thread. */
export interface FileRef {
  readonly path: string;
  readonly name: string;
}

export interface FileRewriter {
  /** Merges the inputs, which the caller holds open (acquired) until this settles. */
  compact(job: CompactJob, inputs: readonly StoreFileHandle[]): Promise<CompactWritten>;
  /** Copies one parent file into the split's two halves. */
  split(job: SplitFileJob, parent: FileRef): Promise<readonly [WrittenFile, WrittenFile]>;
  close(): Promise<void>;
}

export class InlineRewriter implements FileRewriter {
  readonly #fs: RegionFs;
  readonly #cache: BlockCache;
  readonly #rng: Rng;

  constructor(fs: RegionFs, cache: BlockCache, rng: Rng) {
    this.#fs = fs;
    this.#cache = cache;
    this.#rng = rng;
  }

  compact(job: CompactJob, inputs: readonly StoreFileHandle[]): Promise<CompactWritten> {
    return compactFiles(this.#fs, this.#rng, job, inputs);
  }

  async split(job: SplitFileJob, parent: FileRef): Promise<readonly [WrittenFile, WrittenFile]> {
    const handle = await openHandle(this.#fs, this.#cache, parent.path, parent.name);
    try {
      return await splitFile(this.#fs, this.#rng, job, handle);
    } finally {
      await handle.reader.close();
    }
  }

  async close(): Promise<void> {}
}
