// `colonnade shell` without commander: connect, then run `-e`'s commands, a script from standard
// input, or the interactive loop when standard input is a terminal. Failures are thrown as
// ShellConnectionError or ShellInputFailedError (exit status 1, one line, no stack).
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Clock } from '../../common/clock.js';
import { ShellClient } from './client.js';
import { ShellInputFailedError } from './errors.js';
import { runInteractive } from './interactive.js';
import { runScript, type ScriptOutcome } from './script.js';

/** Where `colonnade start` and `colonnade master` serve the shell. */
export const SHELL_URL_DEFAULT = 'ws://127.0.0.1:16010/shell';

export interface ShellOutputStream {
  write(chunk: string): unknown;
}

export interface RunShellOptions {
  readonly url: string;
  /** `-e`: these commands instead of standard input. */
  readonly execute?: string;
  /** Interactive history; none when undefined. */
  readonly historyPath: string | undefined;
  readonly stdin: Readable & { readonly isTTY?: boolean };
  readonly stdout: ShellOutputStream;
  readonly stderr: ShellOutputStream;
  /** The terminal readline draws on (interactive only). */
  readonly terminal: NodeJS.WritableStream;
  readonly clock?: Clock;
}

function failure(outcome: Extract<ScriptOutcome, { ok: false }>, source: string): Error {
  const first = outcome.text.split('\n')[0] ?? '';
  const shown = first.length > 60 ? `${first.slice(0, 60)}…` : first;
  return new ShellInputFailedError(
    `input ${outcome.failed} of ${source} failed (${shown}); the rest was not run`,
  );
}

export async function runShell(options: RunShellOptions): Promise<void> {
  const client = await ShellClient.connect({
    url: options.url,
    onNotice: (message) => void options.stderr.write(`colonnade shell: ${message}\n`),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  try {
    const out = (chunk: string): void => void options.stdout.write(chunk);
    if (options.execute !== undefined) {
      const outcome = await runScript(client, options.execute.split('\n'), out);
      if (!outcome.ok) throw failure(outcome, '-e');
      return;
    }
    if (options.stdin.isTTY === true) {
      await runInteractive({
        client,
        input: options.stdin,
        output: options.terminal,
        historyPath: options.historyPath,
      });
      return;
    }
    const lines = createInterface({ input: options.stdin, crlfDelay: Infinity });
    try {
      const outcome = await runScript(client, lines, out);
      if (!outcome.ok) throw failure(outcome, 'the script');
    } finally {
      lines.close();
    }
  } finally {
    await client.close();
  }
}
