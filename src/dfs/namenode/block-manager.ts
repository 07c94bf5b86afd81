// The block map, soft state rebuilt from reports: each block's stamp, length, state (under
// construction → committed → complete) and reported replicas. Invariant: a replica is in a block's
// map exactly when its id is in `byDatanode`; doomed replicas (deletion queued) are not re-learned.
import type { Clock } from '../../common/clock.js';
import type { Block, DatanodeInfo, ReplicaReport, ReplicaState } from '../types.js';
import type { DatanodeManager } from './datanode-manager.js';

export type BlockState = 'underConstruction' | 'committed' | 'complete';

export interface ReplicaEntry {
  readonly datanodeId: string;
  readonly genStamp: number;
  readonly numBytes: number;
  readonly state: ReplicaState;
  /** Reported bad, or of the wrong length or state for the block: never counted, read last. */
  readonly corrupt: boolean;
}

export interface BlockInfo {
  readonly blockId: number;
  genStamp: number;
  numBytes: number;
  replication: number;
  state: BlockState;
  readonly replicas: Map<string, ReplicaEntry>;
  /** A block being written: the datanodes of its pipeline. */
  expected: readonly DatanodeInfo[];
}

export interface PendingTransfer {
  readonly targets: Set<string>;
  readonly deadlineMs: number;
}

function entryOf(datanodeId: string, replica: ReplicaReport): ReplicaEntry {
  const { genStamp, numBytes, state } = replica;
  return { datanodeId, genStamp, numBytes, state, corrupt: false };
}

export class BlockManager {
  readonly blocks = new Map<number, BlockInfo>();
  /** Transfers scheduled and not yet reported, by block id. */
  readonly pending = new Map<number, PendingTransfer>();
  readonly datanodes: DatanodeManager;
  readonly #clock: Clock;
  readonly #byDatanode = new Map<string, Set<number>>();
  /** Replicas whose deletion is queued or sent, by datanode id. */
  readonly #doomed = new Map<string, Set<number>>();

  constructor(datanodes: DatanodeManager, clock: Clock) {
    this.datanodes = datanodes;
    this.#clock = clock;
  }

  // ---- The catalog, kept in step with the namespace ----

  addBlock(
    block: Block,
    replication: number,
    state: BlockState,
    expected: readonly DatanodeInfo[] = [],
  ): BlockInfo {
    const info: BlockInfo = {
      blockId: block.blockId,
      genStamp: block.genStamp,
      numBytes: block.numBytes,
      replication,
      state,
      replicas: new Map(),
      expected,
    };
    this.blocks.set(block.blockId, info);
    return info;
  }

  /** Blocks of deleted files or abandoned: every replica is deleted. */
  removeBlocks(blocks: readonly Block[]): void {
    for (const block of blocks) {
      const info = this.blocks.get(block.blockId);
      if (info === undefined) continue;
      for (const replica of [...info.replicas.values()]) this.#doom(info, replica);
      this.blocks.delete(block.blockId);
      this.pending.delete(block.blockId);
    }
  }

  /** The writer committed the block's length; complete at once if a replica already matches. */
  commit(blockId: number, numBytes: number): void {
    const info = this.blocks.get(blockId);
    if (info === undefined) return;
    info.numBytes = numBytes;
    if (info.state === 'underConstruction') info.state = 'committed';
    this.#settle(info);
  }

  /** Pipeline recovery moved the block being written to a new stamp, length and pipeline. */
  updatePipeline(
    blockId: number,
    genStamp: number,
    numBytes: number,
    expected: readonly DatanodeInfo[],
  ): void {
    const info = this.blocks.get(blockId);
    if (info === undefined) return;
    info.genStamp = genStamp;
    info.numBytes = numBytes;
    info.expected = expected;
    for (const replica of [...info.replicas.values()]) {
      if (replica.genStamp < genStamp) this.#dropReplica(info, replica.datanodeId);
    }
  }

  /** Append reopened a complete block under a new stamp. */
  reopen(blockId: number, genStamp: number, expected: readonly DatanodeInfo[]): void {
    const info = this.blocks.get(blockId);
    if (info === undefined) return;
    info.genStamp = genStamp;
    info.state = 'underConstruction';
    info.expected = expected;
    this.pending.delete(blockId);
  }

  /** The file closed: its blocks are complete whatever was reported. */
  forceComplete(blockId: number): void {
    const info = this.blocks.get(blockId);
    if (info === undefined) return;
    info.state = 'complete';
    info.expected = [];
    this.#settle(info);
  }

