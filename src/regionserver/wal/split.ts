// WAL splitting (HBase's WALSplitter, run for a dead region server): the server's WAL directory is
// renamed to `<dir>-splitting` (a zombie can no longer roll a new file into it), every file's lease
// is recovered (fencing its writer), and each file's entries are written out per region as
// recovered-edits files, which the region replays when it next opens. Then the WAL files go to the
// archive. Safe to run again after a crash at any point: outputs are written under a temporary
// name and renamed, and a file is archived only once every region's edits of it are out.
import type { Clock } from '../../common/clock.js';
import { silentLogger, type Logger } from '../../common/log.js';
import type { DfsClient } from '../../dfs/client/index.js';
import type { WalEntry } from './entry.js';
import { encodeEntry, encodeFileStart, encodeTrailer } from './frame.js';
import { listWalFiles, readWal, recoverWalLease } from './reader.js';
import { WAL_LEASE_RECOVERY_TIMEOUT_MS } from './limits.js';

/** The directory a WAL directory is renamed to while it is split. */
export const SPLITTING_SUFFIX = '-splitting';
/** Recovered edits of one region live in `<root>/recovered.edits/<encoded region name>/`. */
export const RECOVERED_EDITS_DIR = 'recovered.edits';
const RECOVERED_EDITS_SUFFIX = '.edits';
const TMP_SUFFIX = '.tmp';
/** Digits of the zero-padded sequence ids in recovered-edits names (so names sort by id). */
const SEQUENCE_DIGITS = 16;

export interface SplitOptions {
  readonly fs: DfsClient;
  /** Colonnade's root directory (recovered edits go under it). */
  readonly rootDir: string;
  /** The dead server's WAL directory, `<root>/WALs/<server name>`. */
  readonly walDir: string;
  /** Where split WAL files are moved, `<root>/oldWALs`. */
  readonly archiveDir: string;
  readonly clock: Clock;
  readonly logger?: Logger;
  readonly leaseTimeoutMs?: number;
  /** Replicas of recovered-edits files; default: the filesystem's. */
  readonly replication?: number;
}

export interface SplitResult {
  readonly files: number;
  readonly entries: number;
  /** Encoded names of the regions that got recovered edits. */
  readonly regions: readonly string[];
}

export function recoveredEditsDir(rootDir: string, encodedName: string): string {
  return `${rootDir.replace(/\/+$/, '')}/${RECOVERED_EDITS_DIR}/${encodedName}`;
}

/** The recovered-edits files of a region (full paths), oldest edits first. */
export async function listRecoveredEdits(
  fs: DfsClient,
  rootDir: string,
  encodedName: string,
): Promise<string[]> {
  const dir = recoveredEditsDir(rootDir, encodedName);
  const stat = await fs.stat(dir);
  if (stat === null) return [];
  const files = await fs.list(dir);
  return files
    .filter((f) => f.type === 'file' && f.path.endsWith(RECOVERED_EDITS_SUFFIX))
    .map((f) => f.path)
    .sort();
}

/** Splits every WAL file of a dead server into per-region recovered edits. */
export async function splitWals(options: SplitOptions): Promise<SplitResult> {
  const { fs } = options;
  const logger = options.logger ?? silentLogger;
  const walDir = options.walDir.replace(/\/+$/, '');
  const splittingDir = `${walDir}${SPLITTING_SUFFIX}`;
  if ((await fs.stat(walDir)) !== null) {
    if ((await fs.stat(splittingDir)) === null) {
      await fs.rename(walDir, splittingDir);
    } else {
      // An earlier split was interrupted and the server wrote again since: split both.
      for (const path of await listWalFiles(fs, walDir)) {
        await fs.rename(path, `${splittingDir}/${basename(path)}`);
      }
      await fs.delete(walDir, true);
    }
  }
  const files = await listWalFiles(fs, splittingDir);
  const regions = new Set<string>();
  let entries = 0;
  await fs.mkdirs(options.archiveDir);
  for (const path of files) {
    await recoverWalLease(
      fs,
      path,
      options.leaseTimeoutMs ?? WAL_LEASE_RECOVERY_TIMEOUT_MS,
      options.clock,
    );
    const byRegion = await readByRegion(fs, path, logger);
    for (const [region, regionEntries] of byRegion) {
      await writeRecoveredEdits(options, region, regionEntries);
      regions.add(region);
      entries += regionEntries.length;
    }
    await fs.rename(path, `${options.archiveDir}/${basename(path)}`);
  }
  if ((await fs.stat(splittingDir)) !== null) await fs.delete(splittingDir, true);
  logger.info(
    { walDir, files: files.length, entries, regions: regions.size },
    'split the WALs of a dead server',
  );
  return { files: files.length, entries, regions: [...regions].sort() };
}

/** One WAL file's entries grouped by region, in file order (a file is at most a roll's size). */
async function readByRegion(
  fs: DfsClient,
  path: string,
  logger: Logger,
): Promise<Map<string, WalEntry[]>> {
  const byRegion = new Map<string, WalEntry[]>();
  for await (const entry of readWal(fs, path, { logger })) {
    const list = byRegion.get(entry.regionName);
    if (list === undefined) byRegion.set(entry.regionName, [entry]);
    else list.push(entry);
  }
  return byRegion;
}

/** Writes one region's entries of one WAL file as a recovered-edits file named by its ids. */
async function writeRecoveredEdits(
  options: SplitOptions,
  region: string,
  entries: readonly WalEntry[],
): Promise<void> {
  const { fs } = options;
  const first = entries[0]?.sequenceId ?? 0;
  const last = entries[entries.length - 1]?.sequenceId ?? 0;
  const dir = recoveredEditsDir(options.rootDir, region);
  const name = `${pad(first)}-${pad(last)}${RECOVERED_EDITS_SUFFIX}`;
  const tmp = `${dir}/${name}${TMP_SUFFIX}`;
  await fs.mkdirs(dir);
  const parts: Buffer[] = [
    encodeFileStart({ writerName: 'wal-splitter', creationTimeMs: options.clock.nowMs() }),
  ];
  for (const entry of entries) parts.push(encodeEntry(entry));
  parts.push(encodeTrailer({ entryCount: entries.length }));
  await fs.writeFile(tmp, Buffer.concat(parts), {
    overwrite: true,
    ...(options.replication === undefined ? {} : { replication: options.replication }),
  });
  // A file of the same name from an interrupted split holds the same edits: replace it.
  await fs.delete(`${dir}/${name}`);
  await fs.rename(tmp, `${dir}/${name}`);
}

function pad(sequenceId: number): string {
  return String(sequenceId).padStart(SEQUENCE_DIGITS, '0');
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
