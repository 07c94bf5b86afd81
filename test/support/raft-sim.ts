// A deterministic simulator of a Raft cluster: RaftNodes in one process on logical ticks, a disk
// per member that keeps only what a Ready persisted, and a network that drops, delays, reorders
// and duplicates messages, partitions and heals. Every choice comes from one SeededRng.
import { SeededRng } from '../../src/common/rng.js';
import {
  RaftNode,
  StoredLog,
  type Entry,
  type Message,
  type PersistedState,
  type Ready,
} from '../../src/coord/raft/index.js';
import { RegisterMachine } from './sim-register.js';

export interface FaultProfile {
  readonly dropRate: number;
  readonly duplicateRate: number;
  /** Each message waits 1 + [0, delayMaxTicks] ticks, so messages overtake each other. */
  readonly delayMaxTicks: number;
  /** Per tick, the chance that a partition starts (when there is none). */
  readonly partitionRate: number;
  readonly partitionTicksMax: number;
  /** Per tick, the chance that a member crashes (losing what it had not persisted). */
  readonly crashRate: number;
  readonly downTicksMax: number;
  /** Per tick and member, the chance that it does not get to its Ready (a slow disk). */
  readonly readyDelayRate: number;
  /** The chance that a member crashes after persisting a Ready but before sending it. */
  readonly crashBeforeSendRate: number;
}

export const NO_FAULTS: FaultProfile = {
  dropRate: 0,
  duplicateRate: 0,
  delayMaxTicks: 0,
  partitionRate: 0,
  partitionTicksMax: 0,
  crashRate: 0,
  downTicksMax: 0,
  readyDelayRate: 0,
  crashBeforeSendRate: 0,
};

export interface SimOptions {
  readonly seed: number;
  readonly members: number;
  readonly electionTicks?: number;
  readonly heartbeatTicks?: number;
  readonly faults?: FaultProfile;
  readonly snapshotIntervalEntries?: number;
  readonly snapshotTrailingEntries?: number;
  /** What some members have on disk at the start. */
  readonly persisted?: ReadonlyMap<number, PersistedState>;
}

/** A proposal's fate as its proposer sees it: applied (with the register's value), or unknown. */
export type Outcome = { readonly ok: true; readonly value: number } | { readonly ok: false };

interface Proposal {
  readonly term: number;
  readonly settle: (outcome: Outcome) => void;
}

export interface SimListener {
  onApply?(member: SimMember, entry: Entry): void;
  onRestore?(member: SimMember, index: number): void;
}

export class SimMember {
  readonly id: number;
  readonly disk = new StoredLog();
  node: RaftNode | undefined;
  machine = new RegisterMachine();
  readonly proposals = new Map<number, Proposal>();
  downUntil = 0;
  snapshotIndex = 0;

  constructor(id: number) {
    this.id = id;
  }

  get up(): boolean {
    return this.node !== undefined;
  }
}

interface InFlight {
  readonly deliverAt: number;
  readonly seq: number;
  readonly message: Message;
}

export class SimCluster {
  readonly rng: SeededRng;
  readonly members = new Map<number, SimMember>();
  readonly ids: readonly number[];
  readonly listeners: SimListener[] = [];
  faults: FaultProfile;
  tick = 0;
  readonly #options: SimOptions;
  #network: InFlight[] = [];
  #seq = 0;
  /** Member → side of the partition, while there is one. */
  #sides: Map<number, number> | undefined;
  #healAt = Infinity;

  constructor(options: SimOptions) {
    this.#options = options;
    this.rng = new SeededRng(options.seed);
    this.faults = options.faults ?? NO_FAULTS;
    this.ids = Array.from({ length: options.members }, (_, i) => i + 1);
    for (const id of this.ids) {
      const member = new SimMember(id);
      const persisted = options.persisted?.get(id);
      if (persisted !== undefined) {
        member.disk.save(persisted.hardState, persisted.entries, persisted.snapshot);
      }
      this.members.set(id, member);
      this.#boot(member);
    }
  }

  member(id: number): SimMember {
    const member = this.members.get(id);
    if (member === undefined) throw new Error(`no member ${id}`);
    return member;
  }

  node(id: number): RaftNode {
    const node = this.member(id).node;
    if (node === undefined) throw new Error(`member ${id} is down`);
    return node;
  }

