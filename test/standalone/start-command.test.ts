// `colonnade start`'s flags (the anchors' ports by default, bad values refused before anything
// starts), `npm start`, and a start whose port is taken: a typed error naming the port and its
// flag, the roles already started stopped and the directory's lock released.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { startCommand } from '../../src/cli/start-command.js';
import { ConfigError, InvalidArgumentError } from '../../src/common/errors.js';
import { PortInUseError } from '../../src/cluster/standalone-errors.js';
import { Standalone } from '../../src/cluster/standalone.js';
import { ROOT } from './support.js';

function program(): { run: (...args: string[]) => Promise<void>; out: () => string } {
  let out = '';
  const io = { stdout: { write: (t: unknown) => (out += String(t)) }, stderr: { write: () => 0 } };
  const root = new Command('colonnade')
    .exitOverride()
    .configureOutput({ writeOut: (t) => (out += t), writeErr: (t) => (out += t) });
  root.addCommand(startCommand(io).copyInheritedSettings(root));
  return {
    run: async (...args) => void (await root.parseAsync(args, { from: 'user' })),
    out: () => out,
  };
}

describe('colonnade start flags', () => {
  it('lists --data and every port with the anchors’ defaults', async () => {
    const p = program();
    await expect(p.run('start', '--help')).rejects.toMatchObject({ exitCode: 0 });
    for (const flag of ['--data <DIR>', '--host', '--coord-port', '--namenode-port']) {
      expect(p.out()).toContain(flag);
    }
    for (const text of ['--master-port', '--http-port', '--regionserver-port', './data']) {
      expect(p.out()).toContain(text);
    }
    for (const port of ['2181', '8020', '16000', '16010', '16020']) expect(p.out()).toContain(port);
  });

  it.each([
    ['--coord-port', '70000'],
    ['--http-port', '-1'],
    ['--master-port', 'http'],
  ])('refuses %s %s before starting anything', async (flag, value) => {
    const p = program();
    const dir = join(tmpdir(), 'colonnade-never-created');
    await expect(p.run('start', '--data', dir, flag, value)).rejects.toThrow(ConfigError);
    await expect(p.run('start', '--data', dir, flag, value)).rejects.toThrow(value);
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses a --data that cannot be a folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'colonnade-standalone-file-'));
    try {
      const file = join(dir, 'a-file');
      writeFileSync(file, 'x');
      const p = program();
      await expect(p.run('start', '--data', file)).rejects.toThrow(InvalidArgumentError);
      await expect(p.run('start', '--data', file)).rejects.toThrow(
        `--data ${file} cannot hold Colonnade's data (ENOTDIR)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is what npm start runs', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(manifest.scripts['start']).toBe('node bin/colonnade start');
  });
});

describe('a standalone whose port is taken', () => {
  let busy: Server | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await new Promise((resolve) => busy?.close(resolve) ?? resolve(undefined));
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('fails with PortInUse naming the port and its flag, and stops what it started', async () => {
    const server = createServer();
    busy = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    dir = mkdtempSync(join(tmpdir(), 'colonnade-standalone-busy-'));
    const ports = { coord: 0, namenode: port, master: 0, http: 0, regionServer: 0 };
    const start = Standalone.start({ dataDir: dir, ports });
    await expect(start).rejects.toThrow(PortInUseError);
    await expect(start).rejects.toThrow(`127.0.0.1:${port} (the namenode port, --namenode-port)`);
    expect(existsSync(join(dir, 'colonnade.lock'))).toBe(false);
    expect(existsSync(join(dir, 'endpoints.json'))).toBe(false);
    // The coordinator it had started is stopped: the directory can be started again at once.
    const again = await Standalone.start({ dataDir: dir, ports: { ...ports, namenode: 0 } });
    try {
      expect(again.endpoints.state).toBe('running');
    } finally {
      expect(await again.stop()).toBe(true);
    }
  }, 60_000);
});
