// Multi-version concurrency control, unified with the WAL sequence id as in HBase 2: every write
// takes the next number; the read point is the largest number below which every write is complete.
// Invariant: the read point only moves forward, and never past a write that has not completed.
import { assert } from '../common/index.js';

interface Waiter {
  readonly sequenceId: number;
  readonly resolve: () => void;
}

export class Mvcc {
  #nextSequenceId: number;
  #readPoint: number;
  /** Begun but not yet folded into the read point, in begin order; true once completed. */
  readonly #pending: { sequenceId: number; done: boolean }[] = [];
  #pendingHead = 0;
  #waiters: Waiter[] = [];

  /** Starts with every number up to `highestDurable` already complete. */
  constructor(highestDurable = 0) {
    assert(Number.isSafeInteger(highestDurable) && highestDurable >= 0, 'bad start sequence id');
    this.#readPoint = highestDurable;
    this.#nextSequenceId = highestDurable + 1;
  }

  /** Cells with a larger sequence id are invisible to a reader that starts now. */
  get readPoint(): number {
    return this.#readPoint;
  }

  /** The highest number handed out so far. */
  get highestAssigned(): number {
    return this.#nextSequenceId - 1;
  }

  /** Writes begun and not yet complete. */
  get inFlight(): number {
    return this.#pending.length - this.#pendingHead;
  }

  begin(): number {
    const sequenceId = this.#nextSequenceId++;
    this.#pending.push({ sequenceId, done: false });
    return sequenceId;
  }

  /** Marks a write complete (also after it failed and was rolled back). */
  complete(sequenceId: number): void {
    const index = this.#indexOf(sequenceId);
    const entry = this.#pending[index];
    if (entry === undefined || entry.done)
      assert(false, `sequence id ${sequenceId} is not in flight`);
    entry.done = true;
    this.#advance();
  }

  /** Resolves once the read point has reached `sequenceId` (HBase's completeAndWait). */
  waitForReadPoint(sequenceId: number): Promise<void> {
    if (this.#readPoint >= sequenceId) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ sequenceId, resolve }));
  }

  #indexOf(sequenceId: number): number {
    const head = this.#pending[this.#pendingHead];
    if (head === undefined) assert(false, `no write is in flight (sequence id ${sequenceId})`);
    return this.#pendingHead + (sequenceId - head.sequenceId);
  }

  #advance(): void {
    let moved = false;
    for (;;) {
      const head = this.#pending[this.#pendingHead];
      if (head === undefined || !head.done) break;
      this.#readPoint = head.sequenceId;
      this.#pendingHead++;
      moved = true;
    }
    if (this.#pendingHead > 1024 && this.#pendingHead * 2 > this.#pending.length) {
      this.#pending.splice(0, this.#pendingHead);
      this.#pendingHead = 0;
    }
    if (!moved || this.#waiters.length === 0) return;
    const ready = this.#waiters.filter((w) => w.sequenceId <= this.#readPoint);
    if (ready.length === 0) return;
    this.#waiters = this.#waiters.filter((w) => w.sequenceId > this.#readPoint);
    for (const waiter of ready) waiter.resolve();
  }
}
