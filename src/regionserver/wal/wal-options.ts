// What a Wal is opened with and what its stats report; options are checked before anything is
// created on the filesystem.
import type { Clock } from '../../common/clock.js';
import { InvalidArgumentError } from '../../common/errors.js';
import type { Logger } from '../../common/log.js';
import type { DfsClient } from '../../dfs/client/index.js';
import { WAL_ROLL_BYTES_DEFAULT, WAL_ROLL_BYTES_MIN } from './limits.js';
import { validateServerName } from './wal-file.js';

export interface WalOptions {
  readonly fs: DfsClient;
  /** The server's WAL directory (HBase `/hbase/WALs/<server>`); made if missing. */
  readonly dir: string;
  /** Where flushed files move (HBase `/hbase/oldWALs`); made if missing. */
  readonly archiveDir: string;
  /** Names the files and goes in their headers (HBase `host,port,startcode`). */
  readonly serverName: string;
  readonly clock: Clock;
  /** @default WAL_ROLL_BYTES_DEFAULT */
  readonly rollBytes?: number;
  /** Replication of the WAL files. @default the filesystem's default */
  readonly replication?: number;
  readonly logger?: Logger;
}

export interface WalStats {
  /** Entries accepted into the log. */
  readonly appends: number;
  /** hflush or hsync calls, one per group commit. */
  readonly syncs: number;
  /** The syncs that were hsyncs (some entry asked for FSYNC_WAL). */
  readonly hsyncs: number;
  /** Entry record bytes synced. */
  readonly bytesWritten: number;
  readonly rolls: number;
  /** Files moved to the archive directory. */
  readonly archived: number;
  /** The path of the file being written. */
  readonly currentFile: string;
}

export function checkWalOptions(options: WalOptions): void {
  validateServerName(options.serverName);
  const rollBytes = options.rollBytes ?? WAL_ROLL_BYTES_DEFAULT;
  if (!Number.isSafeInteger(rollBytes) || rollBytes < WAL_ROLL_BYTES_MIN) {
    throw new InvalidArgumentError(
      `rollBytes is ${rollBytes}; it must be an integer of at least WAL_ROLL_BYTES_MIN ` +
        `(${WAL_ROLL_BYTES_MIN})`,
    );
  }
}