  leaders(): SimMember[] {
    return [...this.members.values()].filter((m) => m.node?.role === 'leader');
  }

  /** The one leader of the highest term among those up, if any. */
  leader(): SimMember | undefined {
    let best: SimMember | undefined;
    for (const m of this.leaders()) {
      if (best === undefined || (m.node?.term ?? 0) > (best.node?.term ?? 0)) best = m;
    }
    return best;
  }

  /** Proposes on member `id` (which must lead); `settle` hears the outcome. */
  propose(id: number, data: Uint8Array, settle: (outcome: Outcome) => void = () => {}): number {
    const member = this.member(id);
    const node = this.node(id);
    const index = node.propose(data);
    member.proposals.set(index, { term: node.term, settle });
    return index;
  }

  step(): void {
    this.tick++;
    this.#randomFaults();
    for (const member of this.members.values()) {
      if (!member.up && member.downUntil <= this.tick) this.#boot(member);
    }
    for (const member of this.members.values()) member.node?.tick();
    this.#deliverDue();
    for (const member of this.members.values()) {
      if (member.node === undefined) continue;
      if (this.rng.nextFloat() < this.faults.readyDelayRate) continue;
      this.#processReadies(member, member.node);
    }
    for (const member of this.members.values()) this.#failLostProposals(member);
  }

  run(ticks: number, afterStep?: () => void): void {
    for (let i = 0; i < ticks; i++) {
      this.step();
      afterStep?.();
    }
  }

  /** Steps until `condition` holds; false if it did not within `ticksMax`. */
  runUntil(condition: () => boolean, ticksMax: number, afterStep?: () => void): boolean {
    for (let i = 0; i < ticksMax; i++) {
      if (condition()) return true;
      this.step();
      afterStep?.();
    }
    return condition();
  }

  /** Stops `id` now: what it had not persisted is gone; it boots again after `downTicks`. */
  crash(id: number, downTicks = Infinity): void {
    const member = this.member(id);
    member.node = undefined;
    member.downUntil = this.tick + downTicks;
    for (const proposal of member.proposals.values()) proposal.settle({ ok: false });
    member.proposals.clear();
  }

  restart(id: number): void {
    const member = this.member(id);
    if (member.up) this.crash(id, 0);
    this.#boot(member);
  }

  /** Splits the members into sides; messages between sides are lost. */
  partition(sides: readonly (readonly number[])[], ticks = Infinity): void {
    this.#sides = new Map();
    sides.forEach((side, i) => side.forEach((id) => this.#sides?.set(id, i)));
    this.#healAt = this.tick + ticks;
  }

  isolate(id: number, ticks = Infinity): void {
    this.partition([[id], this.ids.filter((other) => other !== id)], ticks);
  }

  heal(): void {
    this.#sides = undefined;
    this.#healAt = Infinity;
  }

  #connected(a: number, b: number): boolean {
    return this.#sides === undefined || this.#sides.get(a) === this.#sides.get(b);
  }

  #boot(member: SimMember): void {
    const persisted = member.disk.persisted();
    member.node = new RaftNode({
      id: member.id,
      members: this.ids,
      electionTicks: this.#options.electionTicks ?? 10,
      heartbeatTicks: this.#options.heartbeatTicks ?? 1,
      rng: new SeededRng(this.rng.nextU32()),
      persisted,
      ...(this.#options.snapshotTrailingEntries === undefined
        ? {}
        : { snapshotTrailingEntries: this.#options.snapshotTrailingEntries }),
    });
    member.machine = new RegisterMachine();
    member.snapshotIndex = 0;
    if (persisted.snapshot !== undefined) {
      member.machine.restore(persisted.snapshot.data, persisted.snapshot.index);
      member.snapshotIndex = persisted.snapshot.index;
      for (const l of this.listeners) l.onRestore?.(member, persisted.snapshot.index);
    }
  }

  #randomFaults(): void {
    const faults = this.faults;
    if (this.tick >= this.#healAt) this.heal();
    // Half of the faults aim at the leader, whose loss exercises the most code.
    const leader = this.leader()?.id;
    const aimAtLeader = leader !== undefined && this.rng.nextFloat() < 0.5;
    if (this.#sides === undefined && this.rng.nextFloat() < faults.partitionRate) {
      const shuffled = shuffle([...this.ids], this.rng);
      if (aimAtLeader) shuffled.sort((a, b) => Number(b === leader) - Number(a === leader));
      const cut = aimAtLeader ? 1 : 1 + this.rng.nextInt(Math.max(1, shuffled.length - 1));
      const ticks = 1 + this.rng.nextInt(Math.max(1, faults.partitionTicksMax));
      this.partition([shuffled.slice(0, cut), shuffled.slice(cut)], ticks);
    }
    if (this.rng.nextFloat() < faults.crashRate) {
      const up = this.ids.filter((id) => this.member(id).up);
      const victim = aimAtLeader ? leader : up[this.rng.nextInt(Math.max(1, up.length))];
      if (victim !== undefined) {
        this.crash(victim, 1 + this.rng.nextInt(Math.max(1, faults.downTicksMax)));
      }
    }
  }

  #send(message: Message): void {
    const faults = this.faults;
    if (this.rng.nextFloat() < faults.dropRate) return;
    const copies = this.rng.nextFloat() < faults.duplicateRate ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const deliverAt = this.tick + 1 + this.rng.nextInt(faults.delayMaxTicks + 1);
      this.#network.push({ deliverAt, seq: this.#seq++, message });
    }
  }

