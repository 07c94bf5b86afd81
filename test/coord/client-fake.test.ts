// UNIT TEST of the coordinator client against a FAKE member — NOT the real member server. The fake
// members below (RpcServers on 127.0.0.1:0 serving CoordService) share one in-memory map of nodes
// and do just enough to exercise the client's connection behaviour: sessions, events in answers and
// on the stream, reconnects, setWatches, expiry. The real member's integration tests come later.
import { afterEach, describe, expect, it } from 'vitest';
import { SeededRng, seedFromEnv } from '../../src/common/rng.js';
import type { HostPort } from '../../src/common/host-port.js';
import { RpcServer, type CallContext, type Handlers } from '../../src/rpc/index.js';
import { ClientClosedError } from '../../src/rpc/index.js';
import {
  ConnectionLossError,
  NoNodeError,
  NodeExistsError,
  SessionExpiredError,
  UnimplementedError,
} from '../../src/coord/errors.js';
import {
  CoordService,
  type Answer,
  type ConnectRequest,
  type SetWatchesRequest,
} from '../../src/coord/protocol.js';
import type { Stat, WatchEvent, WatchKind } from '../../src/coord/tree/types.js';
import {
  CoordClient,
  CreateMode,
  elect,
  join,
  lock,
  members as groupMembers,
  type ClientState,
} from '../../src/coord/client/index.js';
import { TimeoutError } from '../../src/common/errors.js';
import { waitFor } from '../support/rpc-harness.js';

const seed = seedFromEnv();
console.log(`client-fake seed ${seed} (COLONNADE_SEED=${seed} replays)`);

const FAKE_TIMEOUT_MAX_MS = 3_000;
const WAIT_MS = 5_000;

interface FakeNode {
  data: Uint8Array;
  version: number;
  czxid: number;
  mzxid: number;
  pzxid: number;
  cversion: number;
  ephemeralOwner: number;
}

interface FakeSession {
  readonly id: number;
  readonly password: Buffer;
  readonly timeoutMs: number;
  expired: boolean;
}

const parentOf = (path: string): string => path.slice(0, Math.max(1, path.lastIndexOf('/')));

