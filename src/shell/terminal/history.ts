// The interactive shell's history file: one input line per file line, oldest first, at most
// SHELL_HISTORY_LINES_MAX of them. Pure trimming and parsing; reading and writing never throw
// (a shell without history still works).
import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { SHELL_HISTORY_LINE_CHARS_MAX, SHELL_HISTORY_LINES_MAX } from './limits.js';

/** HBase's is ~/.irb_history (IRB's); this is ours. */
export const SHELL_HISTORY_FILE_NAME = '.colonnade_shell_history';

export function defaultHistoryPath(home: string = homedir()): string {
  return join(home, SHELL_HISTORY_FILE_NAME);
}

/** Lines worth keeping, the newest `max`: blank and overlong ones are dropped. */
export function trimHistory(lines: readonly string[], max = SHELL_HISTORY_LINES_MAX): string[] {
  const kept = lines.filter(
    (line) => line.trim() !== '' && line.length <= SHELL_HISTORY_LINE_CHARS_MAX,
  );
  return kept.slice(Math.max(0, kept.length - max));
}

export function parseHistory(text: string): string[] {
  return trimHistory(text.split(/\r?\n/));
}

export function formatHistory(lines: readonly string[]): string {
  const kept = trimHistory(lines);
  return kept.length === 0 ? '' : `${kept.join('\n')}\n`;
}

/** The history at `path`, oldest first; none if the file is missing or unreadable. */
export function loadHistory(path: string): string[] {
  try {
    return parseHistory(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
}

/** Writes `lines` (oldest first) to `path`, readable by its owner only; false if it could not. */
export function saveHistory(path: string, lines: readonly string[]): boolean {
  try {
    writeFileSync(path, formatHistory(lines), { mode: 0o600 });
    return true;
  } catch {
    return false;
  }
}
