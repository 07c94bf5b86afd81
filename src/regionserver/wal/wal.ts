// The region server's write-ahead log (HBase FSHLog/AsyncFSWAL): appends group-committed to one
// file on the block filesystem, rolled by size, archived once flushed. Invariants: at most one sync
// in flight; records reach the file in append order; nothing durable is acknowledged before an
// hflush (hsync for FSYNC_WAL) covering it; after a failed sync every append fails.
import { assert } from '../../common/assert.js';
import { silentLogger, type Logger } from '../../common/log.js';
import { CommitGroup } from './commit-group.js';
import { DelayedSync } from './delayed-sync.js';
import { checkEntry, type WalDurability, type WalEntry } from './entry.js';
import { WalArchiver } from './archiver.js';
import { WalClosedError, WalSyncFailedError } from './errors.js';
import {
  ASYNC_WAL_SYNC_DELAY_MS,
  WAL_FILES_MAX,
  WAL_QUEUE_BYTES_MAX,
  WAL_QUEUE_ENTRIES_MAX,
  WAL_ROLL_BYTES_DEFAULT,
} from './limits.js';
import { RoomQueue } from './room-queue.js';
import { LogFiles, type CurrentFile } from './log-files.js';
import { checkWalOptions, type WalOptions, type WalStats } from './wal-options.js';

type WalState =
  | { readonly kind: 'open' }
  | { readonly kind: 'closing' }
  | { readonly kind: 'closed' }
  | { readonly kind: 'failed'; readonly error: WalSyncFailedError };

interface Settler {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

const RESOLVED: Promise<void> = Promise.resolve();

export class Wal {
  readonly #serverName: string;
  readonly #rollBytes: number;
  readonly #logger: Logger;
  readonly #archiver: WalArchiver;
  readonly #lastSequenceId = new Map<string, number>();
  #state: WalState = { kind: 'open' };
  readonly #files: LogFiles;
  /** The group filling up, the one being synced, and a reset one to swap in. */
  #fill = new CommitGroup();
  #inflight: CommitGroup | null = null;
  #spare = new CommitGroup();
  readonly #roomQueue: RoomQueue;
  #rollWaiters: Settler[] = [];
  #rollWanted = false;
  readonly #asyncSync: DelayedSync;
  #loop: Promise<void> | null = null;
  #closing: Promise<void> | null = null;
  #counts = { appends: 0, syncs: 0, hsyncs: 0, bytesWritten: 0, rolls: 0 };

