// The `colonnade` command. `main` returns an exit code instead of exiting, so tests run it in-process;
// usage errors print one line on stderr (no stack trace) and exit 2, as Unix tools and HBase's scripts do.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { assert } from '../common/assert.js';
import { ColonnadeError, ConfigError, InvalidArgumentError } from '../common/errors.js';
import { clusterCommand } from './cluster-command.js';
import { coordCommand } from './coord-command.js';
import { coordctlCommand } from './coordctl-command.js';
import { datanodeCommand } from './datanode-command.js';
import { fsCommand } from './fs-command.js';
import { masterCommand } from './master-command.js';
import { namenodeCommand } from './namenode-command.js';
import { peCommand } from './pe-command.js';
import { regionserverCommand } from './regionserver-command.js';
import { shellCommand } from './shell-command.js';
import { startCommand } from './start-command.js';

export interface CliOutput {
  write(chunk: string | Uint8Array): unknown;
}

export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const PACKAGE_NAME = 'colonnade';
const USAGE_HINT = `(run '${PACKAGE_NAME} --help' for usage)`;

/** Runs the command line `argv` (as in process.argv: node, script, args...) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    const program = buildProgram(io);
    await program.parseAsync([...argv], { from: 'node' });
    return EXIT_OK;
  } catch (error: unknown) {
    return reportError(error, io);
  }
}

/** The root command; subcommands are added here as the parts they run arrive. */
export function buildProgram(io: CliIo): Command {
  const program = new Command(PACKAGE_NAME)
    .description('Colonnade: a wide-column database in the line of Bigtable and HBase')
    .version(readPackageVersion(), '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'print this help and exit')
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
    })
    .showHelpAfterError(USAGE_HINT)
    .exitOverride()
    // Operands reach the action below, which names an unknown command rather than "too many arguments".
    .allowExcessArguments(true)
    .action((_options: unknown, command: Command) => rejectOperands(command));
  for (const sub of [
    coordCommand(io),
    coordctlCommand(io),
    namenodeCommand(io),
    datanodeCommand(io),
    masterCommand(io),
    regionserverCommand(io),
    fsCommand(io),
    clusterCommand(io),
    startCommand(io),
    shellCommand(io),
    peCommand(io),
  ])
    program.addCommand(sub.copyInheritedSettings(program));
  return program;
}

/** The `version` of Colonnade's package.json, found by walking up from this file (src/ or dist/src/). */
export function readPackageVersion(
  startDir: string = dirname(fileURLToPath(import.meta.url)),
): string {
  for (let dir = startDir; ; dir = dirname(dir)) {
    const manifest = readManifest(join(dir, 'package.json'));
    if (manifest !== undefined && manifest['name'] === PACKAGE_NAME) {
      const version = manifest['version'];
      assert(typeof version === 'string', `package.json in ${dir} has no version`);
      return version;
    }
    assert(dirname(dir) !== dir, `no package.json of ${PACKAGE_NAME} above ${startDir}`);
  }
}

function rejectOperands(command: Command): void {
  const [name] = command.args;
  if (name === undefined) {
    command.help({ error: true });
  }
  command.error(`error: unknown command '${name}'`, {
    exitCode: EXIT_USAGE,
    code: 'colonnade.unknownCommand',
  });
}

function readManifest(path: string): Readonly<Record<string, unknown>> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const parsed: unknown = JSON.parse(text);
  return typeof parsed === 'object' && parsed !== null
    ? (parsed as Record<string, unknown>)
    : undefined;
}

/** Commander has already printed its own errors; others get one line (a stack only for bugs). */
function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    return error.exitCode === EXIT_OK ? EXIT_OK : EXIT_USAGE;
  }
  if (error instanceof ConfigError || error instanceof InvalidArgumentError) {
    io.stderr.write(`${PACKAGE_NAME}: ${error.message}\n${USAGE_HINT}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof ColonnadeError) {
    io.stderr.write(`${PACKAGE_NAME}: ${error.code}: ${error.message}\n`);
    return EXIT_FAILURE;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(`${PACKAGE_NAME}: internal error: ${detail}\n`);
  return EXIT_FAILURE;
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr };
}
