// The shell endpoint on a real in-process cluster over real WebSockets: hello, create/put/scan,
// an interrupted long scan, two sessions side by side, bad messages answered and survived,
// completions, exit, a refused foreign origin, and close() ending every session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Put } from '../../../src/client/index.js';
import { MiniCluster } from '../../../src/cluster/index.js';
import { silentLogger } from '../../../src/common/log.js';
import { MasterWebServer } from '../../../src/master/web/web-server.js';
import {
  attachShellEndpoint,
  type CompletionsMessage,
  type ErrorMessage,
  type HelloMessage,
  type OutputMessage,
  SHELL_MESSAGE_BYTES_MAX,
  type ShellEndpoint,
} from '../../../src/shell/endpoint/index.js';
import { TestClient } from './ws-test-client.js';

const BIG_ROWS = 3_000;

let cluster: MiniCluster;
let web: MasterWebServer;
let endpoint: ShellEndpoint;
let url: string;
const clients: TestClient[] = [];

async function open(): Promise<TestClient> {
  const client = await TestClient.open(url);
  clients.push(client);
  await client.next((m): m is HelloMessage => m.type === 'hello');
  return client;
}

beforeAll(async () => {
  cluster = await MiniCluster.start({ regionServers: 1 });
  web = await MasterWebServer.start({
    host: '127.0.0.1',
    port: 0,
    status: () => Promise.reject(new Error('no status in this test')),
    logger: silentLogger,
  });
  endpoint = attachShellEndpoint(web, { coord: cluster.coord, version: '9.9.9' });
  url = `ws://127.0.0.1:${web.address.port}/shell`;
  const conn = await cluster.connect();
  await conn.getAdmin().createTable({ name: 'big', families: [{ name: 'f' }] });
  const table = conn.getTable('big');
  const puts = Array.from({ length: BIG_ROWS }, (_, i) =>
    new Put(`r${String(i).padStart(5, '0')}`).addColumn('f', 'q', `value-${i}`),
  );
  for (let i = 0; i < puts.length; i += 500) await table.put(puts.slice(i, i + 500));
  await conn.close();
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await endpoint?.close();
  await web?.close();
  await cluster?.shutdown();
});

