// Start-up: rebuilds the replica map from disk. finalized/ loads as finalized (a meta/data length
// mismatch or a bad header marks it corrupt); rbw/ loads as rwr, cut to its last valid chunk; tmp/
// is emptied; a move that a crash interrupted (meta renamed first, then data) is completed.
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import type { Logger } from '../../common/log.js';
import { chunksOf, crc32cOf } from '../checksum.js';
import { CHECKSUM_BYTES, CHUNK_BYTES } from '../limits.js';
import { checkMetaHeader, checksumsIn, metaBytesFor } from './meta-file.js';
import { Replica } from './replica.js';
import { ReplicaFiles } from './replica-files.js';
import { parseReplicaFileName, type ReplicaDir, type StorageLayout } from './storage-layout.js';

export interface LoadedReplicas {
  readonly replicas: readonly Replica[];
  /** Finalized replicas whose files disagree: to report to the namenode as bad. */
  readonly corrupt: readonly Replica[];
}

interface Found {
  readonly dataDirs: ReplicaDir[];
  readonly metas: { readonly dir: ReplicaDir; readonly genStamp: number }[];
}

const LOADED_DIRS: readonly ReplicaDir[] = ['finalized', 'rbw'];

export async function loadReplicas(layout: StorageLayout, logger: Logger): Promise<LoadedReplicas> {
  await rm(layout.tmpDir, { recursive: true, force: true });
  await mkdir(layout.tmpDir, { recursive: true });
  const found = await scan(layout);
  const replicas: Replica[] = [];
  const corrupt: Replica[] = [];
  for (const [blockId, files] of found) {
    const replica = await loadOne(layout, logger, blockId, files);
    if (replica === undefined) continue;
    replicas.push(replica);
    if (replica.corrupt) corrupt.push(replica);
  }
  logger.info(
    { replicas: replicas.length, corrupt: corrupt.length },
    `loaded ${replicas.length} replicas from ${layout.dataDir}`,
  );
  return { replicas, corrupt };
}

async function scan(layout: StorageLayout): Promise<Map<number, Found>> {
  const found = new Map<number, Found>();
  for (const dir of LOADED_DIRS) {
    await mkdir(layout.dirOf(dir), { recursive: true });
    for (const name of await readdir(layout.dirOf(dir))) {
      const parsed = parseReplicaFileName(name);
      if (parsed === undefined) continue;
      let entry = found.get(parsed.blockId);
      if (entry === undefined) {
        entry = { dataDirs: [], metas: [] };
        found.set(parsed.blockId, entry);
      }
      if (parsed.kind === 'data') entry.dataDirs.push(dir);
      else entry.metas.push({ dir, genStamp: parsed.genStamp });
    }
  }
  return found;
}

async function loadOne(
  layout: StorageLayout,
  logger: Logger,
  blockId: number,
  found: Found,
): Promise<Replica | undefined> {
  const meta = found.metas.reduce<Found['metas'][number] | undefined>(
    (best, m) => (best === undefined || m.genStamp > best.genStamp ? m : best),
    undefined,
  );
  if (meta === undefined || found.dataDirs.length === 0) {
    logger.warn({ block: blockId }, `blk_${blockId} has a data or a meta file only; skipped`);
    return undefined;
  }
  if (found.metas.length > 1) {
    logger.warn({ block: blockId }, `blk_${blockId} has several meta files; the newest is used`);
  }
  const dataDir = found.dataDirs[0] as ReplicaDir;
  if (!found.dataDirs.includes(meta.dir)) {
    // The meta file moved first: the interrupted move was to the meta file's directory.
    await rename(layout.dataPath(dataDir, blockId), layout.dataPath(meta.dir, blockId));
    logger.info({ block: blockId }, `completed the move of blk_${blockId} to ${meta.dir}`);
  }
  return meta.dir === 'finalized'
    ? loadFinalized(layout, logger, blockId, meta.genStamp)
    : loadWaitingForRecovery(layout, logger, blockId, meta.genStamp);
}

async function loadFinalized(
  layout: StorageLayout,
  logger: Logger,
  blockId: number,
  genStamp: number,
): Promise<Replica> {
  const files = await ReplicaFiles.open(
    layout.dataPath('finalized', blockId),
    layout.metaPath('finalized', blockId, genStamp),
    false,
  );
  let sizes: { readonly data: number; readonly meta: number };
  let headerOk = true;
  try {
    sizes = await files.sizes();
    try {
      checkMetaHeader(await files.readMetaHeader());
    } catch {
      headerOk = false;
    }
  } finally {
    await files.close();
  }
  const replica = new Replica({
    blockId,
    genStamp,
    state: 'finalized',
    dir: 'finalized',
    bytesOnDisk: sizes.data,
    visibleLength: sizes.data,
  });
  if (!headerOk || sizes.meta !== metaBytesFor(sizes.data)) {
    replica.corrupt = true;
    logger.warn(
      { block: blockId, dataBytes: sizes.data, metaBytes: sizes.meta },
      `${replica.describe()} is corrupt: its meta file does not match its data`,
    );
  }
  return replica;
}

/** An rbw replica after a restart: rwr, cut to the end of its last chunk that verifies. */
async function loadWaitingForRecovery(
  layout: StorageLayout,
  logger: Logger,
  blockId: number,
  genStamp: number,
): Promise<Replica | undefined> {
  const files = await ReplicaFiles.open(
    layout.dataPath('rbw', blockId),
    layout.metaPath('rbw', blockId, genStamp),
    true,
  );
  try {
    try {
      checkMetaHeader(await files.readMetaHeader());
    } catch (error) {
      logger.warn(
        { block: blockId, err: error },
        `rbw blk_${blockId} has a bad meta header; skipped`,
      );
      return undefined;
    }
    const length = await validLength(files);
    await files.truncate(length);
    return new Replica({
      blockId,
      genStamp,
      state: 'rwr',
      dir: 'rbw',
      bytesOnDisk: length,
      visibleLength: length,
    });
  } finally {
    await files.close();
  }
}

/**
 * The bytes of an rbw replica that can be trusted after a crash (HDFS
 * validateIntegrityAndSetLength): the chunks both files cover, less the last one if it does not
 * match its checksum (a write torn between the data and the meta file).
 */
export async function validLength(files: ReplicaFiles): Promise<number> {
  const sizes = await files.sizes();
  const chunks = Math.min(checksumsIn(sizes.meta), chunksOf(sizes.data));
  if (chunks === 0) return 0;
  const lastStart = (chunks - 1) * CHUNK_BYTES;
  const lastEnd = Math.min(chunks * CHUNK_BYTES, sizes.data);
  const [bytes, stored] = await Promise.all([
    files.read(lastStart, lastEnd - lastStart),
    files.readChecksums(chunks - 1, 1),
  ]);
  const matches = stored.length === CHECKSUM_BYTES && stored.readUInt32BE(0) === crc32cOf(bytes);
  return matches ? lastEnd : lastStart;
}
