// INTEGRATION TESTS of the client on a mini cluster (a real namenode and 3 real datanodes on
// loopback): round trips of many sizes and block counts, hflush visibility, append, the namespace
// calls, lease recovery, and bad input. Seeded: COLONNADE_SEED replays the data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRng, seedFromEnv } from '../../../src/common/rng.js';
import type { DfsClient } from '../../../src/dfs/client/index.js';
import {
  FileAlreadyExistsError,
  InvalidPathError,
  LeaseConflictError,
  ReadPastEndError,
  StreamClosedError,
} from '../../../src/dfs/errors.js';
import { DfsMiniCluster, waitFor } from '../../support/dfs-mini-cluster.js';
import { randomBytes, readAll } from './helpers.js';

const seed = seedFromEnv();
console.log(`dfs client round-trip seed ${seed} (COLONNADE_SEED=${seed} replays)`);
const rng = new SeededRng(seed);
const BLOCK = 4096;

let cluster: DfsMiniCluster;
let client: DfsClient;

beforeAll(async () => {
  cluster = await DfsMiniCluster.start(3);
  client = cluster.client({ rng: new SeededRng(seed + 1) });
}, 30_000);

afterAll(async () => {
  await cluster?.shutdown();
});

describe('round trips', () => {
  const sizes = [0, 1, 511, 512, 513, 65_535, 65_536, 65_537, BLOCK, BLOCK * 3 + 100, 200_000];
  for (const size of sizes) {
    it(`writes and reads back ${size} bytes (blocks of ${BLOCK})`, async () => {
      const data = randomBytes(rng, size);
      const path = `/rt/size-${size}`;
      await client.writeFile(path, data, { blockBytes: BLOCK, replication: 3 });
      expect((await client.stat(path))?.length).toBe(size);
      expect((await client.readFile(path)).equals(data)).toBe(true);
      const stream = await client.open(path);
      expect(stream.length).toBe(size);
      expect((await readAll(stream, 1000)).equals(data)).toBe(true);
      expect((await stream.read(10)).length).toBe(0);
      for (let i = 0; i < 5 && size > 0; i++) {
        const at = rng.nextInt(size);
        const length = rng.nextInt(size - at + 10);
        const expected = data.subarray(at, Math.min(size, at + length));
        expect((await stream.pread(at, length)).equals(expected)).toBe(true);
      }
      await stream.close();
    });
  }

  it('reads the same bytes remotely as through short-circuit', async () => {
    const data = randomBytes(rng, BLOCK * 5 + 7);
    await client.writeFile('/rt/remote', data, { blockBytes: BLOCK });
    const remote = cluster.client({ shortCircuit: false });
    expect((await remote.readFile('/rt/remote')).equals(data)).toBe(true);
  });

  it('writes in many small pieces across blocks', async () => {
    const data = randomBytes(rng, 50_000);
    const stream = await client.create('/rt/pieces', { blockBytes: BLOCK });
    for (let at = 0; at < data.length;) {
      const n = Math.min(data.length - at, 1 + rng.nextInt(3000));
      await stream.write(data.subarray(at, at + n));
      at += n;
      expect(stream.position).toBe(at);
    }
    await stream.close();
    expect((await client.readFile('/rt/pieces')).equals(data)).toBe(true);
  });
});

describe('hflush and append', () => {
  it('makes hflushed bytes visible to new readers, the open file length included', async () => {
    const data = randomBytes(rng, 9_000);
    const stream = await client.create('/flush/f', { blockBytes: BLOCK });
    const reader = cluster.client();
    for (const end of [1_000, 1_001, 4_096, 6_000, 9_000]) {
      await stream.write(data.subarray(stream.position, end));
      await (end % 2 === 0 ? stream.hflush() : stream.hsync());
      const view = await reader.open('/flush/f');
      expect(view.length).toBe(end);
      expect((await readAll(view, 777)).equals(data.subarray(0, end))).toBe(true);
      await view.close();
    }
    expect(await client.isFileClosed('/flush/f')).toBe(false);
    await stream.hflush();
    await stream.close();
    expect(await client.isFileClosed('/flush/f')).toBe(true);
    expect((await reader.readFile('/flush/f')).equals(data)).toBe(true);
  });

  it('appends to partial blocks, full blocks and empty files', async () => {
    for (const initial of [0, 100, 512, 1_000, BLOCK, BLOCK + 1]) {
      const path = `/append/from-${initial}`;
      const first = randomBytes(rng, initial);
      await client.writeFile(path, first, { blockBytes: BLOCK });
      const more = randomBytes(rng, 5_000);
      const stream = await client.append(path);
      expect(stream.position).toBe(initial);
      await stream.write(more.subarray(0, 10));
      await stream.hflush();
      await stream.write(more.subarray(10));
      await stream.close();
      const all = Buffer.concat([first, more]);
      expect((await client.readFile(path)).equals(all)).toBe(true);
      expect((await client.stat(path))?.length).toBe(all.length);
    }
  });

  it('appends and closes without writing', async () => {
    const data = randomBytes(rng, 700);
    await client.writeFile('/append/nothing', data, { blockBytes: BLOCK });
    const stream = await client.append('/append/nothing');
    await stream.close();
    expect((await client.readFile('/append/nothing')).equals(data)).toBe(true);
  });

  it('recovers the lease of a file another client is writing', async () => {
    const writer = cluster.client();
    const data = randomBytes(rng, 3_000);
    const stream = await writer.create('/lease/f', { blockBytes: BLOCK });
    await stream.write(data);
    await stream.hflush();
    await waitFor(() => client.recoverLease('/lease/f'), 15_000, 'lease recovery');
    expect(await client.isFileClosed('/lease/f')).toBe(true);
    expect((await client.readFile('/lease/f')).equals(data)).toBe(true);
    await expect(stream.write(data).then(() => stream.close())).rejects.toThrow();
  }, 30_000);
});

