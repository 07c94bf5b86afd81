// Incremental block reports (replicas received and deleted) and bad-replica reports to the
// namenode: sent at once when none is in flight, batched while one is, retried after a failure,
// and held while the datanode is not registered. A newer entry for a block replaces an older one.
import type { Clock, TimerHandle } from '../../common/clock.js';
import type { Logger } from '../../common/log.js';
import type { Stub } from '../../rpc/index.js';
import { BLOCK_REPORT_BLOCKS_MAX, NAMENODE_CALL_TIMEOUT_MS } from '../limits.js';
import type { BadReplica, NamenodeDatanodeService } from '../protocol.js';
import type { ReplicaReport } from '../types.js';
import type { ReplicaEvents } from './replica-store.js';

export type NamenodeStub = Stub<(typeof NamenodeDatanodeService)['methods']>;

/** Pause after a failed report before it is sent again. */
export const REPORT_RETRY_DELAY_MS = 500;
/** Bad replicas in one reportBadBlocks call (and held at most). */
export const BAD_REPLICAS_PER_REPORT_MAX = 1_000;

export interface ReportQueueOptions {
  readonly namenode: NamenodeStub;
  readonly datanodeId: string;
  readonly clock: Clock;
  readonly logger: Logger;
}

export class ReportQueue implements ReplicaEvents {
  readonly #options: ReportQueueOptions;
  readonly #received = new Map<number, ReplicaReport>();
  /** Block ids, keyed by themselves (a map keeps the order and takeFirst works on it). */
  readonly #deleted = new Map<number, number>();
  readonly #bad = new Map<string, BadReplica>();
  #enabled = false;
  #sending = false;
  #stopped = false;
  #retryTimer: TimerHandle | undefined;

  constructor(options: ReportQueueOptions) {
    this.#options = options;
  }

  /** Entries waiting to be sent. */
  get pending(): number {
    return this.#received.size + this.#deleted.size + this.#bad.size;
  }

  received(report: ReplicaReport): void {
    this.#deleted.delete(report.blockId);
    this.#received.delete(report.blockId);
    this.#received.set(report.blockId, report);
    this.#kick();
  }

  deleted(blockId: number): void {
    this.#received.delete(blockId);
    this.#deleted.set(blockId, blockId);
    this.#kick();
  }

  bad(replicas: readonly BadReplica[]): void {
    for (const replica of replicas) {
      if (this.#bad.size >= BAD_REPLICAS_PER_REPORT_MAX) break;
      this.#bad.set(`${replica.block.blockId}_${replica.block.genStamp}`, replica);
    }
    this.#kick();
  }

  /** Registered: reports may flow. */
  enable(): void {
    this.#enabled = true;
    this.#kick();
  }

  /** The namenode forgot this datanode: hold reports until it registers again. */
  disable(): void {
    this.#enabled = false;
  }

  stop(): void {
    this.#stopped = true;
    if (this.#retryTimer !== undefined) this.#options.clock.clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  #kick(): void {
    if (!this.#enabled || this.#sending || this.#stopped || this.#retryTimer !== undefined) return;
    if (this.pending === 0) return;
    this.#sending = true;
    // A microtask later, so that what is queued in the same turn goes in the same report.
    queueMicrotask(() => void this.#send());
  }

  async #send(): Promise<void> {
    const received = takeFirst(this.#received, BLOCK_REPORT_BLOCKS_MAX);
    const deleted = takeFirst(this.#deleted, BLOCK_REPORT_BLOCKS_MAX - received.length);
    const bad = takeFirst(this.#bad, BAD_REPLICAS_PER_REPORT_MAX);
    const { namenode, datanodeId } = this.#options;
    const call = { timeoutMs: NAMENODE_CALL_TIMEOUT_MS };
    let failed = false;
    try {
      if (received.length > 0 || deleted.length > 0) {
        await namenode.incrementalBlockReport({ datanodeId, received, deleted }, call);
      }
    } catch (error) {
      failed = true;
      this.#requeue(received, deleted);
      this.#options.logger.warn({ err: error }, 'incremental block report failed; will retry');
    }
    try {
      if (bad.length > 0) await namenode.reportBadBlocks({ replicas: bad }, call);
    } catch (error) {
      failed = true;
      this.bad(bad);
      this.#options.logger.warn({ err: error }, 'bad block report failed; will retry');
    }
    this.#sending = false;
    if (failed && !this.#stopped) {
      this.#retryTimer = this.#options.clock.setTimeout(() => {
        this.#retryTimer = undefined;
        this.#kick();
      }, REPORT_RETRY_DELAY_MS);
      this.#retryTimer.unref();
    }
    this.#kick();
  }

  #requeue(received: readonly ReplicaReport[], deleted: readonly number[]): void {
    for (const report of received) {
      if (!this.#received.has(report.blockId) && !this.#deleted.has(report.blockId)) {
        this.#received.set(report.blockId, report);
      }
    }
    for (const id of deleted) {
      if (!this.#received.has(id)) this.#deleted.set(id, id);
    }
  }
}

/** Removes and returns up to `max` entries, oldest first. */
function takeFirst<K, V>(map: Map<K, V>, max: number): V[] {
  const out: V[] = [];
  for (const [key, value] of map) {
    if (out.length >= max) break;
    out.push(value);
    map.delete(key);
  }
  return out;
}
