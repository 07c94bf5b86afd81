// A real server process killed with SIGKILL in the middle of calls: every pending call fails
// promptly with a retriable error (never hangs to its deadline), and the client reconnects
// once a server is back on the same port. Uses the compiled echo server (npm test builds it).
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ColonnadeError } from '../../src/common/errors.js';
import { ConnectionClosedError } from '../../src/rpc/index.js';
import { startChild, stopChild, type ReadyChild } from '../../bench/child.js';
import { EchoService } from '../../bench/echo-service.js';
import { freePorts } from '../../bench/ports.js';
import { newClient } from '../support/rpc-harness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const serverScript = join(root, 'dist', 'bench', 'echo-server.js');
const children: ReadyChild[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) await stopChild(child.process, 1_000);
});

async function startServer(port = 0): Promise<ReadyChild> {
  if (!existsSync(serverScript))
    throw new Error(`${serverScript} is missing: run 'npm run build' (npm test does)`);
  const child = await startChild(serverScript, [String(port)]);
  children.push(child);
  return child;
}

describe('rpc server killed with SIGKILL', () => {
  it('fails every call in flight with a retriable error, then reconnects', async () => {
    const [port = 0] = await freePorts(1);
    const server = await startServer(port);
    const address = { host: server.host, port: server.port };
    const echo = newClient().stub(EchoService, address);
    await echo.echo({ payload: Buffer.from('warm') });

    const pending = Array.from({ length: 200 }, (_, i) =>
      echo.echo({ payload: Buffer.from(`p${i}`), delayMs: 5_000 }, { timeoutMs: 20_000 }).then(
        () => 'answered',
        (error: unknown) => error,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const killedAt = Date.now();
    server.process.kill('SIGKILL');
    await once(server.process, 'exit');
    const outcomes = await Promise.all(pending);
    expect(Date.now() - killedAt).toBeLessThan(5_000);
    for (const outcome of outcomes) {
      expect(outcome).toBeInstanceOf(ConnectionClosedError);
      expect((outcome as ColonnadeError).retriable).toBe(true);
    }

    await startServer(address.port);
    let answer: string | undefined;
    const deadline = Date.now() + 10_000;
    while (answer === undefined && Date.now() < deadline) {
      answer = await echo
        .echo({ payload: Buffer.from('again') }, { timeoutMs: 2_000 })
        .then((r) => Buffer.from(r.payload).toString())
        .catch((error: unknown) => {
          expect((error as ColonnadeError).retriable).toBe(true);
          return undefined;
        });
      if (answer === undefined) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(answer).toBe('again');
  });

  it('fails calls to a paused (SIGSTOP) server at their deadline, not later', async () => {
    const server = await startServer();
    const echo = newClient().stub(EchoService, { host: server.host, port: server.port });
    await echo.echo({ payload: Buffer.from('warm') });
    server.process.kill('SIGSTOP');
    try {
      const started = Date.now();
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, () =>
          echo.echo({ payload: Buffer.from('x') }, { timeoutMs: 300 }).catch((e: unknown) => e),
        ),
      );
      const elapsedMs = Date.now() - started;
      for (const outcome of outcomes)
        expect(outcome).toMatchObject({ code: 'Timeout', retriable: true });
      expect(elapsedMs).toBeGreaterThanOrEqual(250);
      expect(elapsedMs).toBeLessThan(3_000);
    } finally {
      server.process.kill('SIGCONT');
    }
    await expect(echo.echo({ payload: Buffer.from('resumed') })).resolves.toBeDefined();
  });
});
