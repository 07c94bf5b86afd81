// The bare path (bench/bare-path): src/rpc over classic-level serves gets and batched puts; its
// PE-shaped clients load rows, read them back at random and write random batches.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BarePathClient } from '../../bench/bare-path/client.js';
import { BarePathServer } from '../../bench/bare-path/server.js';
import { formatRow } from '../../src/pe/index.js';

describe('the bare path', () => {
  let dir: string;
  let server: BarePathServer;
  let client: BarePathClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'colonnade-bare-'));
    server = await BarePathServer.start({ location: dir, cacheBytes: 8 * 1024 * 1024 });
    client = new BarePathClient(server.address, 2);
  }, 30_000);
  afterAll(async () => {
    client?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('serves a batched put and a get', async () => {
    const stub = client.stub(0);
    const value = Buffer.alloc(1000, 'Q');
    expect(await stub.put({ puts: [{ row: formatRow(7), value }] })).toEqual({ written: 1 });
    const got = await stub.get({ row: formatRow(7) });
    expect(Buffer.from(got.value ?? []).equals(value)).toBe(true);
    expect((await stub.get({ row: formatRow(8) })).value).toBeNull();
    await expect(stub.get({ row: 'x' as unknown as Uint8Array })).rejects.toThrow(/row as bytes/);
  });

  it('loads rows, reads them back at random and writes random batches', async () => {
    await client.load(0, 200, 1000, 50);
    const run = { clients: 3, rowsPerClient: 40, totalRows: 200, seed: 5, valueSize: 1000 };
    const gets = await client.randomGet({ ...run, batchRows: 1 });
    expect(gets.rows).toBe(120);
    expect(gets.emptyReads).toBe(0);
    expect(gets.latency.count).toBe(120);
    const puts = await client.randomPut({ ...run, batchRows: 10 });
    expect(puts.rows).toBe(120);
    expect(puts.latency.count).toBe(12);
    expect(puts.opsPerSecond).toBeGreaterThan(0);
  });
});
