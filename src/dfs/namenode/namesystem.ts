// The namesystem: the namespace and its edit log, the soft state beside it (blocks, datanodes,
// leases, safe mode, recoveries) and the monitors' timers. Every mutation goes through `log(edit)`:
// applied, mirrored and appended in one synchronous step, so edits are logged in the applied order.
import { join } from 'node:path';
import type { Clock, TimerHandle } from '../../common/clock.js';
import { InternalError } from '../../common/errors.js';
import type { Logger } from '../../common/log.js';
import type { Rng } from '../../common/rng.js';
import { assertNever } from '../../common/assert.js';
import { SafeModeError } from '../errors.js';
import { BlockManager } from './block-manager.js';
import { DatanodeManager } from './datanode-manager.js';
import { EditLog } from './edit-log.js';
import type { Edit } from './edits.js';
import { blockOf, type FileNode } from './inode.js';
import { LeaseManager } from './lease-manager.js';
import { checkLeases } from './lease-recovery.js';
import { namespaceToImage } from './namespace-image.js';
import type { ApplyResult, Namespace } from './namespace.js';
import { runReplicationMonitor } from './replication-monitor.js';
import { SafeMode } from './safe-mode.js';
import type { NamenodeTuning } from './tuning.js';

/** A block recovery in progress for a file's last block. */
export interface Recovery {
  readonly blockId: number;
  readonly newGenStamp: number;
  readonly primary: string | undefined;
  readonly deadlineMs: number;
  /** Primaries tried so far, so that a retry picks another. */
  readonly tried: ReadonlySet<string>;
}

export interface NamesystemOptions {
  readonly dataDir: string;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly logger: Logger;
  readonly tuning: NamenodeTuning;
}

export class Namesystem {
  readonly namespace: Namespace;
  readonly editLog: EditLog;
  readonly datanodes: DatanodeManager;
  readonly blocks: BlockManager;
  readonly leases = new LeaseManager();
  readonly safeMode: SafeMode;
  /** Block recoveries in progress, by file id. */
  readonly recoveries = new Map<number, Recovery>();
  readonly clock: Clock;
  readonly rng: Rng;
  readonly logger: Logger;
  readonly tuning: NamenodeTuning;
  readonly #timers = new Set<TimerHandle>();
  #stopped = false;

  private constructor(options: NamesystemOptions, editLog: EditLog, namespace: Namespace) {
    this.clock = options.clock;
    this.rng = options.rng;
    this.logger = options.logger;
    this.tuning = options.tuning;
    this.editLog = editLog;
    this.namespace = namespace;
    this.datanodes = new DatanodeManager(options.clock, options.tuning);
    this.blocks = new BlockManager(this.datanodes, options.clock);
    this.safeMode = new SafeMode(
      options.tuning.safeModeThreshold,
      options.tuning.safeModeExtensionMs,
    );
  }

  /** Loads the checkpoint and edits under `dataDir`, rebuilds block states and leases. */
  static async open(options: NamesystemOptions): Promise<Namesystem> {
    const { log, namespace } = await EditLog.open({
      location: join(options.dataDir, 'edits'),
      checkpointEdits: options.tuning.checkpointEdits,
      logger: options.logger,
    });
    const ns = new Namesystem(options, log, namespace);
    ns.#rebuildSoftState();
    options.logger.info(
      { txid: log.lastTxid, files: namespace.files.size, safeMode: ns.safeMode.on },
      'namesystem loaded',
    );
    return ns;
  }

