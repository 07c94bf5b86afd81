// The messages a RaftNode wrote since the last Ready, at most RAFT_MESSAGES_QUEUED_MAX: beyond
// that new ones are dropped, as a network may drop them, and Raft sends them again.
import { RAFT_MESSAGES_QUEUED_MAX } from '../../common/limits.js';
import type { Message } from './types.js';

export class MessageQueue {
  #messages: Message[] = [];
  /** Messages dropped because the queue was full. */
  dropped = 0;

  get length(): number {
    return this.#messages.length;
  }

  push(message: Message): void {
    if (this.#messages.length >= RAFT_MESSAGES_QUEUED_MAX) this.dropped++;
    else this.#messages.push(message);
  }

  /** Everything queued, oldest first; the queue is then empty. */
  take(): Message[] {
    const taken = this.#messages;
    this.#messages = [];
    return taken;
  }
}
