// Scenarios for the pure Raft core: elections, replication and commit, failover, check quorum,
// pre-vote, log conflicts, the commit rule of Figure 8, snapshots, and restarts from disk.
import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../src/common/rng.js';
import { NotLeaderError } from '../../src/coord/errors.js';
import { leaderHintOf, RaftNode, type Message } from '../../src/coord/raft/index.js';
import { ServerBusyError } from '../../src/rpc/index.js';
import { RaftInvariants } from '../support/raft-invariants.js';
import { entries, ScriptedCluster } from '../support/raft-script.js';
import { SimCluster, type Outcome } from '../support/raft-sim.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function checkedSim(
  members: number,
  options: Partial<ConstructorParameters<typeof SimCluster>[0]> = {},
) {
  const cluster = new SimCluster({ seed: 42, members, ...options });
  const invariants = new RaftInvariants();
  cluster.listeners.push(invariants);
  const check = (): void => invariants.check(cluster);
  return { cluster, check };
}

function electedLeader(cluster: SimCluster, check: () => void): number {
  const ok = cluster.runUntil(
    () => {
      const leader = cluster.leader();
      if (leader === undefined) return false;
      return [...cluster.members.values()].every((m) => !m.up || m.node?.leaderId === leader.id);
    },
    200,
    check,
  );
  expect(ok, 'a leader known to every member').toBe(true);
  return cluster.leader()?.id ?? 0;
}

describe('RaftNode elections', () => {
  it.each([1, 3, 5])('elects exactly one leader among %i members', (members) => {
    const { cluster, check } = checkedSim(members);
    const leader = electedLeader(cluster, check);
    expect(cluster.leaders().map((m) => m.id)).toEqual([leader]);
    cluster.run(100, check);
    expect(cluster.leaders().map((m) => m.id)).toEqual([leader]);
  });

  it('a follower that is cut off does not raise its term (pre-vote) nor unseat the leader', () => {
    const { cluster, check } = checkedSim(3);
    const leader = electedLeader(cluster, check);
    const term = cluster.node(leader).term;
    const follower = cluster.ids.find((id) => id !== leader) ?? 0;
    cluster.isolate(follower);
    cluster.run(200, check);
    expect(cluster.node(follower).term).toBe(term);
    cluster.heal();
    cluster.run(50, check);
    expect(cluster.leader()?.id).toBe(leader);
    expect(cluster.node(leader).term).toBe(term);
  });
});

