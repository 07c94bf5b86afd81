// Standalone mode's log file (DIR/logs/colonnade.log, as HBase's logs/ directory): every role's
// JSON lines appended with synchronous writes, so that a crash loses no line already logged.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LogDestination } from '../common/log.js';

export const LOG_DIR_NAME = 'logs';
export const LOG_FILE_NAME = 'colonnade.log';

export interface LogFile extends LogDestination {
  readonly path: string;
  /** Closes the file; later lines are dropped. Idempotent. */
  close(): void;
}

/** DIR/logs/colonnade.log, opened for appending (the folder is created if missing). */
export function openStandaloneLog(dataDir: string): LogFile {
  const path = join(dataDir, LOG_DIR_NAME, LOG_FILE_NAME);
  mkdirSync(dirname(path), { recursive: true });
  let fd: number | undefined = openSync(path, 'a');
  return {
    path,
    write: (line: string) => {
      if (fd !== undefined) writeSync(fd, line);
    },
    close: () => {
      if (fd === undefined) return;
      closeSync(fd);
      fd = undefined;
    },
  };
}
