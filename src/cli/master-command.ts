// `colonnade master`: one master. Masters elect an active one through the coordinator; a backup
// waits to take over. Prints `colonnade ready master HOST:PORT http=HOST:PORT` once it serves RPC
// and its web port (active or not).
import { Command } from 'commander';
import { addConfigOptions, defineConfigSpec, loadConfigFromCommand } from '../common/config.js';
import { SESSION_TIMEOUT_DEFAULT_MS } from '../common/limits.js';
import { createLogger } from '../common/log.js';
import { Master } from '../master/master.js';
import { attachShellEndpoint } from '../shell/index.js';
import { serveUntilSignal } from './daemon.js';
import { readPackageVersion } from './main.js';
import type { CliIo } from './main.js';

export const masterSpec = defineConfigSpec({
  coord: {
    kind: 'string',
    default: '127.0.0.1:2181',
    metavar: 'ENSEMBLE',
    description: 'the coordinator ensemble, HOST:PORT,...',
  },
  namenode: {
    kind: 'string',
    default: '127.0.0.1:8020',
    metavar: 'HOST:PORT',
    description: 'the block filesystem namenode (for splitting dead servers’ WALs)',
  },
  host: { kind: 'string', default: '127.0.0.1', description: 'address to serve on' },
  port: { kind: 'integer', default: 16000, min: 0, max: 65_535, description: 'RPC port' },
  rootDir: {
    kind: 'string',
    default: '/colonnade',
    description: "Colonnade's directory on the block filesystem (HBase's hbase.rootdir)",
  },
  httpPort: {
    kind: 'integer',
    default: 16010,
    min: 0,
    max: 65_535,
    description: 'web port: status page at /, JSON at /status.json, WebSocket shell at /shell',
  },
  replication: {
    kind: 'integer',
    default: 3,
    min: 1,
    max: 16,
    description: 'replicas of the files the master writes (recovered edits)',
  },
  sessionTimeoutMs: {
    kind: 'duration-ms',
    default: SESSION_TIMEOUT_DEFAULT_MS,
    min: 100,
    description: 'the coordinator session timeout (a backup takes over after it)',
  },
});

export function masterCommand(io: CliIo): Command {
  const command = new Command('master').description(
    'run one master, active or backup (as `hbase master start`)',
  );
  addConfigOptions(command, masterSpec);
  command.action(async () => {
    const config = loadConfigFromCommand(command, masterSpec);
    const logger = createLogger({ name: 'master' });
    const master = await Master.start({
      coord: config.coord,
      namenode: config.namenode,
      host: config.host,
      port: config.port,
      rootDir: config.rootDir,
      sessionTimeoutMs: config.sessionTimeoutMs,
      httpPort: config.httpPort,
      replication: config.replication,
      logger,
    });
    // The shell stands on the client SDK, not on the master: it is mounted here, beside it.
    const shell =
      master.web === undefined
        ? undefined
        : attachShellEndpoint(master.web, {
            coord: config.coord,
            version: readPackageVersion(),
            logger,
          });
    const daemon = {
      stop: async (): Promise<void> => {
        await shell?.close();
        await master.stop();
      },
    };
    const web = master.web?.address;
    const more = web === undefined ? [] : [`http=${web.host}:${web.port}`];
    await serveUntilSignal(io, 'master', master.address, daemon, more);
  });
  return command;
}
