// The block filesystem as real processes and files: SIGKILL a datanode of a pipeline mid-write
// (close succeeds, contents exact); a dead datanode's blocks go back to three replicas; a flipped
// byte on disk is never served and its replica is replaced; SIGKILL and restart the namenode
// (namespace, closed and hflushed bytes intact); recoverLease fences a live writer.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SeededRng, seedFromEnv } from '../../../src/common/rng.js';
import { DfsClient } from '../../../src/dfs/client/index.js';
import { NamenodeService } from '../../../src/dfs/protocol.js';
import { RpcClient } from '../../../src/rpc/index.js';
import { DfsProcessCluster, waitFor } from '../../support/dfs-processes.js';

const BLOCK_BYTES = 256 * 1024;
const WAIT_MS = 30_000;
const seed = seedFromEnv();
const clusters: DfsProcessCluster[] = [];
const clients: DfsClient[] = [];
const rpc = new RpcClient();

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
  await Promise.all(clusters.splice(0).map((c) => c.stop()));
});

async function cluster(datanodes: number): Promise<DfsProcessCluster> {
  const c = await DfsProcessCluster.start(datanodes);
  clusters.push(c);
  const probe = client(c);
  await waitFor(
    'datanodes live',
    async () => {
      const report = await probe.datanodeReport();
      const live = report.datanodes.filter((d) => d.state === 'live').length;
      return !report.safeMode && live === datanodes ? true : undefined;
    },
    WAIT_MS,
  );
  return c;
}

function client(c: DfsProcessCluster): DfsClient {
  const dfs = new DfsClient({ namenode: c.namenode.address });
  clients.push(dfs);
  return dfs;
}

function bytes(length: number, salt: number): Buffer {
  const rng = new SeededRng(seed + salt);
  return Buffer.from(Array.from({ length }, () => rng.nextInt(256)));
}

async function lastBlockLocations(c: DfsProcessCluster, path: string): Promise<string[]> {
  const nn = rpc.stub(NamenodeService, c.namenode.address);
  const located = await nn.getBlockLocations({ path, offset: 0, length: 0 });
  const last = located.lastBlock ?? located.blocks[located.blocks.length - 1];
  return (last?.locations ?? []).map((l) => l.address);
}

/** Every `blk_<id>` data file under a datanode's directory. */
function replicaFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return replicaFiles(path);
    return /^blk_\d+$/.test(name) ? [path] : [];
  });
}

async function healthy(dfs: DfsClient, path: string, replicas: number) {
  return waitFor(
    `${path} fully replicated`,
    async () => {
      const report = await dfs.fsck(path);
      return report.healthy &&
        report.underReplicatedBlocks === 0 &&
        report.replicas === report.blocks * replicas
        ? report
        : undefined;
    },
    WAIT_MS,
  );
}