  #rebuildSoftState(): void {
    const nowMs = this.clock.monotonicMs();
    for (const file of this.namespace.files.values()) {
      const last = file.blocks.length - 1;
      file.blocks.forEach((record, i) => {
        const state =
          file.writer === null
            ? 'complete'
            : i < last || file.writer.lastCommitted
              ? 'committed'
              : 'underConstruction';
        this.blocks.addBlock(blockOf(record), file.replication, state);
      });
      if (file.writer !== null) this.leases.add(file.writer.clientName, file.fileId, nowMs);
    }
    const { safe, total } = this.blocks.safeCounts();
    this.safeMode.update(safe, total, nowMs, true);
  }

  /** Starts the monitors. */
  start(): void {
    this.#every(this.tuning.heartbeatIntervalMs, () => this.checkDatanodes());
    this.#every(this.tuning.replicationCheckIntervalMs, () => this.checkReplication());
    this.#every(this.tuning.leaseCheckIntervalMs, () => {
      if (!this.safeMode.on) checkLeases(this);
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers) this.clock.clearTimeout(timer);
    this.#timers.clear();
    await this.editLog.close();
  }

  #every(intervalMs: number, task: () => void): void {
    const arm = (): void => {
      const timer = this.clock.setTimeout(() => {
        this.#timers.delete(timer);
        if (this.#stopped) return;
        try {
          task();
        } catch (error) {
          this.logger.error({ err: error }, 'namenode monitor failed');
        }
        arm();
      }, intervalMs);
      timer.unref();
      this.#timers.add(timer);
    };
    arm();
  }

  /** Declares silent datanodes dead; their replicas stop counting. */
  checkDatanodes(): void {
    for (const datanodeId of this.datanodes.declareDead()) {
      this.logger.warn({ datanodeId }, 'datanode is dead');
      this.blocks.removeDatanode(datanodeId);
    }
  }

  /** Safe mode's clock, then (outside it) one pass of the replication monitor. */
  checkReplication(): void {
    this.updateSafeMode();
    if (this.safeMode.on) return;
    runReplicationMonitor(this.blocks, this.rng, this.tuning.replicationPendingTimeoutMs);
  }

  updateSafeMode(): void {
    if (!this.safeMode.on) return;
    const { safe, total } = this.blocks.safeCounts();
    if (this.safeMode.update(safe, total, this.clock.monotonicMs())) {
      this.logger.info({ safe, total }, 'leaving safe mode');
    }
  }

  /** Throws unless the namespace may change: SafeMode, or Internal after an edit log failure. */
  checkWritable(what: string): void {
    if (this.editLog.failure !== undefined) {
      throw new InternalError(`cannot ${what}: the edit log failed; the namenode is read-only`);
    }
    if (this.safeMode.on) {
      throw new SafeModeError(`cannot ${what}: the namenode is in safe mode`);
    }
  }

  /**
   * Applies `edit` to the namespace (throwing its typed error if it does not apply, with nothing
   * changed), mirrors it in the soft state and appends it to the log. Resolves once it is synced.
   */
  log(edit: Edit): Promise<void> {
    if (this.editLog.failure !== undefined) {
      throw new InternalError('the edit log failed; the namenode is read-only');
    }
    const result = this.namespace.apply(edit);
    this.#mirror(edit, result);
    const durable = this.editLog.append(edit);
    if (this.editLog.checkpointDue) {
      this.editLog.checkpoint(namespaceToImage(this.namespace)).catch((error: unknown) => {
        this.logger.error({ err: error }, 'checkpoint failed');
      });
    }
    return durable;
  }

  /** The soft state after an edit; what the edit does not carry (pipelines) the caller sets. */
  #mirror(edit: Edit, result: ApplyResult): void {
    const nowMs = this.clock.monotonicMs();
    this.blocks.removeBlocks(result.removedBlocks);
    for (const fileId of result.removedFileIds) {
      this.leases.remove(fileId);
      this.recoveries.delete(fileId);
    }
    switch (edit.kind) {
      case 'mkdirs':
      case 'rename':
      case 'setGenStamp':
      case 'delete':
      case 'abandonBlock':
        return;
      case 'syncBlock': {
        const file = this.namespace.fileAt(edit.path);
        this.recoveries.delete(file.fileId);
        if (edit.close) this.leases.remove(file.fileId);
        return;
      }
      case 'create':
        this.leases.add(edit.clientName, edit.fileId, nowMs);
        return;
      case 'addBlock': {
        if (edit.previous !== null) {
          this.blocks.commit(edit.previous.blockId, edit.previous.numBytes);
        }
        const file = this.namespace.blockOwners.get(edit.blockId) as FileNode;
        const block = { blockId: edit.blockId, genStamp: edit.genStamp, numBytes: 0 };
        this.blocks.addBlock(block, file.replication, 'underConstruction');
        return;
      }
      case 'commitLast':
        this.blocks.commit(edit.last.blockId, edit.last.numBytes);
        return;
      case 'close': {
        if (edit.last !== null) this.blocks.commit(edit.last.blockId, edit.last.numBytes);
        const file = this.namespace.fileAt(edit.path);
        for (const block of file.blocks) this.blocks.forceComplete(block.blockId);
        this.leases.remove(file.fileId);
        this.recoveries.delete(file.fileId);
        return;
      }
      case 'updatePipeline': {
        const expected = this.blocks.blocks.get(edit.blockId)?.expected ?? [];
        this.blocks.updatePipeline(edit.blockId, edit.genStamp, edit.numBytes, expected);
        return;
      }
      case 'append': {
        const file = this.namespace.fileAt(edit.path);
        this.leases.add(edit.clientName, file.fileId, nowMs);
        const last = file.blocks[file.blocks.length - 1];
        if (edit.newGenStamp !== null && last !== undefined) {
          this.blocks.reopen(last.blockId, edit.newGenStamp, []);
        }
        return;
      }
      case 'reassignLease':
        this.leases.add(edit.clientName, this.namespace.fileAt(edit.path).fileId, nowMs);
        return;
      default:
        assertNever(edit, 'edit');
    }
  }
}
