// `colonnade shell` in-process against a real cluster and endpoint: `-e`, a script on standard
// input that stops at its first failing command (exit status 1), connection failures as one line,
// and the interactive loop over a pseudo-terminal with the real client (Tab, output, exit).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/main.js';
import { type ShellCliIo, shellCommand } from '../../../src/cli/shell-command.js';
import { MiniCluster } from '../../../src/cluster/index.js';
import { ColonnadeError, InvalidArgumentError } from '../../../src/common/errors.js';
import { silentLogger } from '../../../src/common/log.js';
import { MasterWebServer } from '../../../src/master/web/web-server.js';
import { attachShellEndpoint, type ShellEndpoint } from '../../../src/shell/endpoint/index.js';
import { runInteractive, ShellClient } from '../../../src/shell/terminal/index.js';
import { KEY, Tty } from './tty-harness.js';

let cluster: MiniCluster;
let web: MasterWebServer;
let endpoint: ShellEndpoint;
let url: string;
const dir = mkdtempSync(join(tmpdir(), 'colonnade-shell-cli-'));

beforeAll(async () => {
  cluster = await MiniCluster.start({ regionServers: 1 });
  web = await MasterWebServer.start({
    host: '127.0.0.1',
    port: 0,
    status: () => Promise.reject(new Error('no status in this test')),
    logger: silentLogger,
  });
  endpoint = attachShellEndpoint(web, { coord: cluster.coord, version: '0.1.0' });
  url = `ws://127.0.0.1:${web.address.port}/shell`;
}, 60_000);

afterAll(async () => {
  await endpoint?.close();
  await web?.close();
  await cluster?.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `colonnade shell ARGS` as main() would: the exit status, stdout and stderr. */
async function shell(
  args: readonly string[],
  stdin?: string,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: ShellCliIo = {
    stdout: { write: (t: string | Uint8Array) => (out += String(t)) },
    stderr: { write: (t: string | Uint8Array) => (err += String(t)) },
    ...(stdin === undefined ? {} : { stdin: Readable.from([stdin]) }),
  };
  const program = new Command('colonnade').exitOverride();
  program.addCommand(shellCommand(io as CliIo));
  try {
    await program.parseAsync(['node', 'colonnade', 'shell', ...args]);
    return { code: 0, out, err };
  } catch (error) {
    if (error instanceof InvalidArgumentError) return { code: 2, out, err: error.message };
    if (!(error instanceof ColonnadeError)) throw error;
    err += `colonnade: ${error.code}: ${error.message}\n`;
    return { code: 1, out, err };
  }
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 1;
}

describe('colonnade shell', () => {
  it('runs -e commands and exits 0', async () => {
    const { code, out, err } = await shell([
      '--url',
      url,
      '-e',
      `create 't','f'; put 't','r','f:a','v'; scan 't'`,
    ]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('Created table t\n');
    expect(out).toMatch(/ROW +COLUMN\+CELL\n r +column=f:a, timestamp=.*, value=v\n1 row\(s\)\n/);
  });

  it('stops a script on standard input at its first failing command, exit 1', async () => {
    await shell(['--url', url, '-e', `create 's','f'`]);
    const script = [
      `put 's', 'r1', 'f:a', '1'`,
      `put 's',`,
      `  'r2', 'f:b', '2'`,
      `put 'nosuch', 'r3', 'f:a', '3'`,
      `put 's', 'r4', 'f:a', '4'`,
      '',
    ].join('\n');
    const { code, out, err } = await shell(['--url', url], script);
    expect(code).toBe(1);
    expect(out).toContain('ERROR: Unknown table nosuch!');
    expect(err).toBe(
      `colonnade: ShellInputFailed: input 3 of the script failed (put 'nosuch', 'r3', 'f:a', '3'); ` +
        'the rest was not run\n',
    );
    const scan = await shell(['--url', url, '-e', `scan 's'`]);
    expect(scan.out).toContain(' r1 ');
    expect(scan.out).not.toContain(' r4 ');
  });

  it('ends -e at exit, and at the first failure with exit status 1', async () => {
    const exited = await shell(['--url', url, '-e', `whoami; exit; scan 'nosuch'`]);
    expect(exited.code).toBe(0);
    expect(exited.out).not.toContain('nosuch');
    const failed = await shell(['--url', url, '-e', `scan 'nosuch'\nlist`]);
    expect(failed.code).toBe(1);
    expect(failed.out).not.toContain('TABLE');
    expect(failed.err).toMatch(/^colonnade: ShellInputFailed: input 1 of -e failed/);
  });

  it('says in one line when it cannot connect', async () => {
    const port = await closedPort();
    const { code, out, err } = await shell(['--url', `ws://127.0.0.1:${port}/shell`, '-e', 'list']);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toBe(
      `colonnade: ShellConnection: cannot reach the shell at ws://127.0.0.1:${port}/shell: ` +
        `connect ECONNREFUSED 127.0.0.1:${port}\n`,
    );
    const wrongPath = await shell(['--url', url.replace('/shell', '/nope'), '-e', 'list']);
    expect(wrongPath.code).toBe(1);
    expect(wrongPath.err).toMatch(/^colonnade: ShellConnection: .*404\n$/);
    const bad = await shell(['--url', 'http://x', '-e', 'list']);
    expect(bad).toMatchObject({
      code: 2,
      err: '--url is "http://x"; it must be a ws:// or wss:// URL',
    });
  });

  it('runs interactively: prompt, Tab completion, output, history, exit', async () => {
    const historyPath = join(dir, 'history');
    const client = await ShellClient.connect({ url });
    const tty = new Tty();
    const loop = runInteractive({ client, input: tty.input, output: tty.output, historyPath });
    try {
      await tty.waitFor('colonnade:001:0> ');
      tty.type(`sca${KEY.tab}`);
      await tty.waitFor('colonnade:001:0> scan');
      tty.type(` 't'${KEY.enter}`);
      await tty.waitFor(/1 row\(s\)\nTook \d+\.\d{4} seconds\n/);
      await tty.waitFor('colonnade:002:0> ');
      tty.type(`exit${KEY.enter}`);
      await loop;
    } finally {
      await client.close();
    }
    expect(readFileSync(historyPath, 'utf8')).toBe(`scan 't'\nexit\n`);
  });
});
