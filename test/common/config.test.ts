// Configuration: precedence (defaults < file < environment < flags), typed values, errors that
// name the key, the value and what was expected, the commander options, and address parsing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import fc from 'fast-check';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  addConfigOptions,
  defineConfigSpec,
  formatHostPort,
  loadConfig,
  parseHostPort,
  parseHostPortList,
  readConfigOptions,
} from '../../src/common/config.js';
import { ConfigError, InvalidArgumentError } from '../../src/common/errors.js';
import type { HostPort } from '../../src/common/host-port.js';

const spec = defineConfigSpec({
  port: { kind: 'integer', default: 2181, min: 0, max: 65535, description: 'client port' },
  dataDir: { kind: 'string', required: true, description: 'data directory', metavar: 'DIR' },
  coord: { kind: 'host-port-list', default: '127.0.0.1:2181', description: 'coordinator ensemble' },
  sessionTimeoutMs: { kind: 'duration-ms', default: '30s', min: 1, description: 'session timeout' },
  flushThresholdBytes: { kind: 'bytes', default: '128m', description: 'memstore flush size' },
  verbose: { kind: 'boolean', default: false, description: 'say more' },
  mode: { kind: 'string', choices: ['fast', 'safe'], description: 'how to run' },
});

const dir = mkdtempSync(join(tmpdir(), 'colonnade-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function configFile(contents: unknown): string {
  const path = join(dir, `config-${fileCount++}.json`);
  writeFileSync(path, typeof contents === 'string' ? contents : JSON.stringify(contents));
  return path;
}

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error: unknown) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('fills in defaults, parsed into their types', () => {
    const cfg = loadConfig(spec, { flags: { dataDir: '/d' } });
    expect(cfg.port).toBe(2181);
    expect(cfg.dataDir).toBe('/d');
    expect(cfg.coord).toEqual([{ host: '127.0.0.1', port: 2181 }]);
    expect(cfg.sessionTimeoutMs).toBe(30_000);
    expect(cfg.flushThresholdBytes).toBe(128 * 1024 * 1024);
    expect(cfg.verbose).toBe(false);
    expect(cfg.mode).toBeUndefined();
    expect(Object.isFrozen(cfg)).toBe(true);
    expect(Object.isFrozen(cfg.coord)).toBe(true);
  });

  it("infers each value's type from the spec", () => {
    const cfg = loadConfig(spec, { flags: { dataDir: '/d' } });
    expectTypeOf(cfg.port).toEqualTypeOf<number>();
    expectTypeOf(cfg.dataDir).toEqualTypeOf<string>();
    expectTypeOf(cfg.coord).toEqualTypeOf<readonly HostPort[]>();
    expectTypeOf(cfg.sessionTimeoutMs).toEqualTypeOf<number>();
    expectTypeOf(cfg.verbose).toEqualTypeOf<boolean>();
    expectTypeOf(cfg.mode).toEqualTypeOf<'fast' | 'safe' | undefined>();
  });

  it('reads a config file over the defaults', () => {
    const file = configFile({
      port: 2182,
      dataDir: '/file',
      coord: ['a:1', '[::1]:2'],
      mode: 'safe',
    });
    const cfg = loadConfig(spec, { flags: {}, file });
    expect(cfg).toMatchObject({ port: 2182, dataDir: '/file', mode: 'safe' });
    expect(cfg.coord).toEqual([
      { host: 'a', port: 1 },
      { host: '::1', port: 2 },
    ]);
  });

  it('lets the environment override the file, and flags override both', () => {
    const file = configFile({ port: 2182, dataDir: '/file', verbose: true });
    const env = { COLONNADE_PORT: '2183', COLONNADE_DATA_DIR: '/env' };
    const fromEnv = loadConfig(spec, { flags: {}, file, env });
    expect(fromEnv).toMatchObject({ port: 2183, dataDir: '/env', verbose: true });
    const fromFlags = loadConfig(spec, { flags: { port: '2184', verbose: false }, file, env });
    expect(fromFlags).toMatchObject({ port: 2184, dataDir: '/env', verbose: false });
  });

  it('rejects an unknown key in the file, naming the key and the file', () => {
    const file = configFile({ dataDir: '/d', prot: 2182 });
    const error = configErrorOf(() => loadConfig(spec, { flags: {}, file }));
    expect(error.message).toContain('"prot"');
    expect(error.message).toContain(file);
    expect(error.code).toBe('InvalidConfig');
  });

  it('rejects a file that is missing, not JSON, or not an object', () => {
    expect(() => loadConfig(spec, { file: join(dir, 'absent.json') })).toThrow(
      /cannot read config file/,
    );
    expect(() => loadConfig(spec, { file: configFile('{ port: ') })).toThrow(/not valid JSON/);
    expect(() => loadConfig(spec, { file: configFile([1, 2]) })).toThrow(/expected a JSON object/);
  });

  it('names the key, the value, the source and what was expected for a bad type', () => {
    const file = configFile({ dataDir: '/d', port: 'many' });
    const error = configErrorOf(() => loadConfig(spec, { file }));
    expect(error.message).toContain('"port"');
    expect(error.message).toContain('"many"');
    expect(error.message).toContain(`config file ${file}`);
    expect(error.message).toContain('expected an integer in 0..65535');
    expect(() => loadConfig(spec, { flags: { dataDir: '/d', verbose: 'yes' } })).toThrow(
      /true or false/,
    );
    expect(() => loadConfig(spec, { flags: { dataDir: '/d', mode: 'slow' } })).toThrow(
      /one of fast, safe/,
    );
    expect(() => loadConfig(spec, { file: configFile({ dataDir: 7 }) })).toThrow(
      /expected a string/,
    );
  });

  it('rejects a port outside 0..65535 and a fractional integer', () => {
    for (const port of ['65536', '-1', '80.5', '']) {
      const error = configErrorOf(() => loadConfig(spec, { flags: { dataDir: '/d', port } }));
      expect(error.message).toContain('flag --port');
      expect(error.message).toContain(JSON.stringify(port));
    }
    expect(loadConfig(spec, { flags: { dataDir: '/d', port: '0' } }).port).toBe(0);
  });

  it('parses durations and sizes with units, and rejects bad ones', () => {
    const withFlags = (flags: Record<string, string>) =>
      loadConfig(spec, { flags: { dataDir: '/d', ...flags } });
    const cfg = withFlags({ sessionTimeoutMs: '1.5s', flushThresholdBytes: '64KiB' });
    expect(cfg.sessionTimeoutMs).toBe(1_500);
    expect(cfg.flushThresholdBytes).toBe(65_536);
    expect(withFlags({ sessionTimeoutMs: '250' }).sessionTimeoutMs).toBe(250);
    expect(withFlags({ sessionTimeoutMs: '1.1s' }).sessionTimeoutMs).toBe(1_100);
    expect(withFlags({ flushThresholdBytes: '2g' }).flushThresholdBytes).toBe(2 ** 31);
    expect(withFlags({ flushThresholdBytes: '3 MB' }).flushThresholdBytes).toBe(3 * 2 ** 20);
    for (const bad of ['10 parsecs', '-5s', '0.1ms', '0']) {
      expect(() => withFlags({ sessionTimeoutMs: bad })).toThrow(/duration/);
    }
    expect(() => withFlags({ flushThresholdBytes: '5ib' })).toThrow(/size/);
  });

  it('requires a required key and says how to give it', () => {
    expect(() => loadConfig(spec, {})).toThrow(
      /"dataDir" is required; give --data-dir, COLONNADE_DATA_DIR/,
    );
  });

  it('rejects a bad address list with the reason', () => {
    const error = configErrorOf(() =>
      loadConfig(spec, { flags: { dataDir: '/d', coord: 'a:1,,b:2' } }),
    );
    expect(error.message).toContain('"coord"');
    expect(error.message).toContain('empty entry');
  });
});

