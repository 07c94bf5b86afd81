// One replica as a datanode holds it in memory: stamp, state, directory, bytes on disk, the bytes a
// pipeline acknowledged, its open files and its writer. Invariant: visibleLength <= bytesOnDisk,
// and only a replica in `rbw` or `temporary` state has a writer.
import { RenewingMap } from '../../common/renewing-map.js';
import type { ReplicaReport, ReplicaState } from '../types.js';
import type { ReplicaFiles } from './replica-files.js';
import type { ReplicaDir } from './storage-layout.js';

/** The pipeline writing a replica; fencing it fails its waiting packets and refuses new ones. */
export interface ReplicaWriter {
  fence(error: Error): void;
}

export class Replica {
  readonly blockId: number;
  genStamp: number;
  state: ReplicaState;
  dir: ReplicaDir;
  /** Bytes in the data file (with their checksums in the meta file). */
  bytesOnDisk: number;
  /** What readers may see: the bytes the pipeline acknowledged (all of them once finalized). */
  visibleLength: number;
  files: ReplicaFiles | undefined;
  writer: ReplicaWriter | undefined;
  /** Under recovery: the recovery's new stamp, and the state the replica had before it. */
  recoveryId = 0;
  originalState: ReplicaState;
  /** Whether its directory was fsynced since its files were created or moved (for hsync). */
  dirSynced = false;
  /** Found corrupt at start-up (meta and data lengths disagree, or a bad header). */
  corrupt = false;

  constructor(init: {
    blockId: number;
    genStamp: number;
    state: ReplicaState;
    dir: ReplicaDir;
    bytesOnDisk: number;
    visibleLength: number;
  }) {
    this.blockId = init.blockId;
    this.genStamp = init.genStamp;
    this.state = init.state;
    this.dir = init.dir;
    this.bytesOnDisk = init.bytesOnDisk;
    this.visibleLength = init.visibleLength;
    this.originalState = init.state;
  }

  report(): ReplicaReport {
    return {
      blockId: this.blockId,
      genStamp: this.genStamp,
      numBytes: this.bytesOnDisk,
      state: this.state,
    };
  }

  describe(): string {
    return `blk_${this.blockId}_${this.genStamp} (${this.state}, ${this.bytesOnDisk} bytes)`;
  }
}

const noop = (): void => undefined;

/**
 * Runs jobs one at a time per key, in the order they were submitted: every I/O on a replica's
 * files and every change of its state goes through its block id's queue. Jobs must not submit to
 * their own key and wait for it (that would deadlock).
 */
export class KeyedSerial {
  readonly #tails = new RenewingMap<number, Promise<void>>();

  run<T>(key: number, job: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key);
    const result = previous === undefined ? job() : previous.then(job);
    const tail = result.then(noop, noop);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Keys with queued jobs (for tests and shutdown). */
  get busyKeys(): number {
    return this.#tails.size;
  }
}
