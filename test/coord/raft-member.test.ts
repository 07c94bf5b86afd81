// Three RaftMembers in one process over real RPC on loopback, each with LevelStorage in its own
// temporary directory: election, replication, failover, and a restart that catches up by snapshot.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/common/clock.js';
import type { HostPort } from '../../src/common/host-port.js';
import { silentLogger } from '../../src/common/log.js';
import { SeededRng, seedFromEnv } from '../../src/common/rng.js';
import { NotLeaderError } from '../../src/coord/errors.js';
import {
  LevelStorage,
  leaderHintOf,
  RaftMember,
  type Entry,
  type RaftStateMachine,
} from '../../src/coord/raft/index.js';
import { MalformedMessageError, RpcClient, RpcServer } from '../../src/rpc/index.js';

const seed = seedFromEnv();
const TICK_MS = 20;
const WAIT_MS = 15_000;

/** A state machine that keeps every command applied, in order. */
class ListMachine implements RaftStateMachine {
  items: string[] = [];
  restoredAt: number[] = [];
  apply(entry: Entry): void {
    this.items.push(new TextDecoder().decode(entry.data));
  }
  snapshot(): Uint8Array {
    return new TextEncoder().encode(JSON.stringify(this.items));
  }
  restore(data: Uint8Array, index: number): void {
    this.items = JSON.parse(new TextDecoder().decode(data)) as string[];
    this.restoredAt.push(index);
  }
}

interface Running {
  readonly id: number;
  readonly member: RaftMember;
  readonly machine: ListMachine;
  readonly server: RpcServer;
  readonly client: RpcClient;
}

const dirs: string[] = [];
const running = new Set<Running>();

afterEach(async () => {
  await Promise.all([...running].map((r) => shutdown(r)));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function shutdown(r: Running): Promise<void> {
  running.delete(r);
  await r.member.stop();
  r.client.destroy();
  await r.server.close(100);
}

interface Ensemble {
  readonly peers: Map<number, HostPort>;
  readonly dirs: Map<number, string>;
  readonly rng: SeededRng;
}

async function ensemble(size: number): Promise<{ ensemble: Ensemble; servers: RpcServer[] }> {
  const servers: RpcServer[] = [];
  const peers = new Map<number, HostPort>();
  const memberDirs = new Map<number, string>();
  for (let id = 1; id <= size; id++) {
    const server = new RpcServer();
    peers.set(id, await server.listen({ host: '127.0.0.1', port: 0 }));
    servers.push(server);
    const dir = await mkdtemp(join(tmpdir(), `colonnade-raft-member-${id}-`));
    dirs.push(dir);
    memberDirs.set(id, dir);
  }
  return { ensemble: { peers, dirs: memberDirs, rng: new SeededRng(seed) }, servers };
}

async function startMember(e: Ensemble, id: number, server: RpcServer): Promise<Running> {
  const machine = new ListMachine();
  const client = new RpcClient({ rng: new SeededRng(e.rng.nextU32()) });
  const member = new RaftMember({
    id,
    peers: e.peers,
    storage: new LevelStorage(join(e.dirs.get(id) ?? '', 'raft')),
    server,
    client,
    clock: systemClock,
    rng: new SeededRng(e.rng.nextU32()),
    logger: silentLogger,
    stateMachine: machine,
    tickMs: TICK_MS,
    snapshotIntervalEntries: 5,
    snapshotTrailingEntries: 2,
  });
  const r: Running = { id, member, machine, server, client };
  running.add(r);
  await member.start();
  return r;
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function leaderAmong(members: readonly Running[]): Promise<Running> {
  await waitFor(() => {
    const leaders = members.filter((r) => r.member.isLeader);
    return leaders.length === 1 && members.every((r) => r.member.leaderId === leaders[0]?.id);
  }, 'one leader that every member knows');
  const leader = members.find((r) => r.member.isLeader);
  if (leader === undefined) throw new Error('no leader');
  return leader;
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe(`RaftMember over RPC (seed ${seed})`, () => {
  it('elects a leader whose proposals every member applies', async () => {
    const { ensemble: e, servers } = await ensemble(3);
    const members = await Promise.all(servers.map((s, i) => startMember(e, i + 1, s)));
    const leader = await leaderAmong(members);
    const indexes: number[] = [];
    for (const v of ['a', 'b', 'c']) indexes.push(await leader.member.propose(bytes(v)));
    expect(leader.machine.items).toEqual(['a', 'b', 'c']);
    const last = indexes.at(-1) ?? 0;
    await Promise.all(members.map((r) => r.member.waitApplied(last, WAIT_MS)));
    for (const r of members) expect(r.machine.items).toEqual(['a', 'b', 'c']);

    const follower = members.find((r) => r !== leader);
    const refused = await follower?.member.propose(bytes('x')).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(NotLeaderError);
    expect(leaderHintOf(refused as NotLeaderError)).toBe(leader.id);
  });

  it('fails over when the leader stops; the stopped member restarts and catches up by snapshot', async () => {
    const { ensemble: e, servers } = await ensemble(3);
    const members = await Promise.all(servers.map((s, i) => startMember(e, i + 1, s)));
    const first = await leaderAmong(members);
    await first.member.propose(bytes('before'));
    await shutdown(first);

    const rest = members.filter((r) => r !== first);
    const second = await leaderAmong(rest);
    let last = 0;
    for (let i = 0; i < 20; i++) last = await second.member.propose(bytes(`v${i}`));
    await Promise.all(rest.map((r) => r.member.waitApplied(last, WAIT_MS)));

    // Back from its directory, on its old port: behind the compacted log, it gets a snapshot.
    const server = new RpcServer();
    await server.listen(e.peers.get(first.id) ?? { host: '127.0.0.1', port: 0 });
    const back = await startMember(e, first.id, server);
    await back.member.waitApplied(last, WAIT_MS);
    expect(back.machine.items).toEqual(second.machine.items);
    expect(back.machine.items.slice(0, 2)).toEqual(['before', 'v0']);
    expect(back.machine.restoredAt.some((index) => index > 2)).toBe(true);
    last = await second.member.propose(bytes('after'));
    await back.member.waitApplied(last, WAIT_MS);
    expect(back.machine.items.at(-1)).toBe('after');
  });

  it('refuses a malformed delivery', async () => {
    const { ensemble: e, servers } = await ensemble(1);
    const solo = await startMember(e, 1, servers[0] ?? new RpcServer());
    await waitFor(() => solo.member.isLeader, 'a single member to lead');
    const address = e.peers.get(1) ?? { host: '127.0.0.1', port: 0 };
    const bad = { messages: [{ kind: 'append', from: 2, to: 1, term: -1 }] };
    const error = await solo.client
      .call(address, 'raft.deliver', bad, { timeoutMs: 5_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedMessageError);
    expect(await solo.member.propose(bytes('still fine'))).toBeGreaterThan(0);
  });
});
