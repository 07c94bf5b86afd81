// `colonnade shell`: the HBase-syntax shell over WebSocket (as `hbase shell`). Interactive on a
// terminal; `-e 'cmd; cmd'` or a script on standard input runs non-interactively, exit status 1 at
// the first failed command. Connection failures are one line and exit status 1.
import type { Readable } from 'node:stream';
import { Command } from 'commander';
import { readEndpoints } from '../cluster/standalone-endpoints.js';
import { defaultHistoryPath, runShell, SHELL_URL_DEFAULT } from '../shell/terminal/index.js';
import type { CliIo } from './main.js';

/** A CliIo that may also name standard input (tests pass a stream; by default process.stdin). */
export interface ShellCliIo extends CliIo {
  readonly stdin?: Readable & { readonly isTTY?: boolean };
}

interface ShellFlags {
  readonly url?: string;
  readonly data: string;
  readonly execute?: string;
  readonly history: string;
}

export function shellCommand(io: CliIo): Command {
  const command = new Command('shell')
    .description('the HBase-syntax shell (as `hbase shell`), over the master’s WebSocket endpoint')
    .option(
      '--url <url>',
      `the shell endpoint (default: the running standalone's in --data, else ${SHELL_URL_DEFAULT})`,
    )
    .option('--data <dir>', 'a standalone Colonnade’s data directory (`colonnade start`)', 'data')
    .option('-e, --execute <commands>', "run these commands ('cmd; cmd'), then exit")
    .option('--history <file>', 'where interactive history is kept', defaultHistoryPath());
  command.action(async () => {
    const flags = command.opts<ShellFlags>();
    await runShell({
      url: flags.url ?? standaloneShell(flags.data) ?? SHELL_URL_DEFAULT,
      ...(flags.execute === undefined ? {} : { execute: flags.execute }),
      historyPath: flags.history,
      stdin: (io as ShellCliIo).stdin ?? process.stdin,
      stdout: io.stdout,
      stderr: io.stderr,
      terminal: process.stdout,
    });
  });
  return command;
}

/** The shell endpoint of a standalone Colonnade running on `dir` (its endpoints.json), if any. */
function standaloneShell(dir: string): string | undefined {
  try {
    const endpoints = readEndpoints(dir);
    return endpoints?.state === 'running' ? (endpoints.shell ?? undefined) : undefined;
  } catch {
    return undefined; // not a standalone's directory: the default endpoint
  }
}
