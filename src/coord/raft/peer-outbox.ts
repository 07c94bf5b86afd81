// Messages on their way to one peer: at most one delivery in flight, a bounded queue behind it.
// A failed delivery is dropped, and so are the oldest messages when the queue is full: Raft
// retransmits, so a peer that is down never makes messages pile up.
import type { Logger } from '../../common/log.js';
import {
  RAFT_DELIVERY_BYTES_MAX,
  RAFT_DELIVERY_MESSAGES_MAX,
  RAFT_PEER_MESSAGES_QUEUED_MAX,
} from '../../common/limits.js';
import type { Message } from './types.js';

/** Room for a message's fields beside its byte arrays. */
const MESSAGE_OVERHEAD_BYTES = 128;

export type Deliver = (messages: readonly Message[]) => Promise<unknown>;

export class PeerOutbox {
  readonly peer: number;
  readonly #deliver: Deliver;
  readonly #logger: Logger;
  #queue: Message[] = [];
  #inFlight = false;
  #closed = false;
  /** Messages dropped: queue overflow and failed deliveries. */
  dropped = 0;

  constructor(peer: number, deliver: Deliver, logger: Logger) {
    this.peer = peer;
    this.#deliver = deliver;
    this.#logger = logger;
  }

  push(message: Message): void {
    if (this.#closed) return;
    if (this.#queue.length >= RAFT_PEER_MESSAGES_QUEUED_MAX) {
      this.#queue.shift();
      this.dropped++;
    }
    this.#queue.push(message);
    this.#pump();
  }

  close(): void {
    this.#closed = true;
    this.#queue = [];
  }

  #pump(): void {
    if (this.#inFlight || this.#closed || this.#queue.length === 0) return;
    const batch = this.#takeBatch();
    this.#inFlight = true;
    this.#deliver(batch)
      .catch((error: unknown) => {
        this.dropped += batch.length;
        this.#logger.debug({ peer: this.peer, err: error }, 'raft delivery failed; dropped');
      })
      .finally(() => {
        this.#inFlight = false;
        this.#pump();
      });
  }

  #takeBatch(): Message[] {
    let bytes = 0;
    let count = 0;
    for (const message of this.#queue) {
      bytes += messageBytes(message);
      if (count > 0 && (bytes > RAFT_DELIVERY_BYTES_MAX || count >= RAFT_DELIVERY_MESSAGES_MAX)) {
        break;
      }
      count++;
    }
    return this.#queue.splice(0, count);
  }
}

function messageBytes(message: Message): number {
  switch (message.kind) {
    case 'append':
      return message.entries.reduce((sum, e) => sum + e.data.length + 32, MESSAGE_OVERHEAD_BYTES);
    case 'snapshot':
      return MESSAGE_OVERHEAD_BYTES + message.snapshot.data.length;
    default:
      return MESSAGE_OVERHEAD_BYTES;
  }
}
