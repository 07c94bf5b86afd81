// The replica map of one datanode and the moves of replicas between states and directories. Every
// change to a replica (and every I/O on its files) runs on its block id's serial queue; a replica
// whose files moved or whose writer changed is noticed by jobs queued behind the change.
import { rename, unlink } from 'node:fs/promises';
import { assertNever } from '../../common/assert.js';
import type { Logger } from '../../common/log.js';
import { FencedError, ReplicaNotFoundError, ReplicaStateError } from '../errors.js';
import type { PipelineStage } from '../protocol.js';
import type { Block, ReplicaReport } from '../types.js';
import { KeyedSerial, Replica, type ReplicaWriter } from './replica.js';
import { ReplicaFiles, syncDirectory } from './replica-files.js';
import type { ReplicaDir, StorageLayout } from './storage-layout.js';
import { metaBytesFor } from './meta-file.js';

/** What the namenode must hear about: a replica finalized, a replica deleted. */
export interface ReplicaEvents {
  received(report: ReplicaReport): void;
  deleted(blockId: number): void;
}

export interface ReplicaStoreOptions {
  readonly layout: StorageLayout;
  readonly logger: Logger;
  /** fsync data and meta when a replica is finalized (HDFS dfs.datanode.synconclose). */
  readonly syncOnClose: boolean;
  readonly events: ReplicaEvents;
}

export class ReplicaStore {
  readonly layout: StorageLayout;
  readonly #options: ReplicaStoreOptions;
  readonly #replicas = new Map<number, Replica>();
  readonly #serial = new KeyedSerial();

  constructor(options: ReplicaStoreOptions) {
    this.layout = options.layout;
    this.#options = options;
  }

  get(blockId: number): Replica | undefined {
    return this.#replicas.get(blockId);
  }

  /** Runs `job` alone among the jobs of this block id. */
  serial<T>(blockId: number, job: () => Promise<T>): Promise<T> {
    return this.#serial.run(blockId, job);
  }

  /** Adds a replica found at start-up. */
  add(replica: Replica): void {
    this.#replicas.set(replica.blockId, replica);
  }

  get size(): number {
    return this.#replicas.size;
  }

  /** Every replica for a full block report (temporary ones are not reported, as HDFS). */
  reports(): ReplicaReport[] {
    const out: ReplicaReport[] = [];
    for (const replica of this.#replicas.values()) {
      if (replica.state !== 'temporary') out.push(replica.report());
    }
    return out;
  }

  /** Bytes of data and meta files the replicas take. */
  bytesUsed(): number {
    let bytes = 0;
    for (const replica of this.#replicas.values()) {
      bytes += replica.bytesOnDisk + metaBytesFor(replica.bytesOnDisk);
    }
    return bytes;
  }

  /** Replicas with a pipeline writing them. */
  writers(): number {
    let count = 0;
    for (const replica of this.#replicas.values()) if (replica.writer !== undefined) count++;
    return count;
  }

  /** The finalized replica with the smallest id above `blockId` (wrapping), for the scanner. */
  nextFinalized(blockId: number): Replica | undefined {
    let after: Replica | undefined;
    let first: Replica | undefined;
    for (const replica of this.#replicas.values()) {
      if (replica.state !== 'finalized') continue;
      if (first === undefined || replica.blockId < first.blockId) first = replica;
      if (replica.blockId > blockId && (after === undefined || replica.blockId < after.blockId)) {
        after = replica;
      }
    }
    return after ?? first;
  }

  /** The replica's files, opened if they are not (call inside its serial job). */
  async filesOf(replica: Replica): Promise<ReplicaFiles> {
    if (replica.files === undefined) {
      replica.files = await ReplicaFiles.open(
        this.layout.dataPath(replica.dir, replica.blockId),
        this.layout.metaPath(replica.dir, replica.blockId, replica.genStamp),
        true,
      );
    }
    return replica.files;
  }

  /**
   * Opens `block` for a pipeline (HDFS BlockConstructionStage) and hands it the writer
   * `makeWriter` builds; any previous writer is fenced.
   */
  openForWrite(
    block: Block,
    stage: PipelineStage,
    makeWriter: (replica: Replica) => ReplicaWriter,
  ): Promise<Replica> {
    return this.serial(block.blockId, async () => {
      const replica = await this.#openStage(block, stage);
      replica.writer = makeWriter(replica);
      return replica;
    });
  }

  async #openStage(block: Block, stage: PipelineStage): Promise<Replica> {
    const existing = this.get(block.blockId);
    switch (stage) {
      case 'create': {
        const replaceable =
          existing !== undefined &&
          (existing.state === 'rbw' ||
            existing.state === 'rwr' ||
            existing.state === 'temporary') &&
          existing.genStamp < block.genStamp;
        if (existing !== undefined && !replaceable) throw alreadyHeld(existing, block);
        if (existing !== undefined) await this.#discard(existing);
        return this.#createEmpty(block, 'rbw');
      }
      case 'transfer': {
        const replaceable =
          existing !== undefined &&
          (existing.state === 'temporary' || existing.genStamp < block.genStamp);
        if (existing !== undefined && !replaceable) throw alreadyHeld(existing, block);
        if (existing !== undefined) await this.#discard(existing);
        return this.#createEmpty(block, 'tmp');
      }
      case 'append':
        return this.#reopenForAppend(existing, block);
      case 'recover':
        return this.#reopenForRecovery(existing, block);
      default:
        return assertNever(stage, 'pipeline stage');
    }
  }

