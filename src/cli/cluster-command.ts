// `colonnade cluster up|down`: a local cluster of real processes (one per daemon) under --dir,
// recorded in DIR/cluster.json. `up` returns once every role serves; `down` stops what it started.
import { Command } from 'commander';
import { addConfigOptions, defineConfigSpec, loadConfigFromCommand } from '../common/config.js';
import {
  clusterDown,
  clusterFilePath,
  clusterUp,
  allDaemons,
  COORDINATORS_MAX,
  DATANODES_MAX,
  MASTERS_MAX,
  REGION_SERVERS_MAX,
  UP_COORDINATORS_DEFAULT,
  UP_DATANODES_DEFAULT,
  UP_MASTERS_DEFAULT,
  UP_REGION_SERVERS_DEFAULT,
} from '../cluster/index.js';
import type { CliIo } from './main.js';

const dirKey = {
  kind: 'string',
  required: true,
  metavar: 'DIR',
  description: 'the cluster directory: daemons’ data, logs/ and cluster.json',
} as const;

export const clusterUpSpec = defineConfigSpec({
  dir: dirKey,
  coordinators: {
    kind: 'integer',
    default: UP_COORDINATORS_DEFAULT,
    min: 1,
    max: COORDINATORS_MAX,
    description: 'coordinator ensemble members',
  },
  datanodes: {
    kind: 'integer',
    default: UP_DATANODES_DEFAULT,
    min: 1,
    max: DATANODES_MAX,
    description: 'block filesystem datanodes',
  },
  masters: {
    kind: 'integer',
    default: UP_MASTERS_DEFAULT,
    min: 1,
    max: MASTERS_MAX,
    description: 'masters (one active, the others backups)',
  },
  regionServers: {
    kind: 'integer',
    flag: 'regionservers',
    default: UP_REGION_SERVERS_DEFAULT,
    min: 1,
    max: REGION_SERVERS_MAX,
    description: 'region servers',
  },
});

export const clusterDownSpec = defineConfigSpec({ dir: dirKey });

export function clusterCommand(io: CliIo): Command {
  const command = new Command('cluster').description(
    'a local cluster, one process per daemon (as HBase’s start-hbase.sh / stop-hbase.sh)',
  );
  // Subcommands take the root's settings (output, exit override) when they run.
  command.hook('preSubcommand', (parent, sub) => void sub.copyInheritedSettings(parent));
  const out = (line: string): void => void io.stdout.write(`${line}\n`);

  const up = new Command('up').description(
    'start the cluster; returns once every role serves, having written DIR/cluster.json',
  );
  addConfigOptions(up, clusterUpSpec);
  up.action(async () => {
    const config = loadConfigFromCommand(up, clusterUpSpec);
    const file = await clusterUp({ ...config, progress: out });
    const count = allDaemons(file).length;
    out(`colonnade cluster up: ${count} daemons serving; ${clusterFilePath(file.dir)}`);
    out(`coord ${file.coord ?? ''}`);
    out(`master ${file.master ?? ''}`);
  });

  const down = new Command('down').description('stop the cluster that `up` started in DIR');
  addConfigOptions(down, clusterDownSpec);
  down.action(async () => {
    const config = loadConfigFromCommand(down, clusterDownSpec);
    const result = await clusterDown({ dir: config.dir, progress: out });
    out(`colonnade cluster down: ${result.stopped.length} daemons stopped`);
  });

  command.addCommand(up);
  command.addCommand(down);
  return command;
}
