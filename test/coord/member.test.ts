// The coordinator end to end in one process: real members (RPC, Raft, level) and the real client.
// ZooKeeper's semantics through the whole stack: watches before data, ephemerals and sessions,
// multi, bad input; and a 3-member ensemble with writes through followers and a leader change.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LimitExceededError } from '../../src/common/errors.js';
import { ZNODE_DATA_BYTES_MAX } from '../../src/common/limits.js';
import { RpcClient } from '../../src/rpc/index.js';
import {
  BadArgumentsError,
  BadVersionError,
  CoordClient,
  CreateMode,
  NoNodeError,
  NodeExistsError,
  SessionExpiredError,
  elect,
  op,
  type WatchEvent,
} from '../../src/coord/client/index.js';
import { CoordService } from '../../src/coord/protocol.js';
import { InProcessEnsemble, TEST_TICK_MS } from '../support/coord-ensemble.js';

const ensembles: InProcessEnsemble[] = [];
const clients: CoordClient[] = [];
const rpcs: RpcClient[] = [];

afterEach(async () => {
  for (const rpc of rpcs.splice(0)) rpc.destroy();
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
  await Promise.all(ensembles.splice(0).map((e) => e.stop()));
});

async function ensemble(size: number): Promise<InProcessEnsemble> {
  const e = await InProcessEnsemble.start(size);
  ensembles.push(e);
  return e;
}

async function client(ensembleText: string, sessionTimeoutMs = 2_000): Promise<CoordClient> {
  const c = await CoordClient.connect({ ensemble: ensembleText, sessionTimeoutMs });
  clients.push(c);
  return c;
}

/**
 * Sets a watch through `register` and waits until it is registered (the call answered); then
 * returns the promise of its one event, bounded by `timeoutMs`.
 */