describe('RaftNode replication', () => {
  it('replicates, commits and applies proposals on every member', () => {
    const { cluster, check } = checkedSim(3);
    const leader = electedLeader(cluster, check);
    const outcomes: Outcome[] = [];
    const indexes = ['a', 'b', 'c'].map((v) =>
      cluster.propose(leader, bytes(v), (o) => outcomes.push(o)),
    );
    const last = indexes.at(-1) ?? 0;
    cluster.runUntil(
      () => [...cluster.members.values()].every((m) => m.machine.appliedIndex >= last),
      100,
      check,
    );
    expect(outcomes).toHaveLength(3);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    for (const id of cluster.ids) {
      const log = cluster.node(id).log;
      expect(indexes.map((i) => new TextDecoder().decode(log.entry(i)?.data))).toEqual([
        'a',
        'b',
        'c',
      ]);
    }
  });

  it('a single member commits an entry only once it is persisted', () => {
    const script = new ScriptedCluster(1);
    script.tickUntil(1, () => script.node(1).role === 'leader');
    const node = script.node(1);
    const index = node.propose(bytes('x'));
    const first = node.ready();
    expect(first?.entries.map((e) => e.index)).toEqual([index]);
    expect(first?.committed).toEqual([]);
    node.advance(first ?? { entries: [], messages: [], committed: [] });
    const second = node.ready();
    expect(second?.hardState?.commit).toBe(index);
    expect(second?.committed.map((e) => e.index)).toEqual([index]);
  });

  it('refuses proposals on a follower, naming the leader', () => {
    const { cluster, check } = checkedSim(3);
    const leader = electedLeader(cluster, check);
    const follower = cluster.ids.find((id) => id !== leader) ?? 0;
    let error: unknown;
    try {
      cluster.node(follower).propose(bytes('x'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NotLeaderError);
    expect(leaderHintOf(error as NotLeaderError)).toBe(leader);
  });

  it('bounds the proposals a leader holds uncommitted', () => {
    const node = new RaftNode({
      id: 1,
      members: [1, 2, 3],
      electionTicks: 10,
      heartbeatTicks: 1,
      rng: new SeededRng(1),
      proposalsQueuedMax: 3,
      preVote: false,
    });
    // It campaigns alone; its votes are granted by hand.
    for (let i = 0; i < 30 && node.role !== 'candidate'; i++) node.tick();
    const ready = node.ready();
    node.advance(ready ?? { entries: [], messages: [], committed: [] });
    const votes = (ready?.messages ?? []).filter(
      (m): m is Extract<Message, { kind: 'vote' }> => m.kind === 'vote',
    );
    for (const vote of votes) {
      node.step({
        kind: 'voteResponse',
        from: vote.to,
        to: 1,
        term: vote.term,
        preVote: vote.preVote,
        granted: true,
      });
    }
    expect(node.role).toBe('leader');
    node.propose(bytes('a'));
    node.propose(bytes('b'));
    expect(() => node.propose(bytes('c'))).toThrow(ServerBusyError);
  });
});

describe('RaftNode failures', () => {
  it('fails over when the leader crashes, keeping every committed entry', () => {
    const { cluster, check } = checkedSim(3);
    const first = electedLeader(cluster, check);
    const index = cluster.propose(first, bytes('before'));
    cluster.runUntil(() => cluster.node(first).commitIndex >= index, 50, check);
    cluster.crash(first);
    const second = electedLeader(cluster, check);
    expect(second).not.toBe(first);
    expect(cluster.node(second).log.entry(index)?.data).toEqual(bytes('before'));
    let after: Outcome | undefined;
    cluster.propose(second, bytes('after'), (o) => (after = o));
    cluster.runUntil(() => after !== undefined, 100, check);
    expect(after?.ok).toBe(true);
    cluster.restart(first);
    const last = cluster.node(second).lastIndex;
    const caughtUp = cluster.runUntil(
      () => cluster.member(first).machine.appliedIndex >= last,
      100,
      check,
    );
    expect(caughtUp).toBe(true);
  });

  it('a leader cut off from the majority steps down, and its uncommitted entries give way', () => {
    const { cluster, check } = checkedSim(5);
    const old = electedLeader(cluster, check);
    cluster.isolate(old);
    let lost: Outcome | undefined;
    const index = cluster.propose(old, bytes('lost'), (o) => (lost = o));
    // Check quorum: within an election timeout (10 ticks) and a round, it no longer leads.
    cluster.run(25, check);
    expect(cluster.node(old).role).not.toBe('leader');
    expect(lost).toEqual({ ok: false });
    const next = cluster.leader()?.id ?? 0;
    expect(next).not.toBe(old);
    cluster.propose(next, bytes('kept'));
    cluster.heal();
    cluster.runUntil(() => cluster.node(old).commitIndex >= index, 100, check);
    expect(cluster.node(old).log.entry(index)?.data).not.toEqual(bytes('lost'));
  });

  it('restarts from what was persisted, after every member crashed', () => {
    const { cluster, check } = checkedSim(3, {
      snapshotIntervalEntries: 4,
      snapshotTrailingEntries: 2,
    });
    const leader = electedLeader(cluster, check);
    for (let i = 0; i < 10; i++) cluster.propose(leader, bytes(`v${i}`));
    const applied = (index: number) => () =>
      [...cluster.members.values()].every((m) => m.machine.appliedIndex >= index);
    cluster.runUntil(applied(11), 100, check);
    const commit = cluster.node(leader).commitIndex;
    for (const id of cluster.ids) cluster.crash(id);
    for (const id of cluster.ids) cluster.restart(id);
    for (const id of cluster.ids) {
      const node = cluster.node(id);
      expect(node.lastIndex).toBeGreaterThanOrEqual(node.commitIndex);
      expect(cluster.member(id).disk.snapshot?.index ?? 0).toBeGreaterThan(0);
    }
    const next = electedLeader(cluster, check);
    let outcome: Outcome | undefined;
    cluster.propose(next, bytes('after restart'), (o) => (outcome = o));
    cluster.runUntil(() => outcome !== undefined, 100, check);
    expect(outcome?.ok).toBe(true);
    expect(cluster.node(next).commitIndex).toBeGreaterThan(commit);
  });

  it('sends a snapshot to a member behind the compacted log', () => {
    const { cluster, check } = checkedSim(3, {
      snapshotIntervalEntries: 5,
      snapshotTrailingEntries: 0,
    });
    const restored: number[] = [];
    cluster.listeners.push({ onRestore: (m, index) => m.id === lagging && restored.push(index) });
    const leader = electedLeader(cluster, check);
    const lagging = cluster.ids.find((id) => id !== leader) ?? 0;
    cluster.crash(lagging);
    for (let i = 0; i < 20; i++) cluster.propose(leader, bytes(`v${i}`));
    cluster.runUntil(() => cluster.node(leader).commitIndex >= 21, 100, check);
    cluster.run(5, check); // Appends sent before the leader compacted are delivered or lost.
    expect(cluster.node(leader).log.firstIndex()).toBeGreaterThan(2);
    cluster.restart(lagging);
    const last = cluster.node(leader).lastIndex;
    cluster.runUntil(() => cluster.member(lagging).machine.appliedIndex >= last, 100, check);
    expect(restored.length).toBeGreaterThan(0);
    expect(cluster.member(lagging).machine.hash).toBe(cluster.member(leader).machine.hash);
  });
});

describe('RaftNode local snapshots', () => {
  it("refuses one while a leader's snapshot waits for its Ready (the log moved past it)", () => {
    const node = new RaftNode({
      id: 2,
      members: [1, 2, 3],
      electionTicks: 10,
      heartbeatTicks: 1,
      rng: new SeededRng(7),
      persisted: { hardState: { term: 1, vote: 0, commit: 5 }, entries: entries(1, 1, 1, 1, 1) },
    });
    expect(node.canCompact(3)).toBe(false); // committed, not yet applied
    const ready = node.ready();
    expect(ready?.committed.map((e) => e.index)).toEqual([1, 2, 3, 4, 5]);
    if (ready !== undefined) node.advance(ready);
    expect(node.canCompact(3)).toBe(true);
    const data = bytes('leader state');
    const snapshot = { index: 10, term: 2, members: [1, 2, 3], data };
    node.step({ kind: 'snapshot', from: 1, to: 2, term: 2, snapshot });
    expect(node.canCompact(3)).toBe(false);
    expect(node.canCompact(5)).toBe(false);
    expect(() => node.compact(5, bytes('mine'))).toThrow(/cannot snapshot at 5/);
    const install = node.ready();
    expect(install?.snapshot?.index).toBe(10);
    if (install !== undefined) node.advance(install);
    expect(node.canCompact(10)).toBe(false); // the log's own snapshot is not newer
  });
});

describe('RaftNode log conflicts', () => {
  it("makes every follower's log match the leader's (§5.3)", () => {
    const persisted = new Map([
      [1, { hardState: { term: 3, vote: 0, commit: 2 }, entries: entries(1, 1, 2, 3, 3) }],
      [2, { hardState: { term: 2, vote: 0, commit: 2 }, entries: entries(1, 1, 2, 2, 2, 2, 2, 2) }],
      [3, { hardState: { term: 1, vote: 0, commit: 2 }, entries: entries(1, 1) }],
    ]);
    const script = new ScriptedCluster(3, { persisted });
    script.tickUntil(1, () => script.node(1).role === 'leader');
    const leaderLog = script.node(1).log;
    expect(leaderLog.lastIndex()).toBe(6);
    for (const id of [2, 3]) {
      const log = script.node(id).log;
      expect(log.lastIndex()).toBe(6);
      for (let i = 1; i <= 6; i++) expect(log.entry(i)).toEqual(leaderLog.entry(i));
      expect(script.node(id).commitIndex).toBe(6);
    }
  });

  it('does not commit an entry of an earlier term by counting replicas (Figure 8)', () => {
    // Member 5 led term 3 and wrote (2, term 3) alone; members 1-3 hold (2, term 2).
    const state = (term: number, terms: number[]) => ({
      hardState: { term, vote: 0, commit: 1 },
      entries: entries(...terms),
    });
    const persisted = new Map([
      [1, state(3, [1, 2])],
      [2, state(3, [1, 2])],
      [3, state(3, [1, 2])],
      [4, state(3, [1])],
      [5, state(3, [1, 3])],
    ]);
    const script = new ScriptedCluster(5, { persisted });
    // Member 1 wins term 4 without member 5; its appends reach the others cut after index 2.
    const upToTwo = (m: Message): Message | undefined => {
      if (m.to === 5 || m.from === 5) return undefined;
      if (m.kind !== 'append') return m;
      return { ...m, entries: m.entries.filter((e) => e.index <= 2) };
    };
    script.tickUntil(1, () => script.node(1).role === 'leader', upToTwo);
    script.tickAll(3, upToTwo);
    expect(script.node(1).commitIndex).toBe(1);
    // Member 1 fails; member 5, whose last term (3) is the highest, is elected and overwrites.
    script.crash(1);
    const onlyFiveCampaigns = (m: Message): Message | undefined =>
      m.kind === 'vote' && m.from !== 5 ? undefined : m;
    script.tickAll(40, onlyFiveCampaigns);
    expect(script.node(5).role).toBe('leader');
    for (const id of [2, 3, 4, 5]) expect(script.node(id).log.term(2)).toBe(3);
  });
});
