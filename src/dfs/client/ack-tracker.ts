// The packets of one pipeline sent and not yet acknowledged, in seqno order (pure). Invariant:
// `ackedBytes` is the end of the longest prefix of packets the whole pipeline acknowledged; an ack
// that arrives early (out of order) counts only once every packet before it is acknowledged.
import { assert } from '../../common/assert.js';

interface Entry<T> {
  readonly seqno: number;
  readonly end: number;
  readonly item: T;
  acked: boolean;
}

export class AckTracker<T> {
  #entries: Entry<T>[] = [];
  #head = 0;
  #nextSeqno = 0;
  #ackedBytes: number;

  readonly #onRetire: ((item: T) => void) | undefined;

  /**
   * `ackedBytes`: what the replicas held, acknowledged, when the pipeline opened. `onRetire` sees
   * each item as it joins the acknowledged prefix (it will not be sent again).
   */
  constructor(ackedBytes: number, onRetire?: (item: T) => void) {
    this.#ackedBytes = ackedBytes;
    this.#onRetire = onRetire;
  }

  /** Records a packet ending at block offset `end`; returns its seqno (0, 1, 2, ...). */
  add(end: number, item: T): number {
    const seqno = this.#nextSeqno++;
    this.#entries.push({ seqno, end, item, acked: false });
    return seqno;
  }

  /** Marks `seqno` acknowledged; false if it is not in flight (unknown or acknowledged already). */
  ack(seqno: number): boolean {
    const first = this.#entries[this.#head];
    if (first === undefined) return false;
    const entry = this.#entries[this.#head + seqno - first.seqno];
    if (entry === undefined || entry.acked) return false;
    if (entry.seqno !== seqno) assert(false, `seqno ${seqno} found as ${entry.seqno}`);
    entry.acked = true;
    for (let next = this.#entries[this.#head]; next?.acked === true;) {
      this.#ackedBytes = next.end;
      this.#onRetire?.(next.item);
      this.#head += 1;
      next = this.#entries[this.#head];
    }
    if (this.#head > 64 && this.#head * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
    return true;
  }

  get ackedBytes(): number {
    return this.#ackedBytes;
  }

  /** Packets sent and not part of the acknowledged prefix. */
  get inFlight(): number {
    return this.#entries.length - this.#head;
  }

  get nextSeqno(): number {
    return this.#nextSeqno;
  }

  /** The items not in the acknowledged prefix, in seqno order (to be sent again). */
  unacked(): T[] {
    return this.#entries.slice(this.#head).map((e) => e.item);
  }
}