/** The shared state of the fake ensemble: nodes, sessions, a zxid counter. */
class FakeEnsemble {
  zxid = 0;
  readonly nodes = new Map<string, FakeNode>([['/', this.#node(new Uint8Array(0), 0)]]);
  readonly sessions = new Map<number, FakeSession>();
  readonly members: FakeMember[] = [];
  /** 'stream': events leave on the events stream at once; 'answer': only inside answers. */
  delivery: 'stream' | 'answer' = 'stream';
  #nextSessionId = 0x1_0000;

  newSession(timeoutMs: number): FakeSession {
    const session = {
      id: this.#nextSessionId++,
      password: Buffer.from(`pw-${this.#nextSessionId}`),
      timeoutMs: Math.min(FAKE_TIMEOUT_MAX_MS, timeoutMs),
      expired: false,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  session(id: number): FakeSession {
    const session = this.sessions.get(id);
    if (session === undefined || session.expired)
      throw new SessionExpiredError(`session ${id} expired`);
    return session;
  }

  create(path: string, data: Uint8Array, mode: CreateMode, owner: number): string {
    const parent = this.nodes.get(parentOf(path));
    if (parent === undefined) throw new NoNodeError(`no parent for ${path}`);
    const sequential =
      mode === CreateMode.PersistentSequential || mode === CreateMode.EphemeralSequential;
    const name = sequential ? `${path}${String(parent.cversion).padStart(10, '0')}` : path;
    if (this.nodes.has(name)) throw new NodeExistsError(`${name} exists`);
    const ephemeral = mode === CreateMode.Ephemeral || mode === CreateMode.EphemeralSequential;
    this.zxid += 1;
    this.nodes.set(name, this.#node(data, ephemeral ? owner : 0));
    parent.cversion += 1;
    parent.pzxid = this.zxid;
    this.#fire('NodeCreated', name);
    return name;
  }

  setData(path: string, data: Uint8Array): FakeNode {
    const node = this.nodes.get(path);
    if (node === undefined) throw new NoNodeError(`no node ${path}`);
    this.zxid += 1;
    Object.assign(node, { data, version: node.version + 1, mzxid: this.zxid });
    this.#fire('NodeDataChanged', path);
    return node;
  }

  delete(path: string): void {
    if (!this.nodes.delete(path)) throw new NoNodeError(`no node ${path}`);
    this.zxid += 1;
    const parent = this.nodes.get(parentOf(path));
    if (parent !== undefined) parent.pzxid = this.zxid;
    this.#fire('NodeDeleted', path);
  }

  /** Expires a session as the leader would: ephemerals go, its streams end with SessionExpired. */
  expire(id: number, expired = true): void {
    const session = this.sessions.get(id);
    if (session !== undefined) session.expired = expired;
    for (const [path, node] of [...this.nodes]) if (node.ephemeralOwner === id) this.delete(path);
    for (const member of this.members) member.wake(id);
  }

  stat(node: FakeNode): Stat {
    const { version, czxid, mzxid, pzxid, cversion, ephemeralOwner } = node;
    const numChildren = 0;
    return {
      czxid,
      mzxid,
      pzxid,
      ctime: 0,
      mtime: 0,
      version,
      cversion,
      aversion: 0,
      ephemeralOwner,
      dataLength: node.data.length,
      numChildren,
    };
  }

  #node(data: Uint8Array, ephemeralOwner: number): FakeNode {
    const z = this.zxid;
    return { data, version: 0, czxid: z, mzxid: z, pzxid: z, cversion: 0, ephemeralOwner };
  }

  #fire(type: WatchEvent['type'], path: string): void {
    for (const member of this.members) {
      member.fire(type, path);
      if (type !== 'NodeDataChanged' && path !== '/')
        member.fire('NodeChildrenChanged', parentOf(path));
    }
  }
}

const TRIGGERS: Record<WatchEvent['type'], readonly WatchKind[]> = {
  NodeCreated: ['data', 'exists'],
  NodeDataChanged: ['data', 'exists'],
  NodeDeleted: ['data', 'exists', 'child'],
  NodeChildrenChanged: ['child'],
};

/** One fake member: its own watch tables and outboxes per session, like a real member. */
class FakeMember {
  readonly server = new RpcServer();
  address!: HostPort;
  readonly connects: ConnectRequest[] = [];
  readonly setWatchesCalls: SetWatchesRequest[] = [];
  pings = 0;
  /** While set, connect requests wait for it. */
  connectGate: Promise<void> | undefined;
  readonly #ensemble: FakeEnsemble;
  readonly #watches = new Map<number, Record<WatchKind, Set<string>>>();
  readonly #outboxes = new Map<number, WatchEvent[]>();
  readonly #wakers = new Map<number, () => void>();

  constructor(ensemble: FakeEnsemble) {
    this.#ensemble = ensemble;
    ensemble.members.push(this);
    this.server.register(CoordService, this.#handlers());
  }

  async start(): Promise<this> {
    this.address = await this.server.listen({ host: '127.0.0.1', port: 0 });
    return this;
  }

  fire(type: WatchEvent['type'], path: string): void {
    for (const [sessionId, watches] of this.#watches) {
      let hit = false;
      for (const kind of TRIGGERS[type]) hit = watches[kind].delete(path) || hit;
      if (hit) this.#push(sessionId, { type, path });
    }
  }

  wake(sessionId: number): void {
    this.#wakers.get(sessionId)?.();
  }

  #push(sessionId: number, event: WatchEvent): void {
    const outbox = this.#outboxes.get(sessionId) ?? [];
    outbox.push(event);
    this.#outboxes.set(sessionId, outbox);
    this.wake(sessionId);
  }

  #answer(sessionId: number): Answer {
    const events = this.#outboxes.get(sessionId) ?? [];
    this.#outboxes.set(sessionId, []);
    return { zxid: this.#ensemble.zxid, events };
  }

  #watch(sessionId: number, kind: WatchKind, path: string): void {
    let watches = this.#watches.get(sessionId);
    if (watches === undefined) {
      watches = { data: new Set(), exists: new Set(), child: new Set() };
      this.#watches.set(sessionId, watches);
    }
    watches[kind].add(path);
  }

  #setWatches(request: SetWatchesRequest): Answer {
    this.setWatchesCalls.push(request);
    const { sessionId, relativeZxid, watches } = request;
    const nodes = this.#ensemble.nodes;
    for (const path of watches.data) {
      const node = nodes.get(path);
      if (node === undefined) this.#push(sessionId, { type: 'NodeDeleted', path });
      else if (node.mzxid > relativeZxid) this.#push(sessionId, { type: 'NodeDataChanged', path });
      else this.#watch(sessionId, 'data', path);
    }
    for (const path of watches.exists) {
      if (nodes.has(path)) this.#push(sessionId, { type: 'NodeCreated', path });
      else this.#watch(sessionId, 'exists', path);
    }
    for (const path of watches.child) this.#watch(sessionId, 'child', path);
    return this.#answer(sessionId);
  }

  async *#events(sessionId: number, context: CallContext): AsyncGenerator<WatchEvent> {
    const signal = context.signal;
    const onAbort = (): void => this.wake(sessionId);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      while (!signal.aborted) {
        this.#ensemble.session(sessionId); // throws SessionExpired once expired
        if (this.#ensemble.delivery === 'stream') yield* this.#answer(sessionId).events;
        await new Promise<void>((resolve) => this.#wakers.set(sessionId, resolve));
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  #handlers(): Handlers<typeof CoordService.methods> {
    const e = this.#ensemble;
    const live = (sessionId: number): FakeSession => e.session(sessionId);
    return {
      connect: async (request) => {
        this.connects.push(request);
        await this.connectGate;
        const session =
          request.sessionId === 0 ? e.newSession(request.timeoutMs) : e.session(request.sessionId);
        if (!session.password.equals(Buffer.from(request.password)) && request.sessionId !== 0) {
          throw new SessionExpiredError('wrong password');
        }
        return {
          sessionId: session.id,
          password: session.password,
          timeoutMs: session.timeoutMs,
          zxid: e.zxid,
        };
      },
      ping: ({ sessionId }) => {
        live(sessionId);
        this.pings += 1;
        return this.#answer(sessionId);
      },
      close: ({ sessionId }) => {
        e.expire(sessionId);
        return this.#answer(sessionId);
      },
      create: ({ sessionId, path, data, mode }) => {
        live(sessionId);
        const created = e.create(path, Buffer.from(data), mode, sessionId);
        return {
          ...this.#answer(sessionId),
          path: created,
          stat: e.stat(e.nodes.get(created) as FakeNode),
        };
      },
      delete: ({ sessionId, path }) => {
        live(sessionId);
        e.delete(path);
        return this.#answer(sessionId);
      },
      setData: ({ sessionId, path, data }) => {
        live(sessionId);
        return { ...this.#answer(sessionId), stat: e.stat(e.setData(path, Buffer.from(data))) };
      },
      getData: ({ sessionId, path, watch }) => {
        live(sessionId);
        const node = e.nodes.get(path);
        if (node === undefined) throw new NoNodeError(`no node ${path}`);
        if (watch) this.#watch(sessionId, 'data', path);
        return { ...this.#answer(sessionId), data: node.data, stat: e.stat(node) };
      },
      exists: ({ sessionId, path, watch }) => {
        live(sessionId);
        const node = e.nodes.get(path);
        if (watch) this.#watch(sessionId, node === undefined ? 'exists' : 'data', path);
        return { ...this.#answer(sessionId), stat: node === undefined ? null : e.stat(node) };
      },
      getChildren: ({ sessionId, path, watch }) => {
        live(sessionId);
        const node = e.nodes.get(path);
        if (node === undefined) throw new NoNodeError(`no node ${path}`);
        if (watch) this.#watch(sessionId, 'child', path);
        const children = [...e.nodes.keys()]
          .filter((p) => p !== '/' && parentOf(p) === path)
          .map((p) => p.slice(p.lastIndexOf('/') + 1));
        return { ...this.#answer(sessionId), children, stat: e.stat(node) };
      },
      multi: () => {
        throw new UnimplementedError('the fake has no multi');
      },
      sync: ({ sessionId, path }) => ({ ...this.#answer(sessionId), path }),
      setWatches: (request) => {
        live(request.sessionId);
        return this.#setWatches(request);
      },
      status: () => ({
        memberId: 1,
        role: 'leader' as const,
        leaderId: 1,
        zxid: e.zxid,
        znodes: 0,
        sessions: 0,
      }),
      events: ({ sessionId }, context) => this.#events(sessionId, context),
    };
  }
}

// ---- Test plumbing: every server, client and gate is released after each test ----

const members: FakeMember[] = [];
const clients: CoordClient[] = [];
const gates: (() => void)[] = [];

afterEach(async () => {
  for (const open of gates.splice(0)) open();
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(members.splice(0).map((m) => m.server.close(0)));
});

async function ensembleOf(count: number): Promise<{ ensemble: FakeEnsemble; fakes: FakeMember[] }> {
  const ensemble = new FakeEnsemble();
  const fakes = await Promise.all(
    Array.from({ length: count }, () => new FakeMember(ensemble).start()),
  );
  members.push(...fakes);
  return { ensemble, fakes };
}

async function clientOf(
  fakes: readonly FakeMember[],
  options: { sessionTimeoutMs?: number; requestTimeoutMs?: number } = {},
): Promise<CoordClient> {
  const client = await CoordClient.connect({
    ensemble: fakes.map((f) => f.address),
    sessionTimeoutMs: options.sessionTimeoutMs ?? 2_000,
    requestTimeoutMs: options.requestTimeoutMs ?? 3_000,
    connectTimeoutMs: WAIT_MS,
    rng: new SeededRng(seed),
  });
  clients.push(client);
  return client;
}

function currentFake(client: CoordClient, fakes: readonly FakeMember[]): FakeMember {
  const fake = fakes.find((f) => f.address.port === client.member?.port);
  if (fake === undefined) throw new Error('the client is connected to no fake member');
  return fake;
}

function gate(member: FakeMember): () => void {
  let open!: () => void;
  member.connectGate = new Promise<void>((resolve) => (open = resolve));
  const release = (): void => {
    member.connectGate = undefined;
    open();
  };
  gates.push(release);
  return release;
}

function states(client: CoordClient): ClientState[] {
  const seen: ClientState[] = [];
  client.on('state', (s) => seen.push(s));
  return seen;
}

// ---- The tests ----

describe('CoordClient against a fake member', () => {
  it('establishes a session, negotiates its timeout and round-trips data', async () => {
    const { ensemble, fakes } = await ensembleOf(1);
    const client = await clientOf(fakes, { sessionTimeoutMs: 5_000 });
    expect(client.state).toBe('connected');
    expect(client.sessionId).toBeGreaterThan(0);
    expect(client.negotiatedTimeoutMs).toBe(FAKE_TIMEOUT_MAX_MS);
    expect(fakes[0]?.connects[0]).toMatchObject({
      sessionId: 0,
      timeoutMs: 5_000,
      lastZxidSeen: 0,
    });

    expect(await client.create('/a', 'héllo')).toBe('/a');
    expect((await client.getData('/a')).data.toString('utf8')).toBe('héllo');
    const seq = await client.create('/q-', undefined, CreateMode.EphemeralSequential);
    expect(seq).toBe('/q-0000000001');
    expect(ensemble.nodes.get(seq)?.ephemeralOwner).toBe(client.sessionId);
    expect(client.lastZxidSeen).toBe(ensemble.zxid);
    await expect(client.getData('/missing')).rejects.toBeInstanceOf(NoNodeError);
    await expect(client.create('/a')).rejects.toBeInstanceOf(NodeExistsError);
  });

  it('pings an idle session', async () => {
    const { fakes } = await ensembleOf(1);
    await clientOf(fakes, { sessionTimeoutMs: 600 });
    await waitFor(() => (fakes[0]?.pings ?? 0) >= 2, WAIT_MS, 'two pings');
  });

  it('delivers the events an answer carries before that answer resolves', async () => {
    const { ensemble, fakes } = await ensembleOf(1);
    ensemble.delivery = 'answer';
    const client = await clientOf(fakes);
    await client.create('/a', 'v1');
    const order: string[] = [];
    await client.getData('/a', (event) => order.push(`${event.type} ${event.path}`));
    ensemble.setData('/a', Buffer.from('v2'));
    await client.exists('/elsewhere');
    order.push('answer');
    expect(order).toEqual(['NodeDataChanged /a', 'answer']);
  });

  it('delivers stream events before a later read resolves, and to the default watcher', async () => {
    const { ensemble, fakes } = await ensembleOf(1);
    const client = await clientOf(fakes);
    const order: string[] = [];
    client.on('watch', (event) => order.push(`${event.type} ${event.path}`));
    expect(await client.exists('/n', true)).toBeNull();
    ensemble.create('/n', Buffer.from('new'), CreateMode.Persistent, 0);
    const { data } = await client.getData('/n');
    order.push(`read ${data.toString()}`);
    expect(order).toEqual(['NodeCreated /n', 'read new']);
  });

  it('moves the session to another member with the same id when its member closes', async () => {
    const { fakes } = await ensembleOf(2);
    const client = await clientOf(fakes);
    const seen = states(client);
    await client.create('/x', 'x');
    const first = currentFake(client, fakes);
    const zxid = client.lastZxidSeen;
    await first.server.close(0);
    await waitFor(
      () => client.state === 'connected' && client.member?.port !== first.address.port,
      WAIT_MS,
      'reconnect',
    );
    const second = currentFake(client, fakes);
    expect(second.connects.at(-1)).toMatchObject({
      sessionId: client.sessionId,
      lastZxidSeen: zxid,
    });
    expect(seen).toEqual(['disconnected', 'connected']);
    expect((await client.getData('/x')).data.toString()).toBe('x');
  });

  it('re-registers its watches with setWatches after a reconnect', async () => {
    const { ensemble, fakes } = await ensembleOf(2);
    const client = await clientOf(fakes);
    await client.create('/d', 'd1');
    const events: string[] = [];
    const watcher = (event: WatchEvent): void => void events.push(`${event.type} ${event.path}`);
    await client.getData('/d', watcher);
    expect(await client.exists('/w', watcher)).toBeNull();
    const first = currentFake(client, fakes);
    const second = fakes.find((f) => f !== first) as FakeMember;
    const release = gate(second);
    const relativeZxid = client.lastZxidSeen;
    await first.server.close(0);
    await waitFor(() => second.connects.length > 0, WAIT_MS, 'a connect to the second member');
    ensemble.setData('/d', Buffer.from('d2')); // changes while the client is away
    release();
    await waitFor(() => client.state === 'connected', WAIT_MS, 'reconnect');
    expect(second.setWatchesCalls).toEqual([
      {
        sessionId: client.sessionId,
        relativeZxid,
        watches: { data: ['/d'], exists: ['/w'], child: [] },
      },
    ]);
    await waitFor(() => events.length === 1, WAIT_MS, 'the missed change');
    ensemble.create('/w', Buffer.from(''), CreateMode.Persistent, 0);
    await waitFor(() => events.length === 2, WAIT_MS, 'the creation');
    expect(events).toEqual(['NodeDataChanged /d', 'NodeCreated /w']);
  });

  it('becomes expired for good when the member says the session expired', async () => {
    const { ensemble, fakes } = await ensembleOf(1);
    const client = await clientOf(fakes);
    const seen = states(client);
    ensemble.expire(client.sessionId);
    await waitFor(() => client.state === 'expired', WAIT_MS, 'expiry');
    expect(seen).toEqual(['expired']);
    await expect(client.exists('/a')).rejects.toBeInstanceOf(SessionExpiredError);
    await client.close();
    expect(client.state).toBe('expired');
  });

  it('becomes expired when the next member refuses the session at reconnect', async () => {
    const { ensemble, fakes } = await ensembleOf(2);
    const client = await clientOf(fakes);
    const first = currentFake(client, fakes);
    const second = fakes.find((f) => f !== first) as FakeMember;
    const release = gate(second);
    await first.server.close(0);
    await waitFor(() => second.connects.length > 0, WAIT_MS, 'a connect to the second member');
    ensemble.sessions.get(client.sessionId)!.expired = true;
    release();
    await waitFor(() => client.state === 'expired', WAIT_MS, 'expiry');
    await expect(client.getData('/a')).rejects.toBeInstanceOf(SessionExpiredError);
  });

  it('lets a call made while disconnected wait for the reconnect', async () => {
    const { ensemble, fakes } = await ensembleOf(2);
    const client = await clientOf(fakes);
    await client.create('/p', 'payload');
    const first = currentFake(client, fakes);
    const second = fakes.find((f) => f !== first) as FakeMember;
    const release = gate(second);
    await first.server.close(0);
    await waitFor(() => client.state === 'disconnected', WAIT_MS, 'disconnection');
    const pending = client.getData('/p');
    await waitFor(() => second.connects.length > 0, WAIT_MS, 'a connect to the second member');
    release();
    expect((await pending).data.toString()).toBe('payload');
    expect(client.state).toBe('connected');
    expect(ensemble.sessions.size).toBe(1);
  });

  it('fails a call with a retriable ConnectionLoss when no member answers in time', async () => {
    const { fakes } = await ensembleOf(2);
    const client = await clientOf(fakes, { requestTimeoutMs: 300 });
    const first = currentFake(client, fakes);
    const second = fakes.find((f) => f !== first) as FakeMember;
    gate(second);
    await first.server.close(0);
    await waitFor(() => client.state === 'disconnected', WAIT_MS, 'disconnection');
    const error = await client.exists('/a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionLossError);
    expect((error as ConnectionLossError).retriable).toBe(true);
  });

  it('closes gracefully: the member ends the session and later calls fail', async () => {
    const { ensemble, fakes } = await ensembleOf(1);
    const client = await clientOf(fakes);
    await client.create('/e', '', CreateMode.Ephemeral);
    await client.close();
    expect(client.state).toBe('closed');
    expect(ensemble.nodes.has('/e')).toBe(false);
    await expect(client.exists('/e')).rejects.toBeInstanceOf(ClientClosedError);
  });
});

// The recipes need only create/delete/getData/exists/getChildren and watches, which the fake has;
// the acceptance tests of §3.12 (timings, session death) belong to the real member's suite.
describe('recipes against the fake member', () => {
  it('elects one leader and hands over to the next candidate only', async () => {
    const { fakes } = await ensembleOf(1);
    const [a, b, c] = await Promise.all([clientOf(fakes), clientOf(fakes), clientOf(fakes)]);
    const ea = await elect(a as CoordClient, '/svc/election', 'a');
    const eb = await elect(b as CoordClient, '/svc/election', 'b');
    const ec = await elect(c as CoordClient, '/svc/election', 'c');
    expect([ea.isLeader, eb.isLeader, ec.isLeader]).toEqual([true, false, false]);
    expect(await ec.leader()).toBe('a');
    const elected: string[] = [];
    eb.onElected(() => elected.push('b'));
    ec.onElected(() => elected.push('c'));
    await ea.resign();
    await eb.whenElected();
    expect(elected).toEqual(['b']);
    expect(ec.isLeader).toBe(false);
    expect(await ea.leader()).toBe('b');
    await (b as CoordClient).close(); // the leader's session ends: its ephemeral node goes
    await ec.whenElected();
    expect(await ec.leader()).toBe('c');
  });

  it('lets one holder have a lock at a time and times out a waiter', async () => {
    const { fakes } = await ensembleOf(1);
    const [a, b] = await Promise.all([clientOf(fakes), clientOf(fakes)]);
    const held = await lock(a as CoordClient, '/locks/x');
    await expect(lock(b as CoordClient, '/locks/x', { timeoutMs: 100 })).rejects.toBeInstanceOf(
      TimeoutError,
    );
    const waiting = lock(b as CoordClient, '/locks/x', { timeoutMs: WAIT_MS });
    let acquired = false;
    void waiting.then(() => (acquired = true));
    await (a as CoordClient).exists('/locks'); // a round trip: b is still waiting
    expect(acquired).toBe(false);
    await held.release();
    const second = await waiting;
    expect(await (b as CoordClient).getChildren('/locks/x')).toEqual([second.node.slice(9)]);
    await second.release();
  });

  it('lists group members and re-lists on every change', async () => {
    const { fakes } = await ensembleOf(1);
    const [a, b] = await Promise.all([clientOf(fakes), clientOf(fakes)]);
    const changes: string[][] = [];
    const initial = await groupMembers(a as CoordClient, '/groups/g', (list) => changes.push(list));
    expect(initial).toEqual([]);
    const joined = await join(b as CoordClient, '/groups/g', 'rs-1', 'host:1');
    await join(a as CoordClient, '/groups/g', 'rs-2');
    await waitFor(() => changes.length >= 2, WAIT_MS, 'two changes');
    await joined.leave();
    await waitFor(() => changes.at(-1)?.length === 1, WAIT_MS, 'the leave');
    expect(changes.at(-1)).toEqual(['rs-2']);
    expect(changes.some((list) => list.join() === 'rs-1,rs-2')).toBe(true);
  });
});