async function armWatch(
  register: (watcher: (e: WatchEvent) => void) => Promise<unknown>,
  timeoutMs = 5_000,
): Promise<{ readonly event: Promise<WatchEvent> }> {
  let fire: (e: WatchEvent) => void = () => undefined;
  const fired = new Promise<WatchEvent>((resolve) => (fire = resolve));
  await register((e) => fire(e));
  const event = new Promise<WatchEvent>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no watch event within ${timeoutMs} ms`)),
      timeoutMs,
    );
    void fired.then((e) => {
      clearTimeout(timer);
      resolve(e);
    });
  });
  return { event };
}

describe('coordinator, one member', () => {
  it('creates, reads, updates and deletes with ZooKeeper semantics', async () => {
    const e = await ensemble(1);
    const c = await client(e.connectString);
    expect(await c.create('/app', 'v0')).toBe('/app');
    await expect(c.create('/app')).rejects.toBeInstanceOf(NodeExistsError);
    await expect(c.create('/missing/child')).rejects.toBeInstanceOf(NoNodeError);
    expect(await c.create('/app/n-', '', CreateMode.PersistentSequential)).toBe(
      '/app/n-0000000000',
    );
    expect(await c.create('/app/plain')).toBe('/app/plain');
    expect(await c.create('/app/n-', '', CreateMode.PersistentSequential)).toBe(
      '/app/n-0000000002',
    );
    const stat = await c.setData('/app', 'v1', 0);
    expect(stat.version).toBe(1);
    await expect(c.setData('/app', 'v2', 0)).rejects.toBeInstanceOf(BadVersionError);
    const { data } = await c.getData('/app');
    expect(data.toString()).toBe('v1');
    expect(await c.getChildren('/app')).toEqual(['n-0000000000', 'n-0000000002', 'plain']);
    await c.delete('/app/plain');
    expect(await c.exists('/app/plain')).toBeNull();
  });

  it('answers 64 pipelined requests of one session in the order they were sent', async () => {
    const e = await ensemble(1);
    const c = await client(e.connectString);
    await c.create('/fifo', '0');
    const done: number[] = [];
    const calls = Array.from({ length: 64 }, (_, i) => {
      const call =
        i % 3 === 0
          ? c.setData('/fifo', `${i}`)
          : i % 3 === 1
            ? c.getData('/fifo').then((r) => expect(r.data.toString()).toBe(`${i - 1}`))
            : c.create(`/fifo/n${i}`);
      return call.then(() => done.push(i));
    });
    await Promise.all(calls);
    expect(done).toEqual(Array.from({ length: 64 }, (_, i) => i));
  });

  it('applies a multi all or nothing', async () => {
    const e = await ensemble(1);
    const c = await client(e.connectString);
    await c.create('/m', 'x');
    const failed = await c
      .multi([op.create('/m/a'), op.check('/m', 7), op.delete('/m')])
      .catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(BadVersionError);
    expect(await c.exists('/m/a')).toBeNull();
    const results = await c.multi([op.create('/m/a'), op.setData('/m', 'y', 0)]);
    expect(results.map((r) => r.kind)).toEqual(['create', 'setData']);
  });

  it('delivers a watch event before the answer that reads the changed data', async () => {
    const e = await ensemble(1);
    const writer = await client(e.connectString);
    const reader = await client(e.connectString);
    await writer.create('/w', 'old');
    const seen: string[] = [];
    await reader.getData('/w', (event) => seen.push(`event ${event.type}`));
    await writer.setData('/w', 'new');
    await reader.sync('/w');
    const { data } = await reader.getData('/w');
    seen.push(`data ${data.toString()}`);
    expect(seen).toEqual(['event NodeDataChanged', 'data new']);
  });

  it('fires an exists watch on a missing node when it is created, once', async () => {
    const e = await ensemble(1);
    const c = await client(e.connectString);
    const events: WatchEvent[] = [];
    expect(await c.exists('/later', (event) => events.push(event))).toBeNull();
    await c.create('/later');
    await c.setData('/later', 'x');
    await c.sync('/');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toEqual([{ type: 'NodeCreated', path: '/later' }]);
  });

  it('deletes ephemerals at once when their session closes', async () => {
    const e = await ensemble(1);
    const owner = await client(e.connectString);
    const watcher = await client(e.connectString);
    await owner.create('/eph', '', CreateMode.Ephemeral);
    await expect(owner.create('/eph/child')).rejects.toMatchObject({
      code: 'NoChildrenForEphemerals',
    });
    const deleted = (await armWatch((w) => watcher.exists('/eph', w))).event;
    const started = Date.now();
    await owner.close();
    expect(await deleted).toEqual({ type: 'NodeDeleted', path: '/eph' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('expires a silent session within its timeout plus a tick and deletes its ephemerals', async () => {
    const e = await ensemble(1);
    const rpc = new RpcClient();
    rpcs.push(rpc);
    const raw = rpc.stub(CoordService, e.address(1));
    const session = await raw.connect({
      sessionId: 0,
      password: Buffer.alloc(0),
      timeoutMs: 1_000,
      lastZxidSeen: 0,
    });
    expect(session.timeoutMs).toBe(1_000);
    await raw.create({
      sessionId: session.sessionId,
      path: '/gone',
      data: Buffer.alloc(0),
      mode: CreateMode.Ephemeral,
    });
    const watcher = await client(e.connectString);
    const deleted = (await armWatch((w) => watcher.exists('/gone', w), 5_000)).event;
    const silentFrom = Date.now();
    const event = await deleted;
    const elapsedMs = Date.now() - silentFrom;
    expect(event.type).toBe('NodeDeleted');
    expect(elapsedMs).toBeLessThan(1_000 + 2 * TEST_TICK_MS + 500);
    const later = await raw.ping({ sessionId: session.sessionId }).catch((err: unknown) => err);
    expect(later).toBeInstanceOf(SessionExpiredError);
  });

  it('answers bad input with typed errors and keeps serving', async () => {
    const e = await ensemble(1);
    const c = await client(e.connectString);
    await expect(c.create('/big', Buffer.alloc(ZNODE_DATA_BYTES_MAX + 1))).rejects.toBeInstanceOf(
      LimitExceededError,
    );
    await expect(c.create('no-slash')).rejects.toBeInstanceOf(BadArgumentsError);
    await expect(c.getData('/a//b')).rejects.toBeInstanceOf(BadArgumentsError);
    await expect(c.create('/a/./b')).rejects.toBeInstanceOf(BadArgumentsError);
    const rpc = new RpcClient();
    rpcs.push(rpc);
    const raw = rpc.stub(CoordService, e.address(1));
    await expect(
      raw.getData({ sessionId: 424242, path: '/', watch: false }),
    ).rejects.toBeInstanceOf(SessionExpiredError);
    const bad = await rpc
      .call(
        { host: '127.0.0.1', port: Number(e.address(1).split(':')[1]) },
        'coord.create',
        'garbage',
      )
      .catch((err: unknown) => err);
    expect(bad).toMatchObject({ code: 'MalformedMessage' });
    const [host = '', port = '0'] = e.address(1).split(':');
    const socket = connect({ host, port: Number(port) });
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.resume();
    socket.write(Buffer.from([0, 0, 0, 5, 0xc1, 0xc1, 0xc1, 0xc1, 0xc1]));
    await new Promise((resolve) => socket.once('close', resolve));
    expect(await c.create('/still-serving')).toBe('/still-serving');
  });

  it('elects exactly one leader and hands over when the leader resigns', async () => {
    const e = await ensemble(1);
    const [a, b, d] = await Promise.all([
      client(e.connectString),
      client(e.connectString),
      client(e.connectString),
    ]);
    const candidates = await Promise.all([
      elect(a, '/election', 'a'),
      elect(b, '/election', 'b'),
      elect(d, '/election', 'd'),
    ]);
    expect(candidates.filter((x) => x.isLeader)).toHaveLength(1);
    const leader = candidates.find((x) => x.isLeader);
    const others = candidates.filter((x) => !x.isLeader);
    const next = Promise.race(others.map((x) => x.whenElected().then(() => x)));
    const started = Date.now();
    await leader?.resign();
    const successor = await next;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(others.filter((x) => x.isLeader)).toEqual([successor]);
  });
});

describe('coordinator, three members', () => {
  it('takes writes through any member and keeps them across a leader change', async () => {
    const e = await ensemble(3);
    const leaderId = await e.waitForLeader();
    const followerId = e.members.map((m) => m.id).find((id) => id !== leaderId) ?? 0;
    const viaFollower = await client(e.address(followerId));
    const written: string[] = [];
    for (let i = 0; i < 20; i += 1)
      written.push(await viaFollower.create('/f-', `${i}`, CreateMode.PersistentSequential));
    const viaAll = await client(e.connectString);
    await viaAll.sync('/');
    expect((await viaAll.getChildren('/')).filter((n) => n.startsWith('f-'))).toHaveLength(20);

    await e.stopMember(leaderId);
    const newLeader = await e.waitForLeader();
    expect(newLeader).not.toBe(leaderId);
    for (let i = 20; i < 30; i += 1)
      written.push(await viaAll.create('/f-', `${i}`, CreateMode.PersistentSequential));
    await viaAll.sync('/');
    const children = await viaAll.getChildren('/');
    for (const path of written) expect(children).toContain(path.slice(1));

    await e.startMember(leaderId);
    const rejoined = await client(e.address(leaderId));
    await rejoined.sync('/');
    expect((await rejoined.getChildren('/')).filter((n) => n.startsWith('f-'))).toHaveLength(30);
    const status = await e.status(leaderId);
    expect(status.role).toBe('follower');
    expect(status.leaderId).toBe(newLeader);
  });

  it('keeps a session and its watches when its member stops and the client moves', async () => {
    const e = await ensemble(3);
    const leaderId = await e.waitForLeader();
    const followerId = e.members.map((m) => m.id).find((id) => id !== leaderId) ?? 0;
    const others = e.members.filter((m) => m.id !== followerId).map((m) => e.address(m.id));
    // The client starts on the follower, then may only move to the others.
    const moving = await client([e.address(followerId), ...others].join(','), 4_000);
    const sessionId = moving.sessionId;
    await moving.create('/moved', 'a', CreateMode.Ephemeral);
    const changed = (await armWatch((w) => moving.getData('/moved', w), 15_000)).event;
    await e.stopMember(followerId);
    const writer = await client(others.join(','));
    await writer.setData('/moved', 'b');
    expect(await changed).toEqual({ type: 'NodeDataChanged', path: '/moved' });
    expect(moving.sessionId).toBe(sessionId);
    expect((await moving.getData('/moved')).data.toString()).toBe('b');
  });

  it('snapshots while serving, catches a lagging member up by snapshot, restarts from disk', async () => {
    const e = await InProcessEnsemble.start(3, {
      snapshotIntervalEntries: 40,
      snapshotTrailingEntries: 5,
    });
    ensembles.push(e);
    const leaderId = await e.waitForLeader();
    const laggard = e.members.map((m) => m.id).find((id) => id !== leaderId) ?? 0;
    const rest = e.members
      .filter((m) => m.id !== laggard)
      .map((m) => e.address(m.id))
      .join(',');
    const writer = await client(rest);
    await writer.create('/s', 'root');
    const batch = async (from: number, count: number): Promise<void> => {
      await Promise.all(
        Array.from({ length: count }, (_, i) => writer.create(`/s/n${from + i}`, `${from + i}`)),
      );
    };
    await batch(0, 150);
    await e.stopMember(laggard);
    await batch(150, 150);
    await e.startMember(laggard);
    const onLaggard = await client(e.address(laggard));
    await onLaggard.sync('/s');
    expect(await onLaggard.getChildren('/s')).toHaveLength(300);
    expect((await onLaggard.getData('/s/n299')).data.toString()).toBe('299');

    await writer.close();
    await onLaggard.close();
    clients.splice(0);
    for (const m of e.members) await e.stopMember(m.id);
    for (const m of e.members) await e.startMember(m.id);
    await e.waitForLeader();
    const reader = await client(e.connectString);
    await reader.sync('/s');
    expect(await reader.getChildren('/s')).toHaveLength(300);
    expect((await reader.getData('/s')).data.toString()).toBe('root');
  });
});
