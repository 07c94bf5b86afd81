// What crosses between the region server's loop and its rewrite worker: requests carry plain data
// (paths, the family, the job's rules); a Buffer arrives on the other side as a Uint8Array and is
// wrapped again here. Answers carry what was written, or the error as it would cross the wire.
import type { WireError } from '../../common/errors.js';
import type { CompactJob, CompactWritten, SplitFileJob, WrittenFile } from './rewrite-core.js';
import type { FileRef } from './rewriter.js';

/** What the worker is started with (its `workerData`). */
export interface RewriteWorkerConfig {
  /** HOST:PORT of the namenode: the worker keeps its own filesystem client. */
  readonly namenode: string;
  readonly rootDir: string;
  readonly replication?: number;
  /** Seeds the worker's store file names. */
  readonly seed: number;
  /** The worker's block cache, for the index and Bloom blocks of the files it opens. */
  readonly cacheBytes: number;
}

export type RewriteRequest =
  | {
      readonly id: number;
      readonly kind: 'compact';
      readonly job: CompactJob;
      readonly inputs: readonly FileRef[];
    }
  | {
      readonly id: number;
      readonly kind: 'split';
      readonly job: SplitFileJob;
      readonly parent: FileRef;
    }
  | { readonly id: number; readonly kind: 'close' };

export type RewriteAnswer =
  | { readonly id: number; readonly compacted: CompactWritten }
  | { readonly id: number; readonly halves: readonly [WrittenFile, WrittenFile] }
  | { readonly id: number; readonly closed: true }
  | { readonly id: number; readonly error: WireError };

/** A Buffer sent to another thread arrives as a plain Uint8Array: view it as a Buffer again. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The split job as the worker received it, with its split row a Buffer again. */
export function reviveSplitJob(job: SplitFileJob): SplitFileJob {
  return { ...job, splitRow: asBuffer(job.splitRow) };
}