describe('the shell endpoint', () => {
  it('greets, then creates, puts and scans', async () => {
    const client = await TestClient.open(url);
    clients.push(client);
    const hello = await client.next((m): m is HelloMessage => m.type === 'hello');
    expect(hello).toEqual({ type: 'hello', version: '9.9.9', prompt: 'colonnade:001:0> ' });
    const { text, done } = await client.run(
      1,
      `create 't1', 'f'; put 't1', 'r1', 'f:a', 'v1'; scan 't1'`,
    );
    expect(done).toEqual({
      type: 'done',
      id: 1,
      ok: true,
      exit: false,
      interrupted: false,
      prompt: 'colonnade:002:0> ',
    });
    expect(text).toContain('Created table t1\n');
    expect(text).toContain('=> Hbase::Table - t1\n');
    expect(text).toMatch(
      /ROW +COLUMN\+CELL\n r1 +column=f:a, timestamp=.*, value=v1\n1 row\(s\)\n/,
    );
    const version = await client.run(2, 'version');
    expect(version.text).toMatch(/^9\.9\.9/);
  });

  it('reports a failing command in the output and carries on', async () => {
    const client = await open();
    const bad = await client.run(1, `scan 'nosuch'`);
    expect(bad.done.ok).toBe(false);
    expect(bad.text).toContain('ERROR: Unknown table nosuch!');
    expect(bad.text).not.toMatch(/\bat .*\.(ts|js):\d+/);
    expect((await client.run(2, 'list')).done.ok).toBe(true);
  });

  it('interrupts a long scan promptly and stays usable', async () => {
    const client = await open();
    client.send({ type: 'line', id: 7, text: `scan 'big', {CACHE => 1}` });
    await client.next((m): m is OutputMessage => m.type === 'output' && m.id === 7);
    client.send({ type: 'interrupt', id: 7 });
    const { text, done } = await client.collect(7);
    expect(done).toMatchObject({ ok: false, interrupted: true, exit: false });
    expect(text).not.toContain('row(s)');
    expect(text.split('\n').length).toBeLessThan(BIG_ROWS);
    const after = await client.run(8, `count 'big', INTERVAL => 1000`);
    expect(after.text).toContain(`${BIG_ROWS} row(s)`);
  });

  it('keeps two concurrent sessions apart', async () => {
    const a = await open();
    const b = await open();
    a.send({ type: 'line', id: 1, text: `scan 'big', {CACHE => 1}` });
    await a.next((m): m is OutputMessage => m.type === 'output' && m.id === 1);
    // A is busy scanning; B runs at once, with its own prompt counter.
    const listed = await b.run(1, 'list');
    expect(listed.done).toMatchObject({ ok: true, prompt: 'colonnade:002:0> ' });
    expect(listed.text).toContain('big');
    expect(listed.text).not.toContain('column=');
    const busy = await b.run(2, 'whoami');
    expect(busy.done.prompt).toBe('colonnade:003:0> ');
    // A's second line while its first runs is refused, naming the one running.
    a.send({ type: 'line', id: 2, text: 'list' });
    const refused = await a.next((m): m is ErrorMessage => m.type === 'error' && m.id === 2);
    expect(refused.message).toContain('input 1 is still running');
    const scanned = await a.collect(1);
    expect(scanned.text).toContain(`${BIG_ROWS} row(s)`);
    expect(scanned.done.prompt).toBe('colonnade:002:0> ');
    expect(b.received.filter((m) => m.type === 'output')).toEqual([]);
  });

  it('answers malformed, unknown and oversized messages with an error and carries on', async () => {
    const client = await open();
    const errors: string[] = [];
    const nextError = async (): Promise<ErrorMessage> =>
      client.next((m): m is ErrorMessage => m.type === 'error');
    for (const bad of [
      'not json',
      '[1,2]',
      '{"type":"line","text":"list"}',
      '{"type":"line","id":-1,"text":"list"}',
      '{"type":"launch","id":3}',
      '{"type":"complete","id":4}',
    ]) {
      client.send(bad);
      errors.push((await nextError()).message);
    }
    expect(errors[0]).toMatch(/^message is not JSON/);
    expect(errors[1]).toMatch(/not a JSON object/);
    expect(errors[2]).toMatch(/a line message needs an id/);
    expect(errors[3]).toMatch(/an integer ≥ 0; got -1/);
    expect(errors[4]).toMatch(/unknown message type "launch"/);
    expect(errors[5]).toMatch(/a complete message needs text/);
    client.send(Buffer.from([1, 2, 3]));
    client.socket.send(Buffer.from('{}'), { binary: true });
    for (let i = 0; i < 2; i++) {
      expect((await nextError()).message).toBe('messages are JSON text; a binary one came');
    }
    const huge = JSON.stringify({ type: 'line', id: 5, text: 'x'.repeat(SHELL_MESSAGE_BYTES_MAX) });
    client.send(huge);
    const oversized = await nextError();
    expect(oversized.message).toBe(
      `message is ${Buffer.byteLength(huge)} bytes; the limit is ${SHELL_MESSAGE_BYTES_MAX}`,
    );
    const { done } = await client.run(6, 'list');
    expect(done.ok).toBe(true);
  });

  it('completes command names, table names and constants', async () => {
    const client = await open();
    const complete = async (id: number, text: string): Promise<readonly string[]> => {
      client.send({ type: 'complete', id, text });
      const reply = await client.next(
        (m): m is CompletionsMessage => m.type === 'completions' && m.id === id,
      );
      return reply.items;
    };
    expect(await complete(1, 'sca')).toEqual(['scan']);
    expect(await complete(2, 'dis')).toEqual(['disable']);
    expect(await complete(3, `scan 'bi`)).toEqual([`'big'`]);
    expect(await complete(4, `count "b`)).toEqual([`"big"`]);
    expect(await complete(5, `scan 'big', {STAR`)).toEqual(['STARTKEY', 'STARTROW']);
    expect(await complete(6, `put 'big', 'r`)).toEqual([]);
  });

  it('closes the session after exit', async () => {
    const client = await open();
    const { done } = await client.run(1, 'exit');
    expect(done).toMatchObject({ ok: true, exit: true });
    expect(await client.closed).toEqual({ code: 1000, reason: 'exit' });
  });

  it('refuses a web page from another origin', async () => {
    await expect(TestClient.open(url, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });
});
