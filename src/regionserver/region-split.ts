// Splits a region at its middle row into two daughters, HBase-style but with rewritten halves
// instead of reference files: the parent is flushed, each parent store file is copied into the
// bottom daughter [start, split) and the top one [split, end) while the parent still serves; what
// was written meanwhile is flushed and copied too (HBase's pre-close flush); then the parent closes
// and the last file flushed is copied; each daughter's .regioninfo is written last. Invariant: a
// daughter is openable only once it is complete.
import { type Cell, compareBytes, InvalidArgumentError, toStringBinary } from '../common/index.js';
import type { FamilyDescriptor } from '../common/operations.js';
import type { Region } from './region.js';
import type { RegionCore } from './region-core.js';
import { quiesce } from './region-flush.js';
import { SPLIT_PRECLOSE_FLUSH_BYTES, SPLIT_PRECLOSE_PASSES_MAX } from './limits.js';
import { REGION_INFO_FILE } from './region-fs.js';
import { makeRegionInfo, type RegionInfo, regionInfoToJson } from './region-info.js';
import { commitFile } from './store-file-writing.js';

export const SPLITS_FILE = '.splits';

export interface SplitOutcome {
  readonly splitRow: Buffer;
  readonly daughters: readonly [RegionInfo, RegionInfo];
}

/** The split row: the row of the middle key of the region's largest store file. */
export async function findSplitRow(core: RegionCore): Promise<Buffer | undefined> {
  let largest: { size: number; mid: Cell | undefined } | undefined;
  for (const store of core.storeList) {
    for (const file of store.files) {
      if (largest !== undefined && file.sizeBytes <= largest.size) continue;
      largest = { size: file.sizeBytes, mid: await file.reader.midKey() };
    }
  }
  return largest?.mid?.row;
}

export interface SplitHooks {
  /** Runs just before the parent closes: the server takes it out of service there. */
  readonly beforeClose?: () => void;
}

/**
 * Splits the region at `splitRow` (default: the middle row); the daughters' region id is
 * `regionId` (default: now, and above the parent's). Daughter directories left by an earlier,
 * unfinished attempt are removed first, so a split can be run again.
 */
export async function splitRegion(
  region: Region,
  splitRow?: Buffer,
  daughterRegionId?: number,
  hooks: SplitHooks = {},
): Promise<SplitOutcome> {
  const core = region.core;
  await region.flush();
  const row = splitRow ?? (await findSplitRow(core));
  const info = core.info;
  if (row === undefined)
    throw new InvalidArgumentError(`region ${info.encodedName} has no data to split`);
  const inside =
    compareBytes(row, info.startKey) > 0 &&
    (info.endKey.length === 0 || compareBytes(row, info.endKey) < 0);
  if (!inside) {
    throw new InvalidArgumentError(
      `split row "${toStringBinary(row)}" is not strictly inside region ${info.encodedName}`,
    );
  }
  const regionId = daughterRegionId ?? Math.max(info.regionId + 1, core.clock.nowMs());
  const bottom = makeRegionInfo(info.table, info.startKey, row, regionId);
  const top = makeRegionInfo(info.table, row, info.endKey, regionId);
  for (const daughter of [bottom, top]) await core.fs.delete(core.fs.regionDir(daughter), true);
  // The parent's files are rewritten while it still serves reads and writes; only compactions
  // wait, so that the files stay as they are. After the close only what was flushed meanwhile is
  // left to rewrite, so the rows are out of service for that alone rather than for a copy of the
  // whole parent (HBase keeps that window short with reference files and a pre-close flush).
  core.compactionsHeld = true;
  const startedMs = core.clock.monotonicMs();
  const step = (msg: string, extra: Record<string, unknown> = {}): void =>
    core.logger.info(
      { region: info.encodedName, ms: Math.round(core.clock.monotonicMs() - startedMs), ...extra },
      msg,
    );
  try {
    await quiesce(core);
    const rewritten = new Set<string>();
    const halves = [bottom, top] as const;
    await rewriteFiles(core, row, halves, rewritten, liveFiles(core));
    step('split: parent files rewritten, serving', { files: rewritten.size });
    // HBase's pre-close flush: what came in during the rewrite goes to a file now and is rewritten
    // while the parent still serves, so the close flushes and rewrites only the last moments'.
    for (
      let pass = 0;
      pass < SPLIT_PRECLOSE_PASSES_MAX && core.memstoreBytes > SPLIT_PRECLOSE_FLUSH_BYTES;
      pass++
    ) {
      const memstoreBytes = core.memstoreBytes;
      await region.flush();
      await rewriteFiles(core, row, halves, rewritten, liveFiles(core));
      step('split: pre-close flush rewritten', { pass, memstoreBytes });
    }
    // The store's files are gone from view once it closes: what the close flushes is found as
    // the file new to the directory (listed first, so a flush ending between the two is in one).
    const listed = new Set((await listedFiles(core)).map((file) => file.path));
    const live = liveFiles(core);
    hooks.beforeClose?.();
    const closingBytes = core.memstoreBytes;
    await region.close();
    const flushed = (await listedFiles(core)).filter((file) => !listed.has(file.path));
    await rewriteFiles(core, row, halves, rewritten, [...live, ...flushed]);
    step('split: parent closed, last files rewritten', { memstoreBytes: closingBytes });
  } finally {
    core.compactionsHeld = false;
  }
  for (const daughter of [bottom, top]) {
    await core.fs.writeSmallFile(
      `${core.fs.regionDir(daughter)}/${REGION_INFO_FILE}`,
      regionInfoToJson(daughter),
    );
  }
  await core.fs.writeSmallFile(
    `${core.fs.regionDir(info)}/${SPLITS_FILE}`,
    JSON.stringify({
      daughters: [bottom.encodedName, top.encodedName],
      splitRow: row.toString('base64'),
    }),
  );
  return { splitRow: row, daughters: [bottom, top] };
}

