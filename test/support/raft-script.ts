// A hand-driven Raft cluster for scripted scenarios: the test says which member ticks and which
// messages arrive (and may rewrite them); Readies are persisted to a StoredLog, then sent, then
// applied, as the member shell does.
import { SeededRng } from '../../src/common/rng.js';
import {
  RaftNode,
  StoredLog,
  type Entry,
  type Message,
  type PersistedState,
} from '../../src/coord/raft/index.js';

export interface ScriptOptions {
  readonly seed?: number;
  readonly electionTicks?: number;
  readonly heartbeatTicks?: number;
  readonly persisted?: ReadonlyMap<number, PersistedState>;
  readonly snapshotTrailingEntries?: number;
}

/** Rewrites or drops (undefined) a message on its way. */
export type Filter = (message: Message) => Message | undefined;

const DELIVERY_ROUNDS_MAX = 1_000;

export class ScriptedCluster {
  readonly ids: readonly number[];
  readonly nodes = new Map<number, RaftNode>();
  readonly disks = new Map<number, StoredLog>();
  readonly applied = new Map<number, Entry[]>();
  readonly down = new Set<number>();
  inbox: Message[] = [];
  readonly #options: ScriptOptions;
  readonly #rng: SeededRng;

  constructor(members: number, options: ScriptOptions = {}) {
    this.#options = options;
    this.#rng = new SeededRng(options.seed ?? 1);
    this.ids = Array.from({ length: members }, (_, i) => i + 1);
    for (const id of this.ids) {
      const disk = new StoredLog();
      const persisted = options.persisted?.get(id);
      if (persisted) disk.save(persisted.hardState, persisted.entries, persisted.snapshot);
      this.disks.set(id, disk);
      this.#boot(id);
    }
  }

  node(id: number): RaftNode {
    const node = this.nodes.get(id);
    if (node === undefined || this.down.has(id)) throw new Error(`member ${id} is down`);
    return node;
  }

  /** Handles every member's Readies: persist, queue the messages, apply, advance. */
  flush(): void {
    for (const [id, node] of this.nodes) {
      if (this.down.has(id)) continue;
      for (let ready = node.ready(); ready !== undefined; ready = node.ready()) {
        this.disks.get(id)?.save(ready.hardState, ready.entries, ready.snapshot);
        this.inbox.push(...ready.messages);
        if (ready.snapshot !== undefined) this.applied.set(id, []);
        this.applied.get(id)?.push(...ready.committed);
        node.advance(ready);
      }
    }
  }

  /** Delivers queued messages (through `filter`) until none are left. */
  deliver(filter: Filter = (m) => m): void {
    for (let round = 0; round < DELIVERY_ROUNDS_MAX; round++) {
      this.flush();
      const batch = this.inbox;
      if (batch.length === 0) return;
      this.inbox = [];
      for (const message of batch) {
        const delivered = filter(message);
        if (delivered === undefined || this.down.has(delivered.to)) continue;
        this.nodes.get(delivered.to)?.step(delivered);
      }
    }
    throw new Error(`messages still flowing after ${DELIVERY_ROUNDS_MAX} rounds`);
  }

  /** Ticks only member `id` (delivering after each tick) until `condition`; throws if never. */
  tickUntil(id: number, condition: () => boolean, filter?: Filter, ticksMax = 100): void {
    for (let i = 0; i < ticksMax && !condition(); i++) {
      this.node(id).tick();
      this.deliver(filter);
    }
    if (!condition()) throw new Error(`condition not met after ${ticksMax} ticks of ${id}`);
  }

  /** Ticks every member that is up, `ticks` times, delivering after each. */
  tickAll(ticks: number, filter?: Filter): void {
    for (let i = 0; i < ticks; i++) {
      for (const id of this.ids) if (!this.down.has(id)) this.node(id).tick();
      this.deliver(filter);
    }
  }

  crash(id: number): void {
    this.down.add(id);
  }

  restart(id: number): void {
    this.down.delete(id);
    this.#boot(id);
  }

  #boot(id: number): void {
    const persisted = this.disks.get(id)?.persisted();
    this.nodes.set(
      id,
      new RaftNode({
        id,
        members: this.ids,
        electionTicks: this.#options.electionTicks ?? 10,
        heartbeatTicks: this.#options.heartbeatTicks ?? 1,
        rng: new SeededRng(this.#rng.nextU32()),
        ...(persisted === undefined ? {} : { persisted }),
        ...(this.#options.snapshotTrailingEntries === undefined
          ? {}
          : { snapshotTrailingEntries: this.#options.snapshotTrailingEntries }),
      }),
    );
    this.applied.set(id, []);
  }
}

export function entries(...terms: number[]): Entry[] {
  return terms.map((term, i) => ({ term, index: i + 1, data: new Uint8Array([i + 1, term]) }));
}
