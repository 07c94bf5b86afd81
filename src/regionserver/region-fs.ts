// Where regions live on the block filesystem, as HBase lays out /hbase/data:
// <root>/data/<namespace>/<table>/<encodedRegion>/{.regioninfo, .tmp/, <family>/<storefile>}.
// A thin shell over DfsClient; every path is built here and nowhere else.
import type { DfsClient } from '../dfs/client/index.js';
import { type RegionInfo, tableNameParts } from './region-info.js';
import { dfsFileSink, openDfsSource } from './storefile/index.js';
import type { FileSink, PositionalSource } from './storefile/types.js';

export const REGION_INFO_FILE = '.regioninfo';
export const TMP_DIR = '.tmp';

export interface RegionFsOptions {
  readonly client: DfsClient;
  /** The cluster's root directory, e.g. /colonnade. */
  readonly rootDir: string;
  /** Replicas of store files and region metadata; default: the filesystem's. */
  readonly replication?: number;
}

export class RegionFs {
  readonly client: DfsClient;
  readonly rootDir: string;
  readonly #replication: number | undefined;

  constructor(options: RegionFsOptions) {
    this.client = options.client;
    this.rootDir = options.rootDir.replace(/\/+$/, '');
    this.#replication = options.replication;
  }

  tableDir(table: string): string {
    const { namespace, qualifier } = tableNameParts(table);
    return `${this.rootDir}/data/${namespace}/${qualifier}`;
  }

  regionDir(info: RegionInfo): string {
    return `${this.tableDir(info.table)}/${info.encodedName}`;
  }

  familyDir(info: RegionInfo, family: string): string {
    return `${this.regionDir(info)}/${family}`;
  }

  tmpDir(info: RegionInfo): string {
    return `${this.regionDir(info)}/${TMP_DIR}`;
  }

  async createSink(path: string): Promise<FileSink> {
    const stream = await this.client.create(path, this.#createOptions());
    return dfsFileSink(stream);
  }

  openSource(path: string): Promise<PositionalSource> {
    return openDfsSource(this.client, path);
  }

  async writeSmallFile(path: string, text: string): Promise<void> {
    await this.client.writeFile(path, Buffer.from(text, 'utf8'), {
      ...this.#createOptions(),
      overwrite: true,
    });
  }

  async readSmallFile(path: string): Promise<string | undefined> {
    if ((await this.client.stat(path)) === null) return undefined;
    return (await this.client.readFile(path)).toString('utf8');
  }

  /** File names (not paths) in a directory; empty when it does not exist. */
  async listNames(dir: string): Promise<string[]> {
    if ((await this.client.stat(dir)) === null) return [];
    const entries = await this.client.list(dir);
    return entries.map((entry) => entry.path.slice(entry.path.lastIndexOf('/') + 1)).sort();
  }

  async exists(path: string): Promise<boolean> {
    return (await this.client.stat(path)) !== null;
  }

  mkdirs(dir: string): Promise<void> {
    return this.client.mkdirs(dir);
  }

  rename(from: string, to: string): Promise<void> {
    return this.client.rename(from, to);
  }

  async delete(path: string, recursive = false): Promise<void> {
    await this.client.delete(path, recursive);
  }

  #createOptions(): { replication?: number; overwrite: boolean } {
    return this.#replication === undefined
      ? { overwrite: false }
      : { replication: this.#replication, overwrite: false };
  }
}
