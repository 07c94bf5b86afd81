// `colonnade namenode`: the block filesystem's namenode (namespace, block map, leases; edit log in
// `level` under --data). Prints `colonnade ready namenode HOST:PORT` when it serves.
import { Command } from 'commander';
import { addConfigOptions, defineConfigSpec, loadConfigFromCommand } from '../common/config.js';
import { createLogger } from '../common/log.js';
import { DATANODE_DEAD_MS, HEARTBEAT_INTERVAL_MS, SAFE_MODE_EXTENSION_MS } from '../dfs/limits.js';
import { NamenodeServer } from '../dfs/namenode/index.js';
import { serveUntilSignal } from './daemon.js';
import type { CliIo } from './main.js';

export const namenodeSpec = defineConfigSpec({
  dataDir: {
    kind: 'string',
    required: true,
    flag: 'data',
    metavar: 'DIR',
    description: 'where the edit log and checkpoints live',
  },
  host: { kind: 'string', default: '127.0.0.1', description: 'address to serve on' },
  port: { kind: 'integer', default: 8020, min: 0, max: 65_535, description: 'RPC port' },
  httpPort: {
    kind: 'integer',
    default: 9870,
    min: 0,
    max: 65_535,
    description: 'web port (reserved; status pages come with the web UI)',
  },
  heartbeatIntervalMs: {
    kind: 'duration-ms',
    default: HEARTBEAT_INTERVAL_MS,
    min: 10,
    description: 'how often datanodes are expected to heartbeat',
  },
  deadMs: {
    kind: 'duration-ms',
    default: DATANODE_DEAD_MS,
    min: 100,
    description: 'a datanode silent this long is dead; its blocks are re-replicated',
  },
  safeModeExtensionMs: {
    kind: 'duration-ms',
    default: SAFE_MODE_EXTENSION_MS,
    min: 0,
    description: 'how long safe mode lasts after enough blocks are reported',
  },
});

export function namenodeCommand(io: CliIo): Command {
  const command = new Command('namenode').description(
    'run the block filesystem namenode (as `hdfs namenode`)',
  );
  addConfigOptions(command, namenodeSpec);
  command.action(async () => {
    const config = loadConfigFromCommand(command, namenodeSpec);
    const server = new NamenodeServer({
      dataDir: config.dataDir,
      host: config.host,
      port: config.port,
      logger: createLogger({ name: 'namenode' }),
      tuning: {
        heartbeatIntervalMs: config.heartbeatIntervalMs,
        deadMs: config.deadMs,
        staleMs: Math.min(config.deadMs, 4 * config.heartbeatIntervalMs),
        safeModeExtensionMs: config.safeModeExtensionMs,
      },
    });
    await serveUntilSignal(io, 'namenode', await server.start(), server);
  });
  return command;
}
