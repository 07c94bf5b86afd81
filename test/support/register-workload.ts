// Clients of the simulated cluster: each writes or reads the register (reads go through the log
// too), one operation at a time, at whichever member believes it leads; the history records
// when each call was made and when (if ever) its answer came, on one logical event counter.
import type { RegisterOp } from './linearizability.js';
import type { Outcome, SimCluster } from './raft-sim.js';
import { encodeCommand } from './sim-register.js';

interface Recorded {
  kind: 'write' | 'read';
  value: number;
  invokedAt: number;
  completedAt: number;
}

export interface WorkloadOptions {
  readonly clients: number;
  /** Operations started in all, at most. */
  readonly opsMax: number;
  /** Per tick, the chance that an idle client starts an operation. */
  readonly rate: number;
}

export class RegisterWorkload {
  readonly #cluster: SimCluster;
  readonly #options: WorkloadOptions;
  readonly #history: Recorded[] = [];
  readonly #busy: boolean[];
  #events = 0;
  #nextValue = 1;
  #stopped = false;
  completed = 0;

  constructor(cluster: SimCluster, options: WorkloadOptions) {
    this.#cluster = cluster;
    this.#options = options;
    this.#busy = Array.from({ length: options.clients }, () => false);
  }

  get history(): readonly RegisterOp[] {
    return this.#history;
  }

  get started(): number {
    return this.#history.length;
  }

  get idle(): boolean {
    return this.#busy.every((busy) => !busy);
  }

  /** Starts no more operations; those under way still complete. */
  stop(): void {
    this.#stopped = true;
  }

  step(): void {
    if (this.#stopped) return;
    const rng = this.#cluster.rng;
    for (let client = 0; client < this.#busy.length; client++) {
      if (this.#busy[client] === true || this.#history.length >= this.#options.opsMax) continue;
      if (rng.nextFloat() >= this.#options.rate) continue;
      const leaders = this.#cluster.leaders();
      const leader = leaders[rng.nextInt(Math.max(1, leaders.length))];
      if (leader === undefined) continue;
      this.#start(client, leader.id, rng.nextFloat() < 0.5 ? 'write' : 'read');
    }
  }

  #start(client: number, memberId: number, kind: 'write' | 'read'): void {
    const opId = this.#history.length;
    const value = kind === 'write' ? this.#nextValue++ : 0;
    const command = kind === 'write' ? { kind, opId, value } : { kind, opId };
    const record: Recorded = { kind, value, invokedAt: 0, completedAt: Infinity };
    try {
      this.#cluster.propose(memberId, encodeCommand(command), (outcome) =>
        this.#complete(client, record, outcome),
      );
    } catch {
      return; // Not the leader after all, or busy: nothing happened.
    }
    record.invokedAt = ++this.#events;
    this.#history.push(record);
    this.#busy[client] = true;
  }

  #complete(client: number, record: Recorded, outcome: Outcome): void {
    this.#busy[client] = false;
    if (!outcome.ok) return; // Unknown: it stays open in the history.
    record.completedAt = ++this.#events;
    if (record.kind === 'read') record.value = outcome.value;
    this.completed++;
  }
}
