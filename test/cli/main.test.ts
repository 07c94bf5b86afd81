// The `colonnade` command in-process (main with captured output), and once through the real
// compiled bin/colonnade when dist/ has been built.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_USAGE, main, type CliIo } from '../../src/cli/main.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as { version: string };
const packageVersion = manifest.version;
const BIN_TIMEOUT_MS = 10_000;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text) => (stdout += text) },
    stderr: { write: (text) => (stderr += text) },
  };
  const code = await main(['node', 'colonnade', ...args], io);
  return { code, stdout, stderr };
}

describe('colonnade (in-process)', () => {
  it('prints the package.json version for --version and -V', async () => {
    for (const flag of ['--version', '-V']) {
      const result = await run(flag);
      expect(result).toEqual({ code: EXIT_OK, stdout: `${packageVersion}\n`, stderr: '' });
    }
  });

  it('prints usage for --help', async () => {
    const result = await run('--help');
    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).toMatch(/^Usage: colonnade \[options\]/);
    expect(result.stdout).toContain('--version');
    expect(result.stderr).toBe('');
  });

  it('exits 2 with one clear message for an unknown command', async () => {
    const result = await run('frobnicate');
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
    expect(result.stderr).toContain('colonnade --help');
    expect(result.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
    expect(result.stdout).toBe('');
  });

  it('exits 2 for an unknown flag', async () => {
    const result = await run('--frobnicate');
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain("unknown option '--frobnicate'");
  });

  it('exits 2 with usage on stderr when given nothing to do', async () => {
    const result = await run();
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain('Usage: colonnade');
    expect(result.stdout).toBe('');
  });
});

const compiledMain = `${repoRoot}dist/src/cli/main.js`;

describe.skipIf(!existsSync(compiledMain))('bin/colonnade (compiled)', () => {
  it('prints the version', async () => {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        `${repoRoot}bin/colonnade`,
        ['--version'],
        { timeout: BIN_TIMEOUT_MS },
        (error, out) => (error === null ? resolve(out) : reject(error)),
      );
    });
    expect(stdout).toBe(`${packageVersion}\n`);
  });
});
