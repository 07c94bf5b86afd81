// The endpoint's bounds without a cluster: the session limit (one more is closed with the reason),
// the idle timeout on the injected clock, a coordinator it cannot reach (an ERROR line, or an
// interrupt while it tries), and close() ending every session and refusing new ones.
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/common/clock.js';
import { silentLogger } from '../../../src/common/log.js';
import { MasterWebServer } from '../../../src/master/web/web-server.js';
import {
  attachShellEndpoint,
  type ErrorMessage,
  type HelloMessage,
  type OutputMessage,
  SHELL_IDLE_TIMEOUT_MS,
  SHELL_SESSIONS_MAX,
  type ShellEndpoint,
  type ShellEndpointOptions,
} from '../../../src/shell/endpoint/index.js';
import { TestClient } from './ws-test-client.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(
  options: Partial<ShellEndpointOptions> = {},
): Promise<{ endpoint: ShellEndpoint; url: string }> {
  const web = await MasterWebServer.start({
    host: '127.0.0.1',
    port: 0,
    status: () => Promise.reject(new Error('no status in this test')),
    logger: silentLogger,
  });
  cleanups.push(() => web.close());
  const endpoint = attachShellEndpoint(web, { coord: '127.0.0.1:1', ...options });
  cleanups.push(() => endpoint.close());
  return { endpoint, url: `ws://127.0.0.1:${web.address.port}/shell` };
}

async function open(url: string): Promise<TestClient> {
  const client = await TestClient.open(url);
  cleanups.push(() => client.close());
  await client.next((m): m is HelloMessage => m.type === 'hello');
  return client;
}

describe('the shell endpoint’s bounds', () => {
  it(`closes session ${SHELL_SESSIONS_MAX + 1} at once, saying why`, async () => {
    const { endpoint, url } = await serve();
    const open64 = await Promise.all(Array.from({ length: SHELL_SESSIONS_MAX }, () => open(url)));
    expect(endpoint.sessionCount).toBe(SHELL_SESSIONS_MAX);
    const extra = await TestClient.open(url);
    cleanups.push(() => extra.close());
    const reason = `too many shell sessions: the limit is ${SHELL_SESSIONS_MAX}`;
    expect(await extra.next((m): m is ErrorMessage => m.type === 'error')).toEqual({
      type: 'error',
      message: reason,
    });
    expect(await extra.closed).toEqual({ code: 1013, reason });
    await open64[0]?.close();
    await expect.poll(() => endpoint.sessionCount).toBe(SHELL_SESSIONS_MAX - 1);
    await open(url);
  });

  it('closes a session idle past the limit on the injected clock', async () => {
    const clock = new ManualClock();
    const { endpoint, url } = await serve({ clock });
    const client = await open(url);
    client.send({ type: 'complete', id: 1, text: 'sc' });
    await client.next((m) => m.type === 'completions');
    clock.advance(SHELL_IDLE_TIMEOUT_MS - 1);
    expect(endpoint.sessionCount).toBe(1);
    clock.advance(1);
    expect(await client.closed).toEqual({
      code: 1001,
      reason: `idle for ${SHELL_IDLE_TIMEOUT_MS} ms; the limit is ${SHELL_IDLE_TIMEOUT_MS} ms`,
    });
    await expect.poll(() => endpoint.sessionCount).toBe(0);
  });

  it('says when it cannot reach the cluster, and the session carries on', async () => {
    const { url } = await serve({ coord: 'not a coordinator' });
    const client = await open(url);
    const { text, done } = await client.run(1, 'list');
    expect(done).toMatchObject({ ok: false, interrupted: false, prompt: 'colonnade:001:0> ' });
    expect(text).toMatch(/^\nERROR: cannot reach the cluster: .*not a coordinator/);
    expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/);
    client.send({ type: 'complete', id: 2, text: `scan 'x` });
    expect(await client.next((m) => m.type === 'completions')).toEqual({
      type: 'completions',
      id: 2,
      items: [],
    });
  });

  it('interrupts an input still waiting for the cluster', async () => {
    const { url } = await serve();
    const client = await open(url);
    client.send({ type: 'line', id: 1, text: 'list' });
    client.send({ type: 'interrupt', id: 1 });
    const { text, done } = await client.collect(1);
    expect(done).toMatchObject({ ok: false, interrupted: true });
    expect(text).toBe('');
  });

  it('close() ends every session and refuses new ones', async () => {
    const { endpoint, url } = await serve();
    const a = await open(url);
    const b = await open(url);
    a.send({ type: 'line', id: 1, text: 'list' });
    await endpoint.close();
    const reason = 'the shell endpoint is shutting down';
    expect(await a.closed).toEqual({ code: 1001, reason });
    expect(await b.closed).toEqual({ code: 1001, reason });
    expect(endpoint.sessionCount).toBe(0);
    await expect(TestClient.open(url)).rejects.toThrow(/503/);
    expect(a.received.filter((m): m is OutputMessage => m.type === 'output')).toEqual([]);
  });
});