describe('namespace', () => {
  it('makes, lists, stats, renames and deletes', async () => {
    await client.mkdirs('/ns/a/b');
    await client.writeFile('/ns/a/f1', Buffer.from('one'));
    await client.writeFile('/ns/a/f2', Buffer.from('two!'));
    const names = (await client.list('/ns/a')).map((s) => s.path);
    expect(names).toEqual(['/ns/a/b', '/ns/a/f1', '/ns/a/f2']);
    const status = await client.stat('/ns/a/f2');
    expect([status?.type, status?.length, status?.underConstruction]).toEqual(['file', 4, false]);
    expect((await client.stat('/ns/a/b'))?.type).toBe('directory');
    expect(await client.stat('/ns/none')).toBeNull();
    await client.rename('/ns/a/f1', '/ns/a/b');
    expect((await client.readFile('/ns/a/b/f1')).toString()).toBe('one');
    await client.rename('/ns/a/f2', '/ns/g');
    expect((await client.readFile('/ns/g')).toString()).toBe('two!');
    await expect(client.delete('/ns/a')).rejects.toThrow();
    expect(await client.delete('/ns/a', true)).toBe(true);
    expect(await client.delete('/ns/a', true)).toBe(false);
    expect(await client.stat('/ns/a/b/f1')).toBeNull();
  });

  it('lists a directory of more entries than one listing page', async () => {
    await client.mkdirs('/many');
    const count = 1_005;
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        client.mkdirs(`/many/d${String(i).padStart(5, '0')}`),
      ),
    );
    const listed = await client.list('/many');
    expect(listed.length).toBe(count);
    expect(listed[count - 1]?.path).toBe(`/many/d${String(count - 1).padStart(5, '0')}`);
  });
});

describe('bad input', () => {
  it('fails a write after close with StreamClosed', async () => {
    const stream = await client.create('/bad/closed');
    await stream.write(Buffer.from('x'));
    await stream.close();
    await stream.close();
    await expect(stream.write(Buffer.from('y'))).rejects.toBeInstanceOf(StreamClosedError);
    await expect(stream.hflush()).rejects.toBeInstanceOf(StreamClosedError);
  });

  it('fails reads and seeks past the end with ReadPastEnd', async () => {
    await client.writeFile('/bad/short', Buffer.from('hello'));
    const stream = await client.open('/bad/short');
    await expect(stream.pread(6, 1)).rejects.toBeInstanceOf(ReadPastEndError);
    expect(() => stream.seek(6)).toThrow(ReadPastEndError);
    expect(() => stream.seek(-1)).toThrow(ReadPastEndError);
    expect((await stream.pread(5, 1)).length).toBe(0);
    stream.seek(5);
    expect((await stream.read(1)).length).toBe(0);
    stream.seek(1);
    expect((await stream.read(100)).toString()).toBe('ello');
    await stream.close();
    await expect(stream.read(1)).rejects.toBeInstanceOf(StreamClosedError);
  });

  it('refuses a second writer with LeaseConflict', async () => {
    const stream = await client.create('/bad/leased');
    await stream.write(Buffer.from('abc'));
    await stream.hflush();
    const other = cluster.client();
    await expect(other.create('/bad/leased', { overwrite: true })).rejects.toBeInstanceOf(
      LeaseConflictError,
    );
    await expect(other.append('/bad/leased')).rejects.toBeInstanceOf(LeaseConflictError);
    await stream.close();
    await expect(other.create('/bad/leased')).rejects.toBeInstanceOf(FileAlreadyExistsError);
  });

  it('refuses bad paths with InvalidPath', async () => {
    for (const path of ['relative', '/a//b', '/a/../b', '/a/./b', '/a:b', '']) {
      await expect(client.create(path)).rejects.toBeInstanceOf(InvalidPathError);
      await expect(client.open(path)).rejects.toBeInstanceOf(InvalidPathError);
      await expect(client.mkdirs(path)).rejects.toBeInstanceOf(InvalidPathError);
    }
  });
});