  /** Block recovery settled the block: `targets` hold it at `genStamp`/`numBytes`. */
  syncBlock(blockId: number, genStamp: number, numBytes: number, targets: readonly string[]): void {
    const info = this.blocks.get(blockId);
    if (info === undefined) return;
    info.genStamp = genStamp;
    info.numBytes = numBytes;
    for (const datanodeId of targets) {
      if (!this.datanodes.isRegistered(datanodeId)) continue;
      this.#doomed.get(datanodeId)?.delete(blockId);
      const replica = { datanodeId, genStamp, numBytes, state: 'finalized' as const };
      this.#setReplica(info, { ...replica, corrupt: false }, true);
    }
    this.forceComplete(blockId);
  }

  /** Block recovery started: reports are recorded, not judged, until it settles the block. */
  beginRecovery(blockId: number): void {
    const info = this.blocks.get(blockId);
    if (info !== undefined) info.state = 'underConstruction';
  }

  // ---- Replica reports ----

  /** A full block report: replaces everything known about this datanode's replicas. */
  processReport(datanodeId: string, replicas: readonly ReplicaReport[]): void {
    const reported = new Set<number>();
    for (const replica of replicas) {
      reported.add(replica.blockId);
      this.processReplica(datanodeId, replica);
    }
    for (const blockId of [...(this.#byDatanode.get(datanodeId) ?? [])]) {
      const info = this.blocks.get(blockId);
      if (!reported.has(blockId) && info !== undefined) this.#dropReplica(info, datanodeId);
    }
    const doomed = this.#doomed.get(datanodeId);
    if (doomed !== undefined) {
      for (const blockId of [...doomed]) {
        if (!reported.has(blockId)) doomed.delete(blockId);
      }
    }
  }

  /** One replica of a report (full or incremental) by the rules of docs/dfs.md. */
  processReplica(datanodeId: string, replica: ReplicaReport): void {
    if (this.#doomed.get(datanodeId)?.has(replica.blockId) === true) return;
    const info = this.blocks.get(replica.blockId);
    const asBlock = { blockId: replica.blockId, genStamp: replica.genStamp, numBytes: 0 };
    if (info === undefined) {
      this.#invalidate(datanodeId, { ...asBlock, numBytes: replica.numBytes });
      return;
    }
    if (info.state === 'underConstruction') {
      // A stale replica of a block being written is left alone: the pipeline may reopen it.
      if (replica.genStamp >= info.genStamp) this.#setReplica(info, entryOf(datanodeId, replica));
      return;
    }
    if (replica.genStamp < info.genStamp) {
      this.#dropReplica(info, datanodeId);
      this.#invalidate(datanodeId, { ...asBlock, numBytes: replica.numBytes });
      return;
    }
    if (replica.state === 'rbw' || replica.state === 'temporary') {
      if (info.state === 'committed') this.#setReplica(info, entryOf(datanodeId, replica));
      return;
    }
    this.#setReplica(info, entryOf(datanodeId, replica));
    this.#settle(info);
  }

  processDeleted(datanodeId: string, blockId: number): void {
    this.#doomed.get(datanodeId)?.delete(blockId);
    const info = this.blocks.get(blockId);
    if (info !== undefined) this.#dropReplica(info, datanodeId);
  }

  /** A reader or the scanner found this replica's bytes bad. */
  markCorrupt(datanodeId: string, block: Block): void {
    const info = this.blocks.get(block.blockId);
    if (info === undefined) return;
    const replica = info.replicas.get(datanodeId);
    if (replica === undefined) return;
    if (replica.genStamp < info.genStamp && info.state !== 'underConstruction') {
      this.#doom(info, replica);
      return;
    }
    this.#setReplica(info, { ...replica, corrupt: true });
  }

  /** A datanode died or registered again: forget its replicas (a block report brings them back). */
  removeDatanode(datanodeId: string): void {
    for (const blockId of this.#byDatanode.get(datanodeId) ?? []) {
      this.blocks.get(blockId)?.replicas.delete(datanodeId);
    }
    this.#byDatanode.delete(datanodeId);
    this.#doomed.delete(datanodeId);
    for (const pending of this.pending.values()) pending.targets.delete(datanodeId);
  }

  // ---- Questions ----

  /** A finalized replica with the block's stamp and length, not marked corrupt. */
  isGood(info: BlockInfo, replica: ReplicaEntry): boolean {
    return (
      replica.state === 'finalized' &&
      !replica.corrupt &&
      replica.genStamp === info.genStamp &&
      replica.numBytes === info.numBytes
    );
  }

  /** Datanodes (not dead) holding a good replica. */
  goodHolders(info: BlockInfo): string[] {
    const out: string[] = [];
    for (const replica of info.replicas.values()) {
      if (this.isGood(info, replica) && this.datanodes.state(replica.datanodeId) !== 'dead') {
        out.push(replica.datanodeId);
      }
    }
    return out;
  }

  /** True when a good replica would match the block committed at `numBytes`. */
  hasMatchingReplica(info: BlockInfo, numBytes: number): boolean {
    for (const replica of info.replicas.values()) {
      const sameBytes = replica.genStamp === info.genStamp && replica.numBytes === numBytes;
      if (replica.state === 'finalized' && !replica.corrupt && sameBytes) return true;
    }
    return false;
  }

  corruptHolders(info: BlockInfo): string[] {
    return [...info.replicas.values()].filter((r) => r.corrupt).map((r) => r.datanodeId);
  }

  isDoomed(datanodeId: string, blockId: number): boolean {
    return this.#doomed.get(datanodeId)?.has(blockId) === true;
  }

  blockCount(datanodeId: string): number {
    return this.#byDatanode.get(datanodeId)?.size ?? 0;
  }

  /** Safe mode's figures: complete blocks with a good replica, of all blocks past construction. */
  safeCounts(): { safe: number; total: number } {
    let safe = 0;
    let total = 0;
    for (const info of this.blocks.values()) {
      if (info.state === 'underConstruction') continue;
      total++;
      if (info.state === 'complete' && this.goodHolders(info).length > 0) safe++;
    }
    return { safe, total };
  }

  /** Deletes a replica (surplus, corrupt): dropped from the map and queued for its datanode. */
  doom(info: BlockInfo, datanodeId: string): void {
    const replica = info.replicas.get(datanodeId);
    if (replica !== undefined) this.#doom(info, replica);
  }

  // ---- Internals ----

  /** After the block's stamp, length or state moved: re-judges its replicas. */
  #settle(info: BlockInfo): void {
    if (info.state === 'underConstruction') return;
    for (const replica of [...info.replicas.values()]) {
      if (replica.genStamp < info.genStamp) {
        this.#doom(info, replica);
        continue;
      }
      const finalized = replica.state === 'finalized';
      const matches = replica.genStamp === info.genStamp && replica.numBytes === info.numBytes;
      const inFlight = replica.state === 'rbw' || replica.state === 'temporary';
      const wrong = finalized ? !matches : info.state === 'complete' && !inFlight;
      if (wrong && !replica.corrupt) this.#setReplica(info, { ...replica, corrupt: true });
      if (finalized && matches && !replica.corrupt) {
        if (info.state === 'committed') info.state = 'complete';
        const pending = this.pending.get(info.blockId);
        pending?.targets.delete(replica.datanodeId);
        if (pending?.targets.size === 0) this.pending.delete(info.blockId);
      }
    }
  }

  /** Records a replica; a corrupt mark for the same bytes stays unless `force`. */
  #setReplica(info: BlockInfo, replica: ReplicaEntry, force = false): void {
    const previous = info.replicas.get(replica.datanodeId);
    const keepCorrupt =
      !force &&
      previous?.corrupt === true &&
      previous.genStamp === replica.genStamp &&
      previous.numBytes === replica.numBytes;
    info.replicas.set(replica.datanodeId, keepCorrupt ? { ...replica, corrupt: true } : replica);
    let held = this.#byDatanode.get(replica.datanodeId);
    if (held === undefined) {
      held = new Set();
      this.#byDatanode.set(replica.datanodeId, held);
    }
    held.add(info.blockId);
  }

  #dropReplica(info: BlockInfo, datanodeId: string): void {
    info.replicas.delete(datanodeId);
    this.#byDatanode.get(datanodeId)?.delete(info.blockId);
  }

  #doom(info: BlockInfo, replica: ReplicaEntry): void {
    this.#dropReplica(info, replica.datanodeId);
    this.#invalidate(replica.datanodeId, {
      blockId: info.blockId,
      genStamp: replica.genStamp,
      numBytes: replica.numBytes,
    });
  }

  #invalidate(datanodeId: string, block: Block): void {
    if (!this.datanodes.isRegistered(datanodeId)) return;
    let doomed = this.#doomed.get(datanodeId);
    if (doomed === undefined) {
      doomed = new Set();
      this.#doomed.set(datanodeId, doomed);
    }
    doomed.add(block.blockId);
    this.datanodes.queueInvalidate(datanodeId, block);
  }

  /** Monotonic now, for pending transfer deadlines. */
  nowMs(): number {
    return this.#clock.monotonicMs();
  }
}
