// Where a datanode keeps things under its data directory (HDFS's layout, simplified): VERSION (its
// id), current/finalized/, current/rbw/, tmp/; a replica is `blk_<id>` and `blk_<id>_<gs>.meta`.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../common/errors.js';

/** The directory a replica's files are in: finalized, being written, or temporary (transfer). */
export type ReplicaDir = 'finalized' | 'rbw' | 'tmp';

export const VERSION_FILE = 'VERSION';
/** The layout version written into VERSION. */
export const LAYOUT_VERSION = 1;

const DATA_NAME = /^blk_(\d{1,16})$/;
const META_NAME = /^blk_(\d{1,16})_(\d{1,16})\.meta$/;

export type ReplicaFileName =
  | { readonly kind: 'data'; readonly blockId: number }
  | { readonly kind: 'meta'; readonly blockId: number; readonly genStamp: number };

/** Parses a replica file's name; undefined for any other name. */
export function parseReplicaFileName(name: string): ReplicaFileName | undefined {
  const data = DATA_NAME.exec(name);
  if (data !== null) {
    const blockId = Number(data[1]);
    return Number.isSafeInteger(blockId) ? { kind: 'data', blockId } : undefined;
  }
  const meta = META_NAME.exec(name);
  if (meta !== null) {
    const blockId = Number(meta[1]);
    const genStamp = Number(meta[2]);
    if (!Number.isSafeInteger(blockId) || !Number.isSafeInteger(genStamp)) return undefined;
    return { kind: 'meta', blockId, genStamp };
  }
  return undefined;
}

export function dataFileName(blockId: number): string {
  return `blk_${blockId}`;
}

export function metaFileName(blockId: number, genStamp: number): string {
  return `blk_${blockId}_${genStamp}.meta`;
}

export class StorageLayout {
  readonly dataDir: string;
  readonly finalizedDir: string;
  readonly rbwDir: string;
  readonly tmpDir: string;

  constructor(dataDir: string) {
    this.dataDir = dataDir;
    this.finalizedDir = join(dataDir, 'current', 'finalized');
    this.rbwDir = join(dataDir, 'current', 'rbw');
    this.tmpDir = join(dataDir, 'tmp');
  }

  dirOf(dir: ReplicaDir): string {
    switch (dir) {
      case 'finalized':
        return this.finalizedDir;
      case 'rbw':
        return this.rbwDir;
      case 'tmp':
        return this.tmpDir;
    }
  }

  dataPath(dir: ReplicaDir, blockId: number): string {
    return join(this.dirOf(dir), dataFileName(blockId));
  }

  metaPath(dir: ReplicaDir, blockId: number, genStamp: number): string {
    return join(this.dirOf(dir), metaFileName(blockId, genStamp));
  }

  /** Makes the directories, and reads (or creates) the datanode id kept in VERSION. */
  prepare(): string {
    for (const dir of [this.finalizedDir, this.rbwDir, this.tmpDir]) {
      mkdirSync(dir, { recursive: true });
    }
    const path = join(this.dataDir, VERSION_FILE);
    let text: string | undefined;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text !== undefined) return parseVersion(path, text);
    const datanodeId = randomUUID();
    const temporary = `${path}.tmp`;
    writeFileSync(temporary, JSON.stringify({ datanodeId, layoutVersion: LAYOUT_VERSION }) + '\n');
    renameSync(temporary, path);
    return datanodeId;
  }
}

function parseVersion(path: string, text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path} is not JSON`, { cause: error });
  }
  const id =
    typeof parsed === 'object' && parsed !== null
      ? (parsed as Record<string, unknown>)['datanodeId']
      : undefined;
  if (typeof id !== 'string' || id.length === 0) {
    throw new ConfigError(`${path} holds no datanodeId`);
  }
  return id;
}
