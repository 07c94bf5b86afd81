// `colonnade datanode`: one block filesystem datanode (replicas as checksummed files under --data).
// Prints `colonnade ready datanode HOST:PORT` when it serves.
import { Command } from 'commander';
import { addConfigOptions, defineConfigSpec, loadConfigFromCommand } from '../common/config.js';
import { createLogger } from '../common/log.js';
import { DatanodeServer } from '../dfs/datanode/index.js';
import { BLOCK_SCAN_INTERVAL_MS, HEARTBEAT_INTERVAL_MS } from '../dfs/limits.js';
import { serveUntilSignal, useAtomicMarking } from './daemon.js';
import type { CliIo } from './main.js';

export const datanodeSpec = defineConfigSpec({
  namenode: {
    kind: 'string',
    default: '127.0.0.1:8020',
    metavar: 'HOST:PORT',
    description: 'the namenode',
  },
  dataDir: {
    kind: 'string',
    required: true,
    flag: 'data',
    metavar: 'DIR',
    description: 'where replicas live',
  },
  host: { kind: 'string', default: '127.0.0.1', description: 'address to serve on' },
  port: { kind: 'integer', default: 9866, min: 0, max: 65_535, description: 'data port' },
  heartbeatIntervalMs: {
    kind: 'duration-ms',
    default: HEARTBEAT_INTERVAL_MS,
    min: 10,
    description: 'how often to heartbeat to the namenode',
  },
  scanIntervalMs: {
    kind: 'duration-ms',
    default: BLOCK_SCAN_INTERVAL_MS,
    min: 10,
    description: 'how often the block scanner verifies one replica',
  },
  syncOnClose: {
    kind: 'boolean',
    default: false,
    description: 'fsync a replica when it is finalized (HDFS dfs.datanode.synconclose)',
  },
  incrementalMarking: {
    kind: 'boolean',
    default: false,
    description: "V8's incremental marking (off: full collections of the small heap are atomic)",
  },
});

export function datanodeCommand(io: CliIo): Command {
  const command = new Command('datanode').description(
    'run one block filesystem datanode (as `hdfs datanode`)',
  );
  addConfigOptions(command, datanodeSpec);
  command.action(async () => {
    const config = loadConfigFromCommand(command, datanodeSpec);
    if (!config.incrementalMarking) useAtomicMarking();
    const server = new DatanodeServer({
      dataDir: config.dataDir,
      namenode: config.namenode,
      host: config.host,
      port: config.port,
      logger: createLogger({ name: 'datanode' }),
      tuning: {
        heartbeatIntervalMs: config.heartbeatIntervalMs,
        scanIntervalMs: config.scanIntervalMs,
        syncOnClose: config.syncOnClose,
      },
    });
    await serveUntilSignal(io, 'datanode', await server.start(), server);
  });
  return command;
}