  private constructor(
    options: WalOptions,
    dirs: { readonly dir: string; readonly archiveDir: string },
  ) {
    this.#serverName = options.serverName;
    this.#rollBytes = options.rollBytes ?? WAL_ROLL_BYTES_DEFAULT;
    this.#logger = (options.logger ?? silentLogger).child({ component: 'wal' });
    this.#archiver = new WalArchiver(options.fs, dirs.dir, dirs.archiveDir, this.#logger);
    this.#roomQueue = new RoomQueue(options.clock);
    this.#asyncSync = new DelayedSync(options.clock, ASYNC_WAL_SYNC_DELAY_MS, () => this.#kick());
    this.#files = new LogFiles({
      fs: options.fs,
      dir: dirs.dir,
      serverName: options.serverName,
      clock: options.clock,
      replication: options.replication,
      tracker: this.#archiver.tracker,
      logger: this.#logger,
    });
  }

  /** Makes the directories and the first file (its header visible) and returns the open log. */
  static async open(options: WalOptions): Promise<Wal> {
    checkWalOptions(options);
    const dir = options.dir.replace(/\/+$/, '');
    const archiveDir = options.archiveDir.replace(/\/+$/, '');
    await options.fs.mkdirs(dir);
    await options.fs.mkdirs(archiveDir);
    const wal = new Wal(options, { dir, archiveDir });
    await wal.#files.start();
    return wal;
  }

  /**
   * Queues `entry` behind every earlier append. SYNC_WAL resolves after an hflush covering it,
   * FSYNC_WAL after an hsync, ASYNC_WAL once queued (synced within ASYNC_WAL_SYNC_DELAY_MS, or
   * after the sync then in flight). Within a region, sequence ids must increase.
   */
  append(entry: WalEntry, durability: WalDurability): Promise<void> {
    const refusal = this.#refusal();
    if (refusal !== null) return Promise.reject(refusal);
    let recordBytes: number;
    try {
      recordBytes = checkEntry(entry);
    } catch (error) {
      return Promise.reject(error);
    }
    const last = this.#lastSequenceId.get(entry.regionName);
    // The message only on failure: a template built on every append cost each write its strings.
    if (last !== undefined && entry.sequenceId <= last) {
      assert(false, `region ${entry.regionName}: sequence id ${entry.sequenceId} after ${last}`);
    }
    this.#lastSequenceId.set(entry.regionName, entry.sequenceId);
    if (this.#roomQueue.length > 0 || !this.#hasRoom(recordBytes)) {
      return this.#roomQueue.wait({ entry, durability, recordBytes });
    }
    return this.#admit(entry, durability, recordBytes);
  }

  /** Resolves once everything appended before the call is hflushed. */
  sync(): Promise<void> {
    const refusal = this.#refusal();
    if (refusal !== null) return Promise.reject(refusal);
    if (this.#roomQueue.length > 0)
      return this.#roomQueue.wait({ entry: null, durability: 'SYNC_WAL', recordBytes: 0 });
    return this.#syncBarrier();
  }

  /** Starts a new file; resolves once later appends go to it and the old one is closed. */
  roll(): Promise<void> {
    const refusal = this.#refusal();
    if (refusal !== null) return Promise.reject(refusal);
    return new Promise<void>((resolve, reject) => {
      this.#rollWaiters.push({ resolve, reject });
      this.#rollWanted = true;
      this.#kick();
    });
  }

  /**
   * The region's edits up to `flushedSequenceId` are in store files. Resolves once every file
   * this makes archivable is in the archive directory (a failed rename is retried next time).
   */
  markFlushed(regionName: string, flushedSequenceId: number): Promise<void> {
    this.#archiver.tracker.markFlushed(regionName, flushedSequenceId);
    return this.#archiver.archiveSoon();
  }

  /** The regions whose unflushed edits keep the oldest closed file from being archived. */
  unflushedRegions(): string[] {
    return this.#archiver.tracker.unflushedRegions();
  }

  /** With more than WAL_FILES_MAX files, the regions to flush (HBase maxlogs); else none. */
  regionsToFlush(): string[] {
    return this.filesCount > WAL_FILES_MAX ? this.unflushedRegions() : [];
  }

  /** Files not yet archived, the current one included. */
  get filesCount(): number {
    return this.#archiver.tracker.filesCount;
  }

  stats(): WalStats {
    return {
      ...this.#counts,
      archived: this.#archiver.archived,
      currentFile: this.#files.current.path,
    };
  }

  /**
   * Syncs what is queued, writes the trailer and closes the file. Rejects if that fails; resolves
   * at once on a Wal that had already failed. Later appends fail with WalClosedError.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutDown();
    return this.#closing;
  }

  #refusal(): Error | null {
    const state = this.#state;
    switch (state.kind) {
      case 'open':
        return null;
      case 'closing':
      case 'closed':
        return new WalClosedError(`the WAL of ${this.#serverName} is closed`);
      case 'failed':
        return new WalSyncFailedError(
          `the WAL of ${this.#serverName} failed earlier: ${state.error.message}`,
          { cause: state.error },
        );
    }
  }

  #hasRoom(recordBytes: number): boolean {
    const fill = this.#fill;
    if (fill.entries === 0) return true;
    return (
      fill.entries < WAL_QUEUE_ENTRIES_MAX && fill.byteLength + recordBytes <= WAL_QUEUE_BYTES_MAX
    );
  }

  #admit(entry: WalEntry, durability: WalDurability, recordBytes: number): Promise<void> {
    const group = this.#fill;
    group.add(entry, recordBytes);
    this.#counts.appends += 1;
    if (durability === 'ASYNC_WAL') {
      this.#asyncSync.arm();
      return RESOLVED;
    }
    group.durable = true;
    if (durability === 'FSYNC_WAL') group.fsync = true;
    this.#kick();
    return group.done;
  }

  #syncBarrier(): Promise<void> {
    const group = this.#fill;
    if (group.entries > 0) {
      group.durable = true;
      this.#kick();
      return group.done;
    }
    return this.#inflight?.done ?? RESOLVED;
  }

  /** Moves waiting appends, in order, into the filling group while it has room. */
  #admitWaiting(): void {
    this.#roomQueue.admit(
      (waiter) => waiter.entry === null || this.#hasRoom(waiter.recordBytes),
      ({ entry, durability, recordBytes }) =>
        entry === null ? this.#syncBarrier() : this.#admit(entry, durability, recordBytes),
    );
  }

  /** Starts the sync loop unless it runs or has nothing to do. */
  #kick(): void {
    if (this.#loop !== null || !this.#workDue()) return;
    this.#loop = this.#runLoop().finally(() => {
      this.#loop = null;
      this.#kick(); // work may have arrived between the loop's last check and now
    });
  }

  #workDue(): boolean {
    const state = this.#state.kind;
    if (state !== 'open' && state !== 'closing') return false;
    if (this.#rollWanted && state === 'open') return true;
    const fill = this.#fill;
    return fill.entries > 0 && (fill.durable || this.#asyncSync.due || state === 'closing');
  }

  async #runLoop(): Promise<void> {
    try {
      while (this.#workDue()) {
        if (this.#rollWanted && this.#state.kind === 'open') {
          await this.#roll();
          continue;
        }
        // One turn of the event loop first: appends of requests already read in this turn (the
        // sync's acknowledgement and the clients' requests arrive together) join this group
        // instead of waiting a whole round trip for the next. Fewer, fuller packets: in YCSB A a
        // tenth fewer syncs per operation, and the region server's loop is what limits it.
        await nextTurn();
        if (this.#workDue()) await this.#syncGroup();
      }
    } catch (error) {
      this.#fail(error);
    }
  }

  /** One group commit: the filling group's bytes in one write, then one hflush (or hsync). */
  async #syncGroup(): Promise<void> {
    const group = this.#fill;
    this.#fill = this.#spare;
    this.#inflight = group;
    this.#asyncSync.cancel();
    this.#admitWaiting();
    const file = this.#files.current;
    try {
      await file.stream.write(group.bytes());
      if (group.fsync) await file.stream.hsync();
      else await file.stream.hflush();
    } catch (error) {
      const failure = new WalSyncFailedError(
        `syncing ${group.entries} entries (${group.byteLength} bytes) to ${file.path} failed: ` +
          messageOf(error),
        { cause: error },
      );
      group.fail(failure);
      throw failure;
    }
    this.#counts.syncs += 1;
    if (group.fsync) this.#counts.hsyncs += 1;
    this.#counts.bytesWritten += group.byteLength;
    file.entries += group.entries;
    this.#archiver.tracker.record(file.name, group.regionMax);
    this.#inflight = null;
    group.succeed();
    group.reset();
    this.#spare = group;
    if (file.stream.position >= this.#rollBytes) this.#rollWanted = true;
  }

  /** Creates the next file, switches to it, then closes the old one with its trailer. */
  async #roll(): Promise<void> {
    this.#rollWanted = false;
    const waiters = this.#rollWaiters;
    this.#rollWaiters = [];
    let old: CurrentFile;
    try {
      old = await this.#files.roll();
    } catch (error) {
      const failure = new WalSyncFailedError(
        `rolling ${this.#files.current.path}: the next file could not be created: ` +
          messageOf(error),
        { cause: error },
      );
      for (const waiter of waiters) waiter.reject(failure);
      throw failure;
    }
    this.#counts.rolls += 1;
    this.#logger.debug({ from: old.path, to: this.#files.current.path }, 'WAL rolled');
    for (const waiter of waiters) waiter.resolve();
    this.#archiver.archiveSoon().catch(() => undefined);
  }

  #fail(error: unknown): void {
    if (this.#state.kind === 'closed' || this.#state.kind === 'failed') return;
    const failure =
      error instanceof WalSyncFailedError
        ? error
        : new WalSyncFailedError(`the WAL failed: ${messageOf(error)}`, { cause: error });
    this.#state = { kind: 'failed', error: failure };
    this.#logger.error({ err: failure }, 'WAL failed; it takes no more appends');
    this.#asyncSync.cancel();
    this.#fill.fail(failure);
    this.#roomQueue.failAll(failure);
    for (const waiter of this.#rollWaiters.splice(0)) waiter.reject(failure);
    this.#rollWanted = false;
    this.#files.current.stream.abort();
  }

  async #shutDown(): Promise<void> {
    let failure: Error | null = null;
    if (this.#state.kind === 'open') {
      this.#state = { kind: 'closing' };
      const closed = new WalClosedError(`the WAL of ${this.#serverName} closed before the roll`);
      for (const waiter of this.#rollWaiters.splice(0)) waiter.reject(closed);
      this.#rollWanted = false;
      await this.#drain();
      const state = this.#state as WalState; // #drain may have failed the log
      failure = state.kind === 'failed' ? state.error : await this.#closeCurrent();
    }
    this.#asyncSync.cancel();
    this.#state = { kind: 'closed' };
    await this.#archiver.archiveSoon().catch(() => undefined);
    if (failure !== null) throw failure;
  }

  /** Waits until every queued append is synced (or the log failed). */
  async #drain(): Promise<void> {
    for (;;) {
      if (this.#loop !== null) {
        await this.#loop;
        continue;
      }
      if (this.#state.kind !== 'closing') return;
      if (this.#fill.entries === 0 && this.#roomQueue.length === 0) return;
      this.#kick();
      assert(this.#loop !== null, 'a closing WAL with queued appends did not sync them');
    }
  }

  async #closeCurrent(): Promise<Error | null> {
    try {
      await this.#files.closeCurrent();
      return null;
    } catch (error) {
      return new WalSyncFailedError(
        `closing ${this.#files.current.path} failed: ${messageOf(error)}`,
        { cause: error },
      );
    }
  }
}

/** Resolves after the I/O callbacks of the event loop's current turn (setImmediate). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