describe(`block filesystem processes (COLONNADE_SEED=${seed})`, () => {
  it('SIGKILL of a pipeline datanode mid-write: close succeeds, contents exact', async () => {
    const c = await cluster(4);
    const dfs = client(c);
    const data = bytes(3 * BLOCK_BYTES + 1234, 1);
    const out = await dfs.create('/crash/pipeline', { replication: 3, blockBytes: BLOCK_BYTES });
    const half = Math.floor(data.length / 2);
    await out.write(data.subarray(0, half));
    await out.hflush();
    const [, middle] = await lastBlockLocations(c, '/crash/pipeline');
    expect(middle).toBeDefined();
    await c.killDatanode(c.datanodeAt(middle ?? ''));
    await out.write(data.subarray(half));
    await out.close();
    expect((await dfs.readFile('/crash/pipeline')).equals(data)).toBe(true);
    await healthy(dfs, '/crash/pipeline', 3);
  }, 90_000);

  it('a dead datanode out of four: its blocks are back to three replicas', async () => {
    const c = await cluster(4);
    const dfs = client(c);
    const data = bytes(4 * BLOCK_BYTES, 2);
    await dfs.writeFile('/rerep/f', data, { replication: 3, blockBytes: BLOCK_BYTES });
    await healthy(dfs, '/rerep/f', 3);
    const [victim] = await lastBlockLocations(c, '/rerep/f');
    await c.killDatanode(c.datanodeAt(victim ?? ''));
    await waitFor(
      'no replica on the dead datanode',
      async () => {
        const report = await dfs.fsck('/rerep/f');
        const nn = rpc.stub(NamenodeService, c.namenode.address);
        const located = await nn.getBlockLocations({ path: '/rerep/f', offset: 0, length: 0 });
        const onDead = located.blocks.some((b) => b.locations.some((l) => l.address === victim));
        const full = located.blocks.every((b) => b.locations.length === 3);
        return report.underReplicatedBlocks === 0 && !onDead && full ? true : undefined;
      },
      c.timings.deadMs + WAIT_MS,
    );
    expect((await dfs.readFile('/rerep/f')).equals(data)).toBe(true);
  }, 90_000);

  it('a flipped byte on disk is never served; the replica is reported and replaced', async () => {
    const c = await cluster(4);
    const dfs = client(c);
    const data = bytes(BLOCK_BYTES, 3);
    await dfs.writeFile('/corrupt/f', data, { replication: 3, blockBytes: BLOCK_BYTES });
    await healthy(dfs, '/corrupt/f', 3);
    const [first] = await lastBlockLocations(c, '/corrupt/f');
    const victim = c.datanodes[c.datanodeAt(first ?? '')];
    const [file] = replicaFiles(victim?.dataDir ?? '');
    expect(file).toBeDefined();
    const onDisk = readFileSync(file ?? '');
    onDisk[1000] = (onDisk[1000] ?? 0) ^ 0xff;
    writeFileSync(file ?? '', onDisk);
    const reader = new DfsClient({ namenode: c.namenode.address, shortCircuit: false });
    clients.push(reader);
    expect((await reader.readFile('/corrupt/f')).equals(data)).toBe(true);
    await waitFor(
      'the corrupt replica replaced',
      async () => {
        const report = await dfs.fsck('/corrupt/f');
        const replicas = replicaFiles(victim?.dataDir ?? '');
        const stillBad = replicas.some((p) => !readFileSync(p).equals(data));
        return report.healthy && report.corruptBlocks === 0 && !stillBad && report.replicas === 3
          ? true
          : undefined;
      },
      WAIT_MS,
    );
    expect((await dfs.readFile('/corrupt/f')).equals(data)).toBe(true);
  }, 90_000);

  it('SIGKILL and restart the namenode: namespace, closed and hflushed bytes intact', async () => {
    const c = await cluster(3);
    const dfs = client(c);
    const closed = bytes(2 * BLOCK_BYTES + 77, 4);
    await dfs.mkdirs('/keep/a/b');
    await dfs.writeFile('/keep/closed', closed, { blockBytes: BLOCK_BYTES });
    const open = bytes(BLOCK_BYTES + 500, 5);
    const out = await dfs.create('/keep/open', { blockBytes: BLOCK_BYTES });
    await out.write(open);
    await out.hflush();
    await c.killNamenode();
    await c.startNamenode();
    const fresh = client(c);
    await waitFor(
      'out of safe mode',
      async () => ((await fresh.datanodeReport()).safeMode ? undefined : true),
      WAIT_MS,
    );
    expect((await fresh.list('/keep')).map((s) => s.path).sort()).toEqual([
      '/keep/a',
      '/keep/closed',
      '/keep/open',
    ]);
    expect((await fresh.stat('/keep/a/b'))?.type).toBe('directory');
    expect((await fresh.readFile('/keep/closed')).equals(closed)).toBe(true);
    const reader = await fresh.open('/keep/open');
    expect(reader.length).toBeGreaterThanOrEqual(open.length);
    expect((await reader.pread(0, open.length)).equals(open)).toBe(true);
    await reader.close();
  }, 90_000);

  it('recoverLease on a live writer: its next hflush is fenced; the file keeps every hflushed byte', async () => {
    const c = await cluster(3);
    const writer = client(c);
    const data = bytes(BLOCK_BYTES + 4321, 6);
    const out = await writer.create('/wal/rs1', { blockBytes: BLOCK_BYTES });
    await out.write(data);
    await out.hflush();
    const master = client(c);
    await waitFor(
      'lease recovered',
      async () => ((await master.recoverLease('/wal/rs1')) ? true : undefined),
      WAIT_MS,
      200,
    );
    expect(await master.isFileClosed('/wal/rs1')).toBe(true);
    await out.write(bytes(100, 7));
    await expect(out.hflush()).rejects.toMatchObject({ code: 'Fenced' });
    const recovered = await master.readFile('/wal/rs1');
    expect(recovered.length).toBe(data.length);
    expect(recovered.equals(data)).toBe(true);
  }, 90_000);
});