/** One of the parent's store files. */
interface ParentFile {
  readonly family: FamilyDescriptor;
  readonly path: string;
  readonly name: string;
}

/**
 * The parent's live store files: not a compaction's inputs, which stay in the directory until
 * their last reader lets go (a split that copied one would read a file about to be deleted).
 */
function liveFiles(core: RegionCore): ParentFile[] {
  const files: ParentFile[] = [];
  for (const store of core.storeList) {
    for (const file of store.files)
      files.push({ family: store.family, path: file.path, name: file.name });
  }
  return files;
}

/** Every store file in the parent's family directories. */
async function listedFiles(core: RegionCore): Promise<ParentFile[]> {
  const files: ParentFile[] = [];
  for (const family of core.table.families) {
    const dir = core.fs.familyDir(core.info, family.name);
    for (const name of await core.fs.listNames(dir)) {
      if (!name.startsWith('.')) files.push({ family, path: `${dir}/${name}`, name });
    }
  }
  return files;
}

/** Rewrites each of `files` not in `rewritten` into the daughters' halves. */
async function rewriteFiles(
  core: RegionCore,
  splitRow: Buffer,
  [bottom, top]: readonly [RegionInfo, RegionInfo],
  rewritten: Set<string>,
  files: readonly ParentFile[],
): Promise<void> {
  for (const { family, path, name } of files) {
    if (rewritten.has(path)) continue;
    await writeHalves(core, path, name, family, splitRow, bottom, top);
    rewritten.add(path);
  }
}

async function writeHalves(
  core: RegionCore,
  path: string,
  name: string,
  family: FamilyDescriptor,
  splitRow: Buffer,
  bottom: RegionInfo,
  top: RegionInfo,
): Promise<void> {
  const fs = core.fs;
  const target = (daughter: RegionInfo) => ({
    familyDir: fs.familyDir(daughter, family.name),
    tmpDir: fs.tmpDir(daughter),
  });
  const targets = [target(bottom), target(top)] as const;
  for (const { familyDir, tmpDir } of targets) {
    await fs.mkdirs(familyDir);
    await fs.mkdirs(tmpDir);
  }
  const halves = await core.rewriter.split(
    { family, splitRow, bottom: targets[0], top: targets[1] },
    { path, name },
  );
  for (const [i, written] of halves.entries()) {
    const { familyDir } = targets[i] as (typeof targets)[number];
    const handle = await commitFile(fs, core.cache, written.tmpPath, familyDir, written.name);
    await handle.reader.close();
  }
}
