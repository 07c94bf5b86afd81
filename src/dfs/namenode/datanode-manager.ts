// The datanodes the namenode knows: registrations, heartbeats, liveness by the clock (live, stale
// after staleMs of silence, dead after deadMs), and each datanode's queues of commands that ride
// on its heartbeat answers. Invariant: every queue is bounded; a dead datanode's queues are empty.
import type { Clock } from '../../common/clock.js';
import { LimitExceededError } from '../../common/errors.js';
import {
  DATANODES_MAX,
  INVALIDATE_BLOCKS_PER_HEARTBEAT_MAX,
  REPLICATION_COMMANDS_PER_HEARTBEAT_MAX,
} from '../limits.js';
import type { Block, DatanodeCommand, DatanodeInfo, DatanodeUsage } from '../types.js';
import type { PlacementCandidate } from './placement.js';
import {
  INVALIDATIONS_QUEUED_PER_DATANODE_MAX,
  RECOVERIES_QUEUED_PER_DATANODE_MAX,
  TRANSFERS_QUEUED_PER_DATANODE_MAX,
} from './tuning.js';

export type DatanodeState = 'live' | 'stale' | 'dead';
export type TransferCommand = Extract<DatanodeCommand, { kind: 'transfer' }>;
export type RecoverCommand = Extract<DatanodeCommand, { kind: 'recover' }>;

export interface DatanodeEntry {
  readonly info: DatanodeInfo;
  usage: DatanodeUsage;
  /** Monotonic time of the last heartbeat (or registration). */
  lastHeartbeatMs: number;
  /** Declared dead by the monitor: its replicas are forgotten until it registers again. */
  declaredDead: boolean;
  readonly transfers: TransferCommand[];
  readonly invalidations: Map<number, Block>;
  readonly recoveries: RecoverCommand[];
}

export interface LivenessTuning {
  readonly staleMs: number;
  readonly deadMs: number;
}

export class DatanodeManager {
  readonly #clock: Clock;
  readonly #tuning: LivenessTuning;
  readonly #entries = new Map<string, DatanodeEntry>();

  constructor(clock: Clock, tuning: LivenessTuning) {
    this.#clock = clock;
    this.#tuning = tuning;
  }

