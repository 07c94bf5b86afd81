// HBase's `general` group: status (summary, simple, detailed), version and whoami.
import type { ClusterStatus } from '../../master/protocol.js';
import { textOf } from '../args.js';
import { ShellCommandError } from '../errors.js';
import type { Command, CommandContext } from './command.js';

const MIB = 1024 * 1024;

/** `host,port,startcode` as HBase prints a server in status: `host:port startcode`. */
function serverLabel(server: string): string {
  const [host, port, startcode] = server.split(',');
  return startcode === undefined ? server : `${host}:${port} ${startcode}`;
}

/** Regions open on live servers, by the master's assignment (server reports can lag). */
function regionCount(status: ClusterStatus, server?: string): number {
  return status.regions.filter((r) =>
    server === undefined ? r.server !== '' : r.server === server,
  ).length;
}

function summary(ctx: CommandContext, status: ClusterStatus): void {
  const servers = status.servers.length;
  const average = servers === 0 ? 0 : regionCount(status) / servers;
  ctx.out.line(
    `1 active master, ${status.backupMasters.length} backup masters, ${servers} servers, 0 dead, ` +
      `${average.toFixed(4)} average load`,
  );
}

function simple(ctx: CommandContext, status: ClusterStatus, detailed: boolean): void {
  const out = ctx.out;
  out.line(`active master:  ${serverLabel(status.master)}`);
  out.line(`${status.backupMasters.length} backup masters`);
  for (const backup of status.backupMasters) out.line(`    ${serverLabel(backup)}`);
  out.line(`${status.servers.length} live servers`);
  for (const server of status.servers) {
    out.line(`    ${serverLabel(server)}`);
    const load = status.loads.find((l) => l.server === server);
    if (load !== undefined) {
      const memstoreMb = Math.floor(load.memstoreBytes / MIB);
      const storeFileMb = Math.floor(load.storeFileBytes / MIB);
      out.line(
        `        requestsPerSecond=${load.requestsPerSecond.toFixed(1)}, ` +
          `numberOfOnlineRegions=${regionCount(status, server)}, ` +
          `memstoreSizeMB=${memstoreMb}, storefileSizeMB=${storeFileMb}`,
      );
    }
    if (detailed) {
      for (const region of status.regions.filter((r) => r.server === server)) {
        out.line(`        "${region.region}" ${region.state}`);
      }
    }
  }
  out.line('0 dead servers');
  out.line(
    `Aggregate load: ${Math.round(status.requestsPerSecond)}, regions: ${regionCount(status)}`,
  );
}

const status: Command = {
  name: 'status',
  group: 'general',
  minArgs: 0,
  maxArgs: 1,
  help: `Show cluster status. Can be 'summary', 'simple', or 'detailed'. The
default is 'summary'. Examples:

  colonnade> status
  colonnade> status 'simple'
  colonnade> status 'summary'
  colonnade> status 'detailed'
`,
  async run(ctx, args) {
    const format = args[0] === undefined ? 'summary' : (textOf(args[0]) ?? '');
    if (!['summary', 'simple', 'detailed'].includes(format)) {
      throw new ShellCommandError(
        `status '${format}' is not supported; use 'summary', 'simple' or 'detailed'`,
      );
    }
    const cluster = await ctx.wait(ctx.backend.admin().clusterStatus());
    if (format === 'summary') summary(ctx, cluster);
    else simple(ctx, cluster, format === 'detailed');
    return undefined;
  },
};

const version: Command = {
  name: 'version',
  group: 'general',
  minArgs: 0,
  maxArgs: 0,
  help: `Output this Colonnade version
`,
  async run(ctx) {
    ctx.out.line(ctx.settings.version);
    return undefined;
  },
};

const whoami: Command = {
  name: 'whoami',
  group: 'general',
  minArgs: 0,
  maxArgs: 0,
  help: `Show the current user.
  colonnade> whoami
`,
  async run(ctx) {
    ctx.out.line(`${ctx.settings.user} (auth:SIMPLE)`);
    ctx.out.line(`    groups: ${ctx.settings.user}`);
    return undefined;
  },
};

export const GENERAL_COMMANDS: readonly Command[] = [status, version, whoami];
