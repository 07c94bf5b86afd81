// `colonnade fs`: the filesystem tool (`hdfs dfs`, `hdfs fsck`, `hdfs dfsadmin -report`):
// ls, mkdir, put, get, cat, rm, mv, stat, fsck, report. Errors are one line with their code.
import { open as openFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command } from 'commander';
import { ColonnadeError } from '../common/errors.js';
import { addConfigOptions, defineConfigSpec, loadConfigFromCommand } from '../common/config.js';
import { DfsClient } from '../dfs/client/index.js';
import { FileAlreadyExistsError, FileNotFoundError, NotDirectoryError } from '../dfs/errors.js';
import { joinPath, parentPath } from '../dfs/path.js';
import { formatFsck, formatListing, formatReport, formatStatus } from './fs-format.js';
import type { CliIo } from './main.js';

/** `fsck` found missing or corrupt blocks (exit status 1, as `hdfs fsck`). */
export class UnhealthyError extends ColonnadeError {
  static override readonly code = 'Unhealthy';
}

/** Bytes moved per read or write when copying between a local file and the filesystem. */
const COPY_CHUNK_BYTES = 4 * 1024 * 1024;

export const fsSpec = defineConfigSpec({
  namenode: {
    kind: 'string',
    default: '127.0.0.1:8020',
    metavar: 'HOST:PORT',
    description: 'the namenode',
  },
});

/** `/a/b/` → `/a/b` (users type trailing slashes; the namenode does not take them). */
function normalize(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

async function copyIn(client: DfsClient, local: string, target: string, overwrite: boolean) {
  const file = await openFile(local, 'r');
  const out = await client.create(target, { overwrite });
  try {
    const buffer = Buffer.allocUnsafe(COPY_CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      await out.write(Buffer.from(buffer.subarray(0, bytesRead)));
    }
    await out.close();
  } finally {
    await file.close();
  }
}

async function copyOut(client: DfsClient, source: string, sink: (b: Buffer) => Promise<void>) {
  const input = await client.open(source);
  try {
    for (;;) {
      const chunk = await input.read(COPY_CHUNK_BYTES);
      if (chunk.length === 0) break;
      await sink(chunk);
    }
  } finally {
    await input.close();
  }
}

export function fsCommand(io: CliIo): Command {
  const command = new Command('fs').description('the filesystem tool (as `hdfs dfs`)');
  addConfigOptions(command, fsSpec);
  const withClient = async (run: (client: DfsClient) => Promise<void>): Promise<void> => {
    const config = loadConfigFromCommand(command, fsSpec);
    const client = new DfsClient({ namenode: config.namenode });
    try {
      await run(client);
    } finally {
      await client.close();
    }
  };
  const out = (lines: readonly string[]): void => {
    for (const line of lines) io.stdout.write(`${line}\n`);
  };
  const statOrThrow = async (client: DfsClient, path: string) => {
    const status = await client.stat(path);
    if (status === null) throw new FileNotFoundError(`${path}: no such file or directory`);
    return status;
  };

  command
    .command('ls [path]')
    .description('list a directory (or one file)')
    .action((path = '/') =>
      withClient(async (c) => {
        const status = await statOrThrow(c, normalize(path));
        out(formatListing(status.type === 'file' ? [status] : await c.list(status.path)));
      }),
    );
  command
    .command('mkdir <paths...>')
    .description('make directories')
    .option('-p', 'make parents as needed, and do not fail if the directory exists')
    .action((paths: string[], options: { p?: boolean }) =>
      withClient(async (c) => {
        for (const raw of paths) {
          const path = normalize(raw);
          if (options.p !== true) {
            if ((await c.stat(path)) !== null)
              throw new FileAlreadyExistsError(`${path}: file exists`);
            const parent = await statOrThrow(c, parentPath(path));
            if (parent.type !== 'directory')
              throw new NotDirectoryError(`${parent.path}: not a directory`);
          }
          await c.mkdirs(path);
        }
      }),
    );
  command
    .command('put <local> <path>')
    .description('copy a local file in (into PATH when PATH is a directory)')
    .option('-f', 'overwrite an existing file')
    .action((local: string, raw: string, options: { f?: boolean }) =>
      withClient(async (c) => {
        const path = normalize(raw);
        const status = await c.stat(path);
        const target = status?.type === 'directory' ? joinPath(path, basename(local)) : path;
        await copyIn(c, local, target, options.f === true);
      }),
    );
  command
    .command('get <path> <local>')
    .description('copy a file out to a local file')
    .action((path: string, local: string) =>
      withClient(async (c) => {
        const file = await openFile(local, 'wx');
        try {
          await copyOut(c, normalize(path), async (b) => void (await file.write(b)));
        } finally {
          await file.close();
        }
      }),
    );
  command
    .command('cat <paths...>')
    .description('print files')
    .action((paths: string[]) =>
      withClient(async (c) => {
        for (const path of paths)
          await copyOut(c, normalize(path), async (b) => void io.stdout.write(b));
      }),
    );
  command
    .command('rm <paths...>')
    .description('delete files (and directories with -r)')
    .option('-r', 'delete directories and their contents')
    .action((paths: string[], options: { r?: boolean }) =>
      withClient(async (c) => {
        for (const path of paths) {
          if (!(await c.delete(normalize(path), options.r === true))) {
            throw new FileNotFoundError(`${path}: no such file or directory`);
          }
        }
      }),
    );
  command
    .command('mv <src> <dst>')
    .description('move or rename')
    .action((src: string, dst: string) =>
      withClient((c) => c.rename(normalize(src), normalize(dst))),
    );
  command
    .command('stat <path>')
    .description("print a path's status")
    .action((path: string) =>
      withClient(async (c) => out(formatStatus(await statOrThrow(c, normalize(path))))),
    );
  command
    .command('fsck [path]')
    .description('check files, blocks and replicas (exit 1 when not healthy)')
    .action((path = '/') =>
      withClient(async (c) => {
        const report = await c.fsck(normalize(path));
        out(formatFsck(report));
        if (!report.healthy) {
          throw new UnhealthyError(`the filesystem under '${report.path}' is not healthy`);
        }
      }),
    );
  command
    .command('report')
    .description('live and dead datanodes, capacity and use')
    .action(() =>
      withClient(async (c) => {
        const { datanodes, safeMode } = await c.datanodeReport();
        out(formatReport(datanodes, safeMode));
      }),
    );
  return command;
}