  async #createEmpty(block: Block, dir: 'rbw' | 'tmp'): Promise<Replica> {
    const replica = new Replica({
      blockId: block.blockId,
      genStamp: block.genStamp,
      state: dir === 'rbw' ? 'rbw' : 'temporary',
      dir,
      bytesOnDisk: 0,
      visibleLength: 0,
    });
    replica.files = await ReplicaFiles.create(
      this.layout.dataPath(dir, block.blockId),
      this.layout.metaPath(dir, block.blockId, block.genStamp),
    );
    this.#replicas.set(block.blockId, replica);
    return replica;
  }

  async #reopenForAppend(existing: Replica | undefined, block: Block): Promise<Replica> {
    if (existing === undefined) throw notFound(block.blockId);
    if (existing.state !== 'finalized') {
      throw new ReplicaStateError(`append to ${existing.describe()}: it is not finalized`);
    }
    if (existing.genStamp > block.genStamp) throw newerStamp(existing, block);
    if (existing.bytesOnDisk !== block.numBytes) {
      throw new ReplicaStateError(
        `append to ${existing.describe()}: the block has ${block.numBytes} bytes, the replica ${existing.bytesOnDisk}`,
      );
    }
    await this.move(existing, 'rbw', block.genStamp);
    existing.state = 'rbw';
    existing.originalState = 'rbw';
    existing.visibleLength = existing.bytesOnDisk;
    await this.filesOf(existing);
    return existing;
  }

  async #reopenForRecovery(existing: Replica | undefined, block: Block): Promise<Replica> {
    if (existing === undefined) throw notFound(block.blockId);
    if (existing.state === 'temporary') {
      throw new ReplicaStateError(`pipeline recovery of ${existing.describe()}: it is temporary`);
    }
    if (existing.genStamp > block.genStamp) throw newerStamp(existing, block);
    if (block.numBytes > existing.bytesOnDisk) {
      throw new ReplicaStateError(
        `pipeline recovery of ${existing.describe()} to ${block.numBytes} bytes: it holds fewer`,
      );
    }
    existing.writer?.fence(new FencedError(`blk_${block.blockId} was reopened for recovery`));
    existing.writer = undefined;
    const files = await this.filesOf(existing);
    if (block.numBytes < existing.bytesOnDisk) await files.truncate(block.numBytes);
    existing.bytesOnDisk = block.numBytes;
    existing.visibleLength = block.numBytes;
    await this.move(existing, 'rbw', block.genStamp);
    existing.state = 'rbw';
    existing.originalState = 'rbw';
    return existing;
  }

  /** Finalizes a replica its writer completed (the last packet): moved to finalized/, reported. */
  finalize(replica: Replica, writer: ReplicaWriter): Promise<void> {
    return this.serial(replica.blockId, async () => {
      if (this.get(replica.blockId) !== replica || replica.writer !== writer) {
        throw new FencedError(`${replica.describe()} changed before it could be finalized`);
      }
      await this.finalizeNow(replica);
    });
  }

  /**
   * Closes, moves and reports a replica (call inside its serial job); with `sync` (or
   * syncOnClose) its files and its new directory entry are fsynced first.
   */
  async finalizeNow(replica: Replica, sync = this.#options.syncOnClose): Promise<void> {
    if (replica.files !== undefined) {
      if (sync) await replica.files.sync();
      await replica.files.close();
      replica.files = undefined;
    }
    await this.move(replica, 'finalized', replica.genStamp);
    if (sync) await this.syncDir(replica);
    replica.state = 'finalized';
    replica.originalState = 'finalized';
    replica.visibleLength = replica.bytesOnDisk;
    replica.writer = undefined;
    this.#options.events.received(replica.report());
  }

  /** Renames the replica's files to `dir` and `genStamp`: meta first, then data (see the loader). */
  async move(replica: Replica, dir: ReplicaDir, genStamp: number): Promise<void> {
    const layout = this.layout;
    if (replica.dir === dir && replica.genStamp === genStamp) return;
    await rename(
      layout.metaPath(replica.dir, replica.blockId, replica.genStamp),
      layout.metaPath(dir, replica.blockId, genStamp),
    );
    if (replica.dir !== dir) {
      await rename(
        layout.dataPath(replica.dir, replica.blockId),
        layout.dataPath(dir, replica.blockId),
      );
    }
    replica.dir = dir;
    replica.genStamp = genStamp;
    replica.dirSynced = false;
  }

  /** fsyncs the directory of the replica's files once after they were created or moved. */
  async syncDir(replica: Replica): Promise<void> {
    if (replica.dirSynced) return;
    await syncDirectory(this.layout.dirOf(replica.dir));
    replica.dirSynced = true;
  }

  /**
   * Deletes the replica of `block` if its stamp is not newer than the block's (a newer one is not
   * what the namenode meant), and reports it deleted. Returns whether it deleted one.
   */
  invalidate(block: Block): Promise<boolean> {
    return this.serial(block.blockId, async () => {
      const replica = this.get(block.blockId);
      if (replica === undefined || replica.genStamp > block.genStamp) return false;
      await this.#discard(replica);
      this.#options.events.deleted(block.blockId);
      return true;
    });
  }

  async #discard(replica: Replica): Promise<void> {
    replica.writer?.fence(new FencedError(`${replica.describe()} was deleted`));
    replica.writer = undefined;
    await replica.files?.close();
    replica.files = undefined;
    this.#replicas.delete(replica.blockId);
    await Promise.all([
      unlinkIfThere(this.layout.dataPath(replica.dir, replica.blockId)),
      unlinkIfThere(this.layout.metaPath(replica.dir, replica.blockId, replica.genStamp)),
    ]);
    this.#options.logger.debug({ block: replica.blockId }, `deleted ${replica.describe()}`);
  }

  /** Fences every writer and closes every file (the datanode is stopping). */
  async close(): Promise<void> {
    const jobs = [...this.#replicas.values()].map((replica) =>
      this.serial(replica.blockId, async () => {
        // Not a fence: the writer should recover its pipeline without this datanode.
        replica.writer?.fence(new ReplicaStateError('the datanode is stopping'));
        replica.writer = undefined;
        await replica.files?.close();
        replica.files = undefined;
      }),
    );
    await Promise.allSettled(jobs);
  }
}

async function unlinkIfThere(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function notFound(blockId: number): ReplicaNotFoundError {
  return new ReplicaNotFoundError(`no replica of blk_${blockId} here`);
}

function alreadyHeld(existing: Replica, block: Block): ReplicaStateError {
  return new ReplicaStateError(
    `cannot open blk_${block.blockId}_${block.genStamp}: this datanode holds ${existing.describe()}`,
  );
}

function newerStamp(existing: Replica, block: Block): FencedError {
  return new FencedError(
    `blk_${block.blockId}_${block.genStamp} is older than the replica here, ${existing.describe()}`,
  );
}
