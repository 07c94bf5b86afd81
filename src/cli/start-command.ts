// `colonnade start` (what `npm start` runs): standalone Colonnade, every role in this process, data
// under --data. Prints `colonnade ready standalone ...` once it serves; SIGINT or SIGTERM stops it
// cleanly (exit 0), a second one at once; a region server abort stops it with exit 1.
import { resolve } from 'node:path';
import { Command } from 'commander';
import { addConfigOptions, defineConfigSpec, loadConfigFromCommand } from '../common/config.js';
import { createLogger, type Logger } from '../common/log.js';
import { Standalone } from '../cluster/standalone.js';
import { StandaloneAbortedError } from '../cluster/standalone-errors.js';
import {
  STANDALONE_EXIT_GRACE_MS,
  STANDALONE_PORTS_DEFAULT,
} from '../cluster/standalone-limits.js';
import { openStandaloneLog, type LogFile } from '../cluster/standalone-log.js';
import { InvalidArgumentError } from '../common/errors.js';
import { readPackageVersion, type CliIo } from './main.js';

/** The exit code of a second Ctrl-C, which does not wait for the clean stop (128 + SIGINT). */
const FORCED_EXIT_CODE = 130;

const port = (value: number, description: string) =>
  ({ kind: 'integer', default: value, min: 0, max: 65_535, description }) as const;

export const startSpec = defineConfigSpec({
  data: {
    kind: 'string',
    default: './data',
    metavar: 'DIR',
    description: 'where every role keeps its data (one folder each), endpoints.json and logs/',
  },
  host: { kind: 'string', default: '127.0.0.1', description: 'address every role serves on' },
  coordPort: port(
    STANDALONE_PORTS_DEFAULT.coord,
    'the coordinator’s client port (0 picks a free one)',
  ),
  namenodePort: port(
    STANDALONE_PORTS_DEFAULT.namenode,
    'the namenode’s RPC port (0 picks a free one)',
  ),
  masterPort: port(STANDALONE_PORTS_DEFAULT.master, 'the master’s RPC port (0 picks a free one)'),
  httpPort: port(STANDALONE_PORTS_DEFAULT.http, 'the web port: status page, shell at /shell'),
  regionserverPort: port(STANDALONE_PORTS_DEFAULT.regionServer, 'the region server’s RPC port'),
});

type StopReason = { kind: 'signal'; signal: NodeJS.Signals } | { kind: 'abort'; reason: string };

export function startCommand(io: CliIo): Command {
  const command = new Command('start').description(
    'standalone Colonnade: every role in one process, data in --data (as HBase standalone mode)',
  );
  addConfigOptions(command, startSpec);
  command.action(async () => {
    const config = loadConfigFromCommand(command, startSpec);
    const dir = resolve(config.data);
    const log = openLog(dir);
    const logger = createLogger({ name: 'colonnade', destination: log });
    const stop = stopRequests(io, logger);
    let standalone: Standalone;
    try {
      standalone = await Standalone.start({
        dataDir: dir,
        host: config.host,
        ports: {
          coord: config.coordPort,
          namenode: config.namenodePort,
          master: config.masterPort,
          http: config.httpPort,
          regionServer: config.regionserverPort,
        },
        version: readPackageVersion(),
        onAbort: (reason) => stop.request({ kind: 'abort', reason }),
        logger,
      });
    } catch (error) {
      stop.dispose();
      log.close();
      throw error;
    }
    io.stdout.write(`${standalone.readyLine}\n`);
    io.stdout.write(`data in ${dir}, log in ${log.path}; Ctrl-C stops\n`);
    const why = await stop.requested;
    io.stdout.write(`colonnade: stopping (${why.kind === 'signal' ? why.signal : 'abort'})\n`);
    const clean = await standalone.stop();
    io.stdout.write(`colonnade: stopped${clean ? '' : ' (not cleanly: see the log)'}\n`);
    stop.dispose();
    log.close();
    // Whatever a role left running must not keep a stopped database's process alive.
    setTimeout(() => process.exit(process.exitCode ?? 0), STANDALONE_EXIT_GRACE_MS).unref();
    if (why.kind === 'abort') {
      throw new StandaloneAbortedError(`the region server aborted: ${why.reason}`);
    }
  });
  return command;
}

/** DIR/logs/colonnade.log; a --data that cannot be a writable folder is the user's to fix. */
function openLog(dir: string): LogFile {
  try {
    return openStandaloneLog(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InvalidArgumentError(`--data ${dir} cannot hold Colonnade's data (${code})`, {
      cause: error,
    });
  }
}

/**
 * The first SIGINT or SIGTERM (or an abort) resolves `requested`; a second signal exits at once.
 * Listening starts now, so that a Ctrl-C while the roles start stops them cleanly too.
 */
function stopRequests(io: CliIo, logger: Logger) {
  let resolveRequest: (reason: StopReason) => void = () => undefined;
  const requested = new Promise<StopReason>((r) => (resolveRequest = r));
  let asked = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (asked) {
      io.stderr.write(`colonnade: ${signal} again: exiting without a clean stop\n`);
      process.exit(FORCED_EXIT_CODE);
    }
    request({ kind: 'signal', signal });
  };
  const request = (reason: StopReason): void => {
    if (asked) return;
    asked = true;
    logger.info({ reason }, 'standalone: stop requested');
    resolveRequest(reason);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    requested,
    request,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
