// `colonnade coordctl`: the coordinator tool (zkCli.sh): ls, get, create [-e] [-s], set, delete,
// stat, watch. Output follows zkCli's shapes; errors are one line with their code.
import { Command } from 'commander';
import { InvalidArgumentError, TimeoutError } from '../common/errors.js';
import { CoordClient, CreateMode, type Stat } from '../coord/client/index.js';
import { NoNodeError } from '../coord/errors.js';
import type { CliIo } from './main.js';

const DEFAULT_ENSEMBLE = '127.0.0.1:2181';
const WATCH_TIMEOUT_DEFAULT_MS = 60_000;

function hex(value: number): string {
  return `0x${value.toString(16)}`;
}

/** zkCli's `stat` layout. */
export function formatStat(stat: Stat): string {
  return [
    `cZxid = ${hex(stat.czxid)}`,
    `ctime = ${new Date(stat.ctime).toUTCString()}`,
    `mZxid = ${hex(stat.mzxid)}`,
    `mtime = ${new Date(stat.mtime).toUTCString()}`,
    `pZxid = ${hex(stat.pzxid)}`,
    `cversion = ${stat.cversion}`,
    `dataVersion = ${stat.version}`,
    `aclVersion = ${stat.aversion}`,
    `ephemeralOwner = ${hex(stat.ephemeralOwner)}`,
    `dataLength = ${stat.dataLength}`,
    `numChildren = ${stat.numChildren}`,
  ].join('\n');
}

function modeOf(options: { ephemeral?: boolean; sequential?: boolean }): CreateMode {
  if (options.ephemeral === true) {
    return options.sequential === true ? CreateMode.EphemeralSequential : CreateMode.Ephemeral;
  }
  return options.sequential === true ? CreateMode.PersistentSequential : CreateMode.Persistent;
}

function parseVersion(text: string | undefined): number {
  if (text === undefined) return -1;
  const version = Number(text);
  if (!Number.isInteger(version) || version < -1) {
    throw new InvalidArgumentError(`version must be an integer ≥ -1, got ${text}`);
  }
  return version;
}

export function coordctlCommand(io: CliIo): Command {
  const command = new Command('coordctl')
    .description('the coordinator tool (as zkCli.sh)')
    .option('--coord <ensemble>', 'HOST:PORT[,HOST:PORT...]', DEFAULT_ENSEMBLE);
  const withClient = async (run: (client: CoordClient) => Promise<void>): Promise<void> => {
    const { coord } = command.opts<{ coord: string }>();
    const client = await CoordClient.connect({ ensemble: coord });
    try {
      await run(client);
    } finally {
      await client.close();
    }
  };
  const out = (line: string): void => void io.stdout.write(`${line}\n`);

  command
    .command('ls <path>')
    .description('list the children of a znode')
    .action((path: string) =>
      withClient(async (c) => out(`[${(await c.getChildren(path)).join(', ')}]`)),
    );
  command
    .command('get <path>')
    .description("print a znode's data")
    .action((path: string) =>
      withClient(async (c) => out((await c.getData(path)).data.toString('utf8'))),
    );
  command
    .command('create <path> [data]')
    .description('create a znode')
    .option('-e, --ephemeral', 'ephemeral (lives as long as this command: for tests)')
    .option('-s, --sequential', 'append a 10-digit sequence number')
    .action((path: string, data: string | undefined, options: Record<string, boolean>) =>
      withClient(async (c) => out(`Created ${await c.create(path, data ?? '', modeOf(options))}`)),
    );
  command
    .command('set <path> <data>')
    .description("replace a znode's data")
    .option('-v, --version <version>', 'only if the data version is this')
    .action((path: string, data: string, options: { version?: string }) =>
      withClient(async (c) => {
        await c.setData(path, data, parseVersion(options.version));
      }),
    );
  command
    .command('delete <path>')
    .description('delete a znode')
    .option('-v, --version <version>', 'only if the data version is this')
    .action((path: string, options: { version?: string }) =>
      withClient((c) => c.delete(path, parseVersion(options.version))),
    );
  command
    .command('stat <path>')
    .description("print a znode's stat")
    .action((path: string) =>
      withClient(async (c) => {
        const stat = await c.exists(path);
        if (stat === null) throw new NoNodeError(`Node does not exist: ${path}`);
        out(formatStat(stat));
      }),
    );
  command
    .command('watch <path>')
    .description('wait for the next change of a znode and print it')
    .option('-t, --timeout <ms>', 'give up after this long', String(WATCH_TIMEOUT_DEFAULT_MS))
    .action((path: string, options: { timeout: string }) =>
      withClient(async (c) => {
        const event = await new Promise<{ type: string; path: string }>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new TimeoutError(`no change of ${path} within ${options.timeout} ms`)),
            Number(options.timeout),
          );
          void c.exists(path, (e) => {
            clearTimeout(timer);
            resolve(e);
          });
        });
        out(`WatchedEvent state:SyncConnected type:${event.type} path:${event.path}`);
      }),
    );
  return command;
}