describe('defineConfigSpec', () => {
  it('rejects programmer errors: bad names, units missing from names, bad defaults', () => {
    expect(() => defineConfigSpec({ DataDir: { kind: 'string', description: 'x' } })).toThrow(
      /camelCase/,
    );
    expect(() => defineConfigSpec({ timeout: { kind: 'duration-ms', description: 'x' } })).toThrow(
      /Ms/,
    );
    const badDefault = { kind: 'integer', default: 70000, max: 65535, description: 'x' } as const;
    expect(() => defineConfigSpec({ port: badDefault })).toThrow(/default/);
  });
});

describe('commander options', () => {
  function program(): Command {
    return addConfigOptions(new Command('coord').exitOverride(), spec);
  }

  it('lists every key in --help with its default', () => {
    const help = program().helpInformation();
    expect(help).toContain('--config <file>');
    expect(help).toContain('--port <n>');
    expect(help).toContain('client port (default: 2181)');
    expect(help).toContain('--data-dir <DIR>');
    expect(help).toContain('--session-timeout-ms <duration>');
    expect(help).toContain('--no-verbose');
  });

  it('reads flags back as loadConfig sources, leaving absent flags undefined', () => {
    const file = configFile({ port: 3000, dataDir: '/file' });
    const command = program();
    const args = ['--config', file, '--data-dir', '/flag', '--verbose', '--coord', 'h:1,h:2'];
    command.parse(args, { from: 'user' });
    const sources = readConfigOptions(command, spec);
    expect(sources.file).toBe(file);
    const cfg = loadConfig(spec, sources);
    expect(cfg).toMatchObject({ port: 3000, dataDir: '/flag', verbose: true });
    expect(cfg.coord.map(formatHostPort)).toEqual(['h:1', 'h:2']);
  });
});

