// Which store files a minor compaction merges: HBase's ExploringCompactionPolicy, pure. Among the
// contiguous runs of COMPACTION_MIN_FILES..COMPACTION_MAX_FILES files (oldest first) in which every
// file is at most ratio × the sum of the others (or below COMPACTION_MIN_SIZE_BYTES), take the run
// with the most files, then the smallest total. Invariant: the answer is a contiguous run or empty.
import {
  BLOCKING_STORE_FILES,
  COMPACTION_MAX_FILES,
  COMPACTION_MIN_FILES,
  COMPACTION_MIN_SIZE_BYTES,
  COMPACTION_RATIO,
} from '../limits.js';

export interface CompactionPolicyConfig {
  readonly minFiles: number;
  readonly maxFiles: number;
  readonly ratio: number;
  readonly minSizeBytes: number;
  readonly blockingFiles: number;
}

export const COMPACTION_POLICY_DEFAULTS: CompactionPolicyConfig = {
  minFiles: COMPACTION_MIN_FILES,
  maxFiles: COMPACTION_MAX_FILES,
  ratio: COMPACTION_RATIO,
  minSizeBytes: COMPACTION_MIN_SIZE_BYTES,
  blockingFiles: BLOCKING_STORE_FILES,
};

/** The run [start, end) of files to merge, or undefined when no run qualifies. */
export interface CompactionSelection {
  readonly start: number;
  readonly end: number;
}

export function selectMinorCompaction(
  sizesOldestFirst: readonly number[],
  config: CompactionPolicyConfig = COMPACTION_POLICY_DEFAULTS,
): CompactionSelection | undefined {
  const n = sizesOldestFirst.length;
  if (n < config.minFiles) return undefined;
  let best: { start: number; end: number; total: number } | undefined;
  for (let start = 0; start < n; start++) {
    let total = 0;
    for (let end = start + 1; end <= Math.min(n, start + config.maxFiles); end++) {
      total += sizesOldestFirst[end - 1] ?? 0;
      const count = end - start;
      if (count < config.minFiles) continue;
      if (!inRatio(sizesOldestFirst, start, end, total, config)) continue;
      const better =
        best === undefined ||
        count > best.end - best.start ||
        (count === best.end - best.start && total < best.total);
      if (better) best = { start, end, total };
    }
  }
  if (best === undefined && n >= config.blockingFiles) {
    return smallestRun(sizesOldestFirst, config.minFiles);
  }
  return best === undefined ? undefined : { start: best.start, end: best.end };
}

function inRatio(
  sizes: readonly number[],
  start: number,
  end: number,
  total: number,
  config: CompactionPolicyConfig,
): boolean {
  for (let i = start; i < end; i++) {
    const size = sizes[i] ?? 0;
    if (size <= config.minSizeBytes) continue;
    if (size > config.ratio * (total - size)) return false;
  }
  return true;
}

/** With too many files and no run in ratio: the contiguous run of `count` with the least bytes. */
function smallestRun(sizes: readonly number[], count: number): CompactionSelection {
  let bestStart = 0;
  let bestTotal = Number.POSITIVE_INFINITY;
  for (let start = 0; start + count <= sizes.length; start++) {
    let total = 0;
    for (let i = start; i < start + count; i++) total += sizes[i] ?? 0;
    if (total < bestTotal) {
      bestTotal = total;
      bestStart = start;
    }
  }
  return { start: bestStart, end: bestStart + count };
}
