// One group commit: the records appended since the last sync, encoded back to back into one
// reusable buffer, and the promise every durable append in the group waits on. Invariant: records
// sit in the buffer in append order; the group settles once (all succeed or all fail together).
import { assert } from '../../common/assert.js';
import type { WalEntry } from './entry.js';
import { writeEntryRecord } from './frame.js';
import { WAL_BUFFER_INITIAL_BYTES, WAL_BUFFER_RETAIN_BYTES } from './limits.js';

export class CommitGroup {
  #buffer: Buffer = Buffer.allocUnsafe(WAL_BUFFER_INITIAL_BYTES);
  #length = 0;
  #entries = 0;
  /** Some append in the group waits for its sync (SYNC_WAL, FSYNC_WAL or sync()). */
  durable = false;
  /** Some append in the group asked for hsync (FSYNC_WAL). */
  fsync = false;
  /** Region → highest sequence id in the group (appends come in increasing order per region). */
  readonly regionMax = new Map<string, number>();
  #done!: Promise<void>;
  #resolve!: () => void;
  #reject!: (error: Error) => void;

  constructor() {
    this.#newPromise();
  }

  get entries(): number {
    return this.#entries;
  }

  get byteLength(): number {
    return this.#length;
  }

  /** Settles when the group's sync covers every record in it (rejects if the sync failed). */
  get done(): Promise<void> {
    return this.#done;
  }

  /** The group's records, back to back (valid until reset). */
  bytes(): Buffer {
    return this.#buffer.subarray(0, this.#length);
  }

  /** Encodes `entry` (`recordBytes` long, from entryRecordBytes) after the records already here. */
  add(entry: WalEntry, recordBytes: number): void {
    this.#reserve(recordBytes);
    const end = writeEntryRecord(entry, this.#buffer, this.#length);
    if (end !== this.#length + recordBytes)
      assert(false, `entry record is not ${recordBytes} bytes`);
    this.#length = end;
    this.#entries += 1;
    this.regionMax.set(entry.regionName, entry.sequenceId);
  }

  succeed(): void {
    this.#resolve();
  }

  fail(error: Error): void {
    this.#reject(error);
  }

  /** Empties the group for reuse, with a new promise (the old one stays with its waiters). */
  reset(): void {
    this.#length = 0;
    this.#entries = 0;
    this.durable = false;
    this.fsync = false;
    this.regionMax.clear();
    if (this.#buffer.length > WAL_BUFFER_RETAIN_BYTES) {
      this.#buffer = Buffer.allocUnsafe(WAL_BUFFER_INITIAL_BYTES);
    }
    this.#newPromise();
  }

  #reserve(bytes: number): void {
    const needed = this.#length + bytes;
    if (needed <= this.#buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.#buffer.length * 2));
    this.#buffer.copy(grown, 0, 0, this.#length);
    this.#buffer = grown;
  }

  #newPromise(): void {
    this.#done = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // A group may fail with nobody waiting on it (only ASYNC_WAL entries): not an unhandled error.
    this.#done.catch(() => undefined);
  }
}