describe('parseHostPort', () => {
  it('parses hostnames, IPv4 and bracketed IPv6', () => {
    expect(parseHostPort('127.0.0.1:2181')).toEqual({ host: '127.0.0.1', port: 2181 });
    expect(parseHostPort('zk-1.example.com:0')).toEqual({ host: 'zk-1.example.com', port: 0 });
    expect(parseHostPort('[::1]:16000')).toEqual({ host: '::1', port: 16000 });
    expect(parseHostPort('[fe80::1:2]:65535')).toEqual({ host: 'fe80::1:2', port: 65535 });
    expect(parseHostPortList(' a:1 , [::1]:2 ')).toEqual([
      { host: 'a', port: 1 },
      { host: '::1', port: 2 },
    ]);
  });

  it('rejects bad input with InvalidArgumentError naming it', () => {
    const bad = ['', 'host', 'host:', ':80', 'host:65536', 'host:-1', 'host:8x', '::1:80'];
    bad.push('[::1]', '[nope]:1', '[1.2.3.4]:1', '999.1.1.1:1', 'a b:1', '-a:1', 'a_b:1');
    for (const text of bad) {
      expect(() => parseHostPort(text), text).toThrow(InvalidArgumentError);
      expect(() => parseHostPort(text), text).toThrow(`"${text}"`);
    }
    expect(() => parseHostPort('::1:80')).toThrow(/brackets/);
    expect(() => parseHostPortList('')).toThrow(InvalidArgumentError);
  });

  it('round-trips through formatHostPort', () => {
    const host = fc.oneof(fc.ipV4(), fc.ipV6(), fc.domain());
    fc.assert(
      fc.property(host, fc.integer({ min: 0, max: 65535 }), (h, port) => {
        const parsed = parseHostPort(formatHostPort({ host: h, port }));
        expect(parsed).toEqual({ host: h, port });
      }),
    );
  });
});
