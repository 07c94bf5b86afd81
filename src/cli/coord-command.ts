// `colonnade coord`: one coordinator member. Without --peers it is a one-member ensemble on
// --port. Prints `colonnade ready coord HOST:PORT` when it serves; SIGTERM/SIGINT stop it cleanly.
import { Command } from 'commander';
import { addConfigOptions, defineConfigSpec, loadConfigFromCommand } from '../common/config.js';
import { createLogger } from '../common/log.js';
import { COORD_TICK_MS } from '../common/limits.js';
import { CoordServer, parseEnsemble, type EnsembleMember } from '../coord/server/index.js';
import { serveUntilSignal } from './daemon.js';
import type { CliIo } from './main.js';

export const coordSpec = defineConfigSpec({
  id: { kind: 'integer', default: 1, min: 1, max: 255, description: 'this member id' },
  dataDir: {
    kind: 'string',
    required: true,
    flag: 'data',
    metavar: 'DIR',
    description: 'where the Raft log and snapshots live',
  },
  peers: {
    kind: 'string',
    metavar: 'ID=HOST:CLIENTPORT:PEERPORT,...',
    description: 'every member of the ensemble, this one included',
  },
  host: { kind: 'string', default: '127.0.0.1', description: 'address of a one-member ensemble' },
  port: { kind: 'integer', default: 2181, min: 0, max: 65_535, description: 'client port' },
  peerPort: { kind: 'integer', default: 2888, min: 0, max: 65_535, description: 'peer port' },
  tickMs: { kind: 'duration-ms', default: COORD_TICK_MS, min: 10, description: 'the tick' },
});

function ensembleOf(config: {
  readonly id: number;
  readonly peers: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly peerPort: number;
}): EnsembleMember[] {
  if (config.peers !== undefined) return parseEnsemble(config.peers);
  return [
    {
      id: config.id,
      client: { host: config.host, port: config.port },
      peer: { host: config.host, port: config.peerPort },
    },
  ];
}

export function coordCommand(io: CliIo): Command {
  const command = new Command('coord').description(
    'run one coordinator member (a ZooKeeper-style service on Raft)',
  );
  addConfigOptions(command, coordSpec);
  command.action(async () => {
    const config = loadConfigFromCommand(command, coordSpec);
    const logger = createLogger({ name: 'coord' });
    const server = new CoordServer({
      id: config.id,
      dataDir: config.dataDir,
      ensemble: ensembleOf(config),
      logger,
      tickMs: config.tickMs,
    });
    await serveUntilSignal(io, 'coord', await server.start(), server);
  });
  return command;
}
