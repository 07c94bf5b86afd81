// The coordinator as real processes: a 3-member ensemble of `colonnade coord` daemons with their
// Raft logs in level on disk. SIGKILL the leader while three clients write (every acknowledged
// write survives, a new leader serves, the clients carry on); SIGKILL a client process holding an
// ephemeral node (a watcher sees NodeDeleted within the session timeout plus a tick); stop and
// restart every member (the tree is intact).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { RpcClient } from '../../src/rpc/index.js';
import { CoordClient, CreateMode, type WatchEvent } from '../../src/coord/client/index.js';
import { CoordService, type MemberStatus } from '../../src/coord/protocol.js';
import { CoordCluster } from '../support/coord-cluster.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HOLDER = join(root, 'dist', 'bench', 'coord', 'ephemeral-holder.js');
const TICK_MS = 100;
const clusters: CoordCluster[] = [];
const clients: CoordClient[] = [];
const rpc = new RpcClient();

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
  await Promise.all(clusters.splice(0).map((c) => c.stop()));
});

async function cluster(): Promise<CoordCluster> {
  const c = await CoordCluster.start(3, TICK_MS);
  clusters.push(c);
  return c;
}

async function client(ensemble: string): Promise<CoordClient> {
  const c = await CoordClient.connect({ ensemble, sessionTimeoutMs: 4_000 });
  clients.push(c);
  return c;
}

async function statuses(c: CoordCluster): Promise<MemberStatus[]> {
  const live = c.members.filter((m) => m.process !== undefined);
  const answers = await Promise.all(
    live.map((m) =>
      rpc
        .stub(CoordService, m.client)
        .status({}, { timeoutMs: 1_000 })
        .catch(() => undefined),
    ),
  );
  return answers.filter((a): a is MemberStatus => a !== undefined);
}

async function leaderOf(c: CoordCluster, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const leaders = (await statuses(c)).filter((s) => s.role === 'leader');
    if (leaders.length === 1 && leaders[0] !== undefined) return leaders[0].memberId;
    if (Date.now() > deadline) throw new Error(`no single leader within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('coordinator ensemble as processes', () => {
  it('keeps every acknowledged write when the leader is killed mid-load', async () => {
    const c = await cluster();
    const leader = await leaderOf(c);
    const writers = await Promise.all([0, 1, 2].map(() => client(c.ensemble)));
    const sessionsBefore = writers.map((w) => w.sessionId);
    const acknowledged: string[] = [];
    let stop = false;
    const loops = writers.map(async (w, i) => {
      let failures = 0;
      while (!stop) {
        try {
          acknowledged.push(await w.create(`/w${i}-`, 'x', CreateMode.PersistentSequential));
        } catch (error) {
          failures += 1;
          expect((error as { retriable?: boolean }).retriable, String(error)).toBe(true);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      return failures;
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const beforeKill = acknowledged.length;
    await c.kill(leader);
    const newLeader = await leaderOf(c);
    expect(newLeader).not.toBe(leader);
    const afterFailover = acknowledged.length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    stop = true;
    await Promise.all(loops);
    expect(beforeKill).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(afterFailover);
    // Sessions survive the move to another member: same ids, still connected.
    expect(writers.map((w) => w.sessionId)).toEqual(sessionsBefore);
    expect(writers.map((w) => w.state)).toEqual(['connected', 'connected', 'connected']);

    const reader = await client(c.ensemble);
    await reader.sync('/');
    const children = new Set(await reader.getChildren('/'));
    const missing = acknowledged.filter((path) => !children.has(path.slice(1)));
    expect(missing).toEqual([]);
  });

  it("lets a watcher see a killed client process's ephemeral node go within timeout + tick", async () => {
    const c = await cluster();
    const timeoutMs = 2_000;
    const holder = spawn(
      process.execPath,
      [HOLDER, 'colonnade', c.ensemble, '/held', String(timeoutMs)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('holder not ready')), 15_000);
        holder.stdout?.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('holding')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const watcher = await client(c.ensemble);
      let fire: (e: WatchEvent) => void = () => undefined;
      const deleted = new Promise<WatchEvent>((resolve) => (fire = resolve));
      // The watch must be registered before the kill.
      expect(await watcher.exists('/held', (e) => fire(e))).not.toBeNull();
      const killedAt = Date.now();
      holder.kill('SIGKILL');
      await once(holder, 'exit');
      const event = await deleted;
      const elapsedMs = Date.now() - killedAt;
      expect(event).toEqual({ type: 'NodeDeleted', path: '/held' });
      expect(elapsedMs).toBeLessThanOrEqual(timeoutMs + TICK_MS + 500);
    } finally {
      if (holder.exitCode === null && holder.signalCode === null) holder.kill('SIGKILL');
    }
  });

  it('keeps the tree when every member is stopped and restarted', async () => {
    const c = await cluster();
    const writer = await client(c.ensemble);
    await writer.create('/kept', 'root');
    for (let i = 0; i < 50; i += 1)
      await writer.create(`/kept/n-`, `${i}`, CreateMode.PersistentSequential);
    await writer.setData('/kept', 'changed');
    await writer.close();
    clients.splice(0);
    for (const m of c.members) await c.stopMember(m.id);
    for (const m of c.members) await c.startMember(m.id);
    await leaderOf(c);
    const reader = await client(c.ensemble);
    await reader.sync('/');
    expect((await reader.getData('/kept')).data.toString()).toBe('changed');
    expect(await reader.getChildren('/kept')).toHaveLength(50);
  });
});
