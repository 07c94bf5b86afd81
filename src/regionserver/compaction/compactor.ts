// Runs one compaction of one store: picks the files (all for a major one; the policy's run for a
// minor one, which becomes major when it covers every file, as in HBase), merges them through the
// retain- or drop-deletes rules in bounded slices (rewrite-core.ts, through the region's rewriter,
// which may run it in a worker thread), and swaps the output in. Safe to interrupt at any point:
// see compaction-record.ts.
import type { Clock } from '../../common/index.js';
import type { RegionFs } from '../region-fs.js';
import type { RegionInfo } from '../region-info.js';
import type { Store } from '../store.js';
import type { StoreFileHandle } from '../store-file-handle.js';
import { commitFile } from '../store-file-writing.js';
import type { BlockCache } from '../storefile/index.js';
import { writeCompactionRecord } from './compaction-record.js';
import { type CompactionPolicyConfig, selectMinorCompaction } from './policy.js';
import type { FileRewriter } from './rewriter.js';

export interface CompactionContext {
  readonly fs: RegionFs;
  readonly info: RegionInfo;
  readonly cache: BlockCache;
  readonly clock: Clock;
  /** Where the merge runs: inline, or in the rewrite worker. */
  readonly rewriter: FileRewriter;
  readonly policy?: CompactionPolicyConfig;
}

export interface CompactionOutcome {
  readonly major: boolean;
  /** Positions (oldest first) of the merged files in the store's list before the compaction. */
  readonly start: number;
  readonly end: number;
  readonly inputCells: number;
  readonly outputCells: number;
}

/** Picks the files a compaction would merge, or undefined when none is due. */
export function selectFiles(
  files: readonly StoreFileHandle[],
  major: boolean,
  policy?: CompactionPolicyConfig,
): { start: number; end: number; major: boolean } | undefined {
  if (major) return files.length === 0 ? undefined : { start: 0, end: files.length, major: true };
  const run = selectMinorCompaction(
    files.map((file) => file.sizeBytes),
    policy,
  );
  if (run === undefined) return undefined;
  return { ...run, major: run.start === 0 && run.end === files.length };
}

export async function compactStore(
  ctx: CompactionContext,
  store: Store,
  request: { major: boolean; readPoint: number },
): Promise<CompactionOutcome | undefined> {
  const files = store.files;
  const selection = selectFiles(files, request.major, ctx.policy);
  if (selection === undefined) return undefined;
  const inputs = files.slice(selection.start, selection.end);
  for (const file of inputs) file.acquire();
  try {
    const written = await ctx.rewriter.compact(
      {
        family: store.family,
        familyDir: store.dir,
        tmpDir: ctx.fs.tmpDir(ctx.info),
        major: selection.major,
        nowMs: ctx.clock.nowMs(),
        smallestReadPoint: request.readPoint,
      },
      inputs,
    );
    const recordPath = await writeCompactionRecord(
      ctx.fs,
      store.dir,
      written.name,
      inputs.map((file) => file.name),
    );
    const output = await commitFile(ctx.fs, ctx.cache, written.tmpPath, store.dir, written.name);
    let pending = inputs.length;
    store.replaceFiles(inputs, output, () => {
      pending--;
      if (pending === 0) void ctx.fs.delete(recordPath).catch(() => undefined);
    });
    return {
      major: selection.major,
      start: selection.start,
      end: selection.end,
      inputCells: written.inputCells,
      outputCells: written.cells,
    };
  } finally {
    for (const file of inputs) file.release();
  }
}