  #deliverDue(): void {
    const due = this.#network.filter((m) => m.deliverAt <= this.tick);
    if (due.length === 0) return;
    this.#network = this.#network.filter((m) => m.deliverAt > this.tick);
    due.sort((a, b) => a.deliverAt - b.deliverAt || a.seq - b.seq);
    for (const { message } of due) {
      const node = this.members.get(message.to)?.node;
      if (node === undefined || !this.#connected(message.from, message.to)) continue;
      node.step(message);
    }
  }

  /** The shell's loop, synchronously: persist, send, apply, advance, maybe snapshot. */
  #processReadies(member: SimMember, node: RaftNode): void {
    for (let ready = node.ready(); ready !== undefined; ready = node.ready()) {
      member.disk.save(ready.hardState, ready.entries, ready.snapshot);
      if (this.rng.nextFloat() < this.faults.crashBeforeSendRate) {
        this.crash(member.id, 1 + this.rng.nextInt(Math.max(1, this.faults.downTicksMax)));
        return;
      }
      for (const message of ready.messages) this.#send(message);
      this.#apply(member, ready);
      node.advance(ready);
      this.#maybeSnapshot(member, node);
    }
  }

  #apply(member: SimMember, ready: Ready): void {
    const snapshot = ready.snapshot;
    if (snapshot !== undefined) {
      member.machine.restore(snapshot.data, snapshot.index);
      member.snapshotIndex = snapshot.index;
      for (const l of this.listeners) l.onRestore?.(member, snapshot.index);
      for (const [index, proposal] of member.proposals) {
        if (index > snapshot.index) continue;
        member.proposals.delete(index);
        proposal.settle({ ok: false });
      }
    }
    for (const entry of ready.committed) {
      const value = member.machine.apply(entry);
      for (const l of this.listeners) l.onApply?.(member, entry);
      const proposal = member.proposals.get(entry.index);
      if (proposal === undefined) continue;
      member.proposals.delete(entry.index);
      proposal.settle(proposal.term === entry.term ? { ok: true, value } : { ok: false });
    }
  }

  #maybeSnapshot(member: SimMember, node: RaftNode): void {
    const interval = this.#options.snapshotIntervalEntries ?? Infinity;
    const applied = member.machine.appliedIndex;
    if (applied - member.snapshotIndex < interval) return;
    const snapshot = node.compact(applied, member.machine.snapshot());
    member.disk.save(undefined, [], snapshot);
    member.disk.compact(snapshot.index);
    member.snapshotIndex = snapshot.index;
  }

  /** A proposer that lost leadership cannot know the fate of entries past its commit index. */
  #failLostProposals(member: SimMember): void {
    const node = member.node;
    if (node === undefined || node.role === 'leader' || member.proposals.size === 0) return;
    for (const [index, proposal] of member.proposals) {
      if (index <= node.commitIndex) continue;
      member.proposals.delete(index);
      proposal.settle({ ok: false });
    }
  }
}

function shuffle<T>(items: T[], rng: SeededRng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const a = items[i] as T;
    items[i] = items[j] as T;
    items[j] = a;
  }
  return items;
}
