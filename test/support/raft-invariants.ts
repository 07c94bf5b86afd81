// Raft's safety properties (Figure 3 of the paper), checked on a simulated cluster after every
// step: election safety, log matching, leader completeness (no committed entry ever lost or
// changed), and state machine safety (every member has the same state after an index).
import type { Entry, RaftNode } from '../../src/coord/raft/index.js';
import type { SimCluster, SimListener, SimMember } from './raft-sim.js';

interface CommittedEntry {
  readonly entry: Entry;
  /** The term of the first member seen with this index committed: the commit is no later. */
  readonly observedTerm: number;
}

export class RaftInvariants implements SimListener {
  readonly #leaderOfTerm = new Map<number, number>();
  readonly #committed = new Map<number, CommittedEntry>();
  readonly #stateAt = new Map<number, number>();
  #maxCommitted = 0;
  checks = 0;

  /** State machine safety: the state after applying an index is the same everywhere. */
  onApply(member: SimMember, entry: Entry): void {
    this.#sameState(member, entry.index, 'applying');
  }

  onRestore(member: SimMember, index: number): void {
    this.#sameState(member, index, 'restoring a snapshot at');
  }

  #sameState(member: SimMember, index: number, what: string): void {
    const hash = member.machine.hash;
    const expected = this.#stateAt.get(index);
    if (expected === undefined) this.#stateAt.set(index, hash);
    else if (expected !== hash) {
      fail(`state machine safety: member ${member.id} differs after ${what} ${index}`);
    }
  }

  get maxCommitted(): number {
    return this.#maxCommitted;
  }

  check(cluster: SimCluster): void {
    this.checks++;
    const nodes: RaftNode[] = [];
    for (const member of cluster.members.values()) if (member.node) nodes.push(member.node);
    for (const node of nodes) {
      this.#electionSafety(node);
      this.#committedNeverChanges(node);
    }
    for (const node of nodes) if (node.role === 'leader') this.#leaderCompleteness(node);
    for (let a = 0; a < nodes.length; a++) {
      for (let b = a + 1; b < nodes.length; b++) {
        logMatching(nodes[a] as RaftNode, nodes[b] as RaftNode);
      }
    }
  }

  #electionSafety(node: RaftNode): void {
    if (node.role !== 'leader') return;
    const prior = this.#leaderOfTerm.get(node.term);
    if (prior !== undefined && prior !== node.id) {
      fail(`election safety: members ${prior} and ${node.id} both led term ${node.term}`);
    }
    this.#leaderOfTerm.set(node.term, node.id);
  }

  #committedNeverChanges(node: RaftNode): void {
    const log = node.log;
    for (let i = log.firstIndex(); i <= node.commitIndex; i++) {
      const entry = log.entry(i);
      if (entry === undefined) fail(`member ${node.id} lacks committed entry ${i}`);
      const known = this.#committed.get(i);
      if (known === undefined) {
        this.#committed.set(i, { entry, observedTerm: node.term });
        this.#maxCommitted = Math.max(this.#maxCommitted, i);
      } else if (!sameEntry(known.entry, entry)) {
        fail(
          `committed entry ${i} changed on member ${node.id}: ${show(known.entry)} → ${show(entry)}`,
        );
      }
    }
  }

  /** A leader of term T holds every entry committed in an earlier term. */
  #leaderCompleteness(leader: RaftNode): void {
    const log = leader.log;
    for (let i = log.firstIndex(); i <= this.#maxCommitted; i++) {
      const known = this.#committed.get(i);
      if (known === undefined || known.observedTerm >= leader.term) continue;
      const entry = log.entry(i);
      if (entry === undefined || !sameEntry(known.entry, entry)) {
        fail(`leader completeness: leader ${leader.id} of term ${leader.term} lacks entry ${i}`);
      }
    }
  }
}

/** Two logs with an entry of the same index and term are identical up to there. */
function logMatching(a: RaftNode, b: RaftNode): void {
  const lo = Math.max(a.log.firstIndex(), b.log.firstIndex());
  let i = Math.min(a.log.lastIndex(), b.log.lastIndex());
  while (i >= lo && a.log.term(i) !== b.log.term(i)) i--;
  for (; i >= lo; i--) {
    const x = a.log.entry(i);
    const y = b.log.entry(i);
    if (x === undefined || y === undefined || !sameEntry(x, y)) {
      fail(`log matching: members ${a.id} and ${b.id} differ at ${i}`);
    }
  }
}

export function sameEntry(a: Entry, b: Entry): boolean {
  if (a === b) return true;
  if (a.term !== b.term || a.index !== b.index || a.data.length !== b.data.length) return false;
  return a.data.every((byte, i) => b.data[i] === byte);
}

function show(entry: Entry): string {
  return `(index ${entry.index}, term ${entry.term}, ${entry.data.length} bytes)`;
}

function fail(message: string): never {
  throw new Error(`raft invariant violated — ${message}`);
}
