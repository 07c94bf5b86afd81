// Moves flushed WAL files into the archive directory (HBase oldWALs), one pass at a time, as the
// file tracker allows. Invariant: a file leaves the tracker only once it is in the archive; a
// failed rename leaves it tracked, to be tried again by the next pass.
import type { Logger } from '../../common/log.js';
import type { DfsClient } from '../../dfs/client/index.js';
import { FileNotFoundError } from '../../dfs/errors.js';
import { WalFileTracker } from './file-tracker.js';

export class WalArchiver {
  readonly tracker = new WalFileTracker();
  readonly #fs: DfsClient;
  readonly #dir: string;
  readonly #archiveDir: string;
  readonly #logger: Logger;
  #archived = 0;
  #chain: Promise<void> = Promise.resolve();

  constructor(fs: DfsClient, dir: string, archiveDir: string, logger: Logger) {
    this.#fs = fs;
    this.#dir = dir;
    this.#archiveDir = archiveDir;
    this.#logger = logger;
  }

  /** Files moved to the archive so far. */
  get archived(): number {
    return this.#archived;
  }

  /** Runs a pass after the ones before it; rejects if a rename failed (the pass stops there). */
  archiveSoon(): Promise<void> {
    const pass = this.#chain.then(() => this.#pass());
    this.#chain = pass.catch(() => undefined);
    return pass;
  }

  async #pass(): Promise<void> {
    for (const name of this.tracker.archivable()) {
      const from = `${this.#dir}/${name}`;
      const to = `${this.#archiveDir}/${name}`;
      try {
        await this.#fs.rename(from, to);
      } catch (error) {
        // A rename whose answer was lost has still happened: then the file is at `to`.
        const done = error instanceof FileNotFoundError && (await this.#fs.stat(to)) !== null;
        if (!done) {
          this.#logger.warn({ err: error, path: from }, 'archiving a WAL file failed');
          throw error;
        }
      }
      this.tracker.removeFile(name);
      this.#archived += 1;
      this.#logger.debug({ from, to }, 'WAL file archived');
    }
  }
}
