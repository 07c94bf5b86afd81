// The files one Wal writes into: the current one, and the switch to a new one (roll). Invariant:
// the tracker's current file is the one being written; a roll changes nothing unless the next
// file exists with its header, and the old file is closed (trailer) or at worst abandoned.
import type { Clock } from '../../common/clock.js';
import type { Logger } from '../../common/log.js';
import type { DfsClient, DfsOutputStream } from '../../dfs/client/index.js';
import type { WalFileTracker } from './file-tracker.js';
import { listWalFiles } from './reader.js';
import { closeWalFile, createWalFile, parseWalFileName, walFileName } from './wal-file.js';

export interface CurrentFile {
  readonly name: string;
  readonly path: string;
  readonly stream: DfsOutputStream;
  /** Entries synced into it. */
  entries: number;
}

export interface LogFilesOptions {
  readonly fs: DfsClient;
  readonly dir: string;
  readonly serverName: string;
  readonly clock: Clock;
  readonly replication: number | undefined;
  readonly tracker: WalFileTracker;
  readonly logger: Logger;
}

export class LogFiles {
  readonly #options: LogFilesOptions;
  #current: CurrentFile | null = null;
  #counter = 0;
  #lastTimeMs = 0;

  constructor(options: LogFilesOptions) {
    this.#options = options;
  }

  get current(): CurrentFile {
    const current = this.#current;
    if (current === null) throw new Error('LogFiles.start() was not awaited');
    return current;
  }

  /** Creates the first file. */
  async start(): Promise<void> {
    // A Wal reopened in a directory that already has files (a restart under the same server name)
    // names its files after theirs, so names never collide and still sort by creation.
    for (const path of await listWalFiles(this.#options.fs, this.#options.dir)) {
      const parsed = parseWalFileName(path.slice(path.lastIndexOf('/') + 1));
      if (parsed === null) continue;
      this.#lastTimeMs = Math.max(this.#lastTimeMs, parsed.creationTimeMs);
      this.#counter = Math.max(this.#counter, parsed.counter + 1);
    }
    const first = await this.#create();
    this.#options.tracker.startFile(first.name);
    this.#current = first;
  }

  /** Switches to a new file and closes the old one; returns the old one. */
  async roll(): Promise<CurrentFile> {
    const old = this.current;
    const next = await this.#create();
    const tracker = this.#options.tracker;
    tracker.closeFile(old.name);
    tracker.startFile(next.name);
    this.#current = next;
    try {
      await closeWalFile(old.stream, old.entries);
    } catch (error) {
      // Every entry in it was hflushed; only the trailer is missing (readers tolerate that).
      this.#options.logger.warn({ err: error, path: old.path }, 'closing a rolled WAL file failed');
      old.stream.abort();
    }
    return old;
  }

  /** Writes the current file's trailer and closes it; on failure, abandons it and throws. */
  async closeCurrent(): Promise<void> {
    const file = this.current;
    try {
      await closeWalFile(file.stream, file.entries);
    } catch (error) {
      file.stream.abort();
      throw error;
    }
    this.#options.tracker.closeFile(file.name);
  }

  async #create(): Promise<CurrentFile> {
    const { fs, dir, serverName, clock, replication } = this.#options;
    // Names sort by creation even if the wall clock steps back.
    const timeMs = Math.max(clock.nowMs(), this.#lastTimeMs);
    this.#lastTimeMs = timeMs;
    const name = walFileName(serverName, timeMs, this.#counter++);
    const path = `${dir}/${name}`;
    const stream = await createWalFile(fs, path, serverName, timeMs, replication);
    return { name, path, stream, entries: 0 };
  }
}