  /**
   * Registers a datanode, replacing an entry with its id or its address. Returns the ids whose
   * old entries were replaced (their replicas must be forgotten).
   */
  register(info: DatanodeInfo, usage: DatanodeUsage): string[] {
    const replaced = [...this.#entries.values()]
      .filter((e) => e.info.datanodeId === info.datanodeId || e.info.address === info.address)
      .map((e) => e.info.datanodeId);
    for (const id of replaced) this.#entries.delete(id);
    if (this.#entries.size >= DATANODES_MAX) {
      throw new LimitExceededError(`${DATANODES_MAX} datanodes are registered (DATANODES_MAX)`);
    }
    this.#entries.set(info.datanodeId, {
      info: { datanodeId: info.datanodeId, address: info.address },
      usage,
      lastHeartbeatMs: this.#clock.monotonicMs(),
      declaredDead: false,
      transfers: [],
      invalidations: new Map(),
      recoveries: [],
    });
    return replaced;
  }

  /** Records a heartbeat; false when the datanode must register (unknown or declared dead). */
  heartbeat(datanodeId: string, usage: DatanodeUsage): boolean {
    const entry = this.#entries.get(datanodeId);
    if (entry === undefined || entry.declaredDead) return false;
    entry.usage = usage;
    entry.lastHeartbeatMs = this.#clock.monotonicMs();
    return true;
  }

  entry(datanodeId: string): DatanodeEntry | undefined {
    return this.#entries.get(datanodeId);
  }

  entries(): IterableIterator<DatanodeEntry> {
    return this.#entries.values();
  }

  /** Registered and not declared dead: reports from it are taken. */
  isRegistered(datanodeId: string): boolean {
    const entry = this.#entries.get(datanodeId);
    return entry !== undefined && !entry.declaredDead;
  }

  stateOf(entry: DatanodeEntry): DatanodeState {
    if (entry.declaredDead) return 'dead';
    const silentMs = this.#clock.monotonicMs() - entry.lastHeartbeatMs;
    if (silentMs >= this.#tuning.deadMs) return 'dead';
    return silentMs >= this.#tuning.staleMs ? 'stale' : 'live';
  }

  /** The state of a datanode by id; unknown ones are dead. */
  state(datanodeId: string): DatanodeState {
    const entry = this.#entries.get(datanodeId);
    return entry === undefined ? 'dead' : this.stateOf(entry);
  }

  /** Live, non-stale datanodes with at least `minRemainingBytes` free, for placement. */
  placementCandidates(minRemainingBytes: number): PlacementCandidate[] {
    const out: PlacementCandidate[] = [];
    for (const entry of this.#entries.values()) {
      if (this.stateOf(entry) !== 'live') continue;
      if (entry.usage.remainingBytes < minRemainingBytes) continue;
      out.push({
        info: entry.info,
        load: entry.usage.activeTransfers + entry.transfers.length,
        remainingBytes: entry.usage.remainingBytes,
      });
    }
    return out;
  }

  /** Marks datanodes silent for deadMs as dead and empties their queues; returns their ids. */
  declareDead(): string[] {
    const dead: string[] = [];
    for (const entry of this.#entries.values()) {
      if (entry.declaredDead || this.stateOf(entry) !== 'dead') continue;
      entry.declaredDead = true;
      entry.transfers.length = 0;
      entry.invalidations.clear();
      entry.recoveries.length = 0;
      dead.push(entry.info.datanodeId);
    }
    return dead;
  }

  /** Queues a transfer; false when the datanode is unknown, dead or its queue is full. */
  queueTransfer(datanodeId: string, command: TransferCommand): boolean {
    const entry = this.#entries.get(datanodeId);
    if (entry === undefined || entry.declaredDead) return false;
    if (entry.transfers.length >= TRANSFERS_QUEUED_PER_DATANODE_MAX) return false;
    entry.transfers.push(command);
    return true;
  }

  queueInvalidate(datanodeId: string, block: Block): void {
    const entry = this.#entries.get(datanodeId);
    if (entry === undefined || entry.declaredDead) return;
    if (entry.invalidations.size >= INVALIDATIONS_QUEUED_PER_DATANODE_MAX) return;
    entry.invalidations.set(block.blockId, block);
  }

  /** Forgets a queued deletion (the replica turned out to be needed, e.g. re-reported good). */
  cancelInvalidate(datanodeId: string, blockId: number): void {
    this.#entries.get(datanodeId)?.invalidations.delete(blockId);
  }

  queueRecover(datanodeId: string, command: RecoverCommand): boolean {
    const entry = this.#entries.get(datanodeId);
    if (entry === undefined || entry.declaredDead) return false;
    if (entry.recoveries.length >= RECOVERIES_QUEUED_PER_DATANODE_MAX) return false;
    entry.recoveries.push(command);
    return true;
  }

  /**
   * The commands for one heartbeat answer: recoveries always; transfers and deletions only when
   * `replicationAllowed` (outside safe mode), each at most its per-heartbeat limit.
   */
  drain(datanodeId: string, replicationAllowed: boolean): DatanodeCommand[] {
    const entry = this.#entries.get(datanodeId);
    if (entry === undefined) return [];
    const commands: DatanodeCommand[] = entry.recoveries.splice(0);
    if (!replicationAllowed) return commands;
    commands.push(...entry.transfers.splice(0, REPLICATION_COMMANDS_PER_HEARTBEAT_MAX));
    if (entry.invalidations.size > 0) {
      const blocks: Block[] = [];
      for (const [blockId, block] of entry.invalidations) {
        if (blocks.length >= INVALIDATE_BLOCKS_PER_HEARTBEAT_MAX) break;
        blocks.push(block);
        entry.invalidations.delete(blockId);
      }
      commands.push({ kind: 'invalidate', blocks });
    }
    return commands;
  }
}
