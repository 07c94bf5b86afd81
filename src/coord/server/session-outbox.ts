// Watch events waiting for one session connected to this member. Each event leaves exactly once:
// on the session's `events` stream, or inside the next answer to that session — whichever comes
// first — so a client sees an event before any later answer. Bounded by SESSION_EVENTS_QUEUED_MAX.
import { SESSION_EVENTS_QUEUED_MAX } from '../../common/limits.js';
import type { WatchEvent } from '../tree/types.js';

export class SessionOutbox {
  #events: WatchEvent[] = [];
  #wake: (() => void) | undefined;
  #closed: Error | undefined;
  /** Events dropped because the queue was full (the client then re-reads after reconnecting). */
  overflowed = 0;

  push(event: WatchEvent): void {
    if (this.#closed !== undefined) return;
    if (this.#events.length >= SESSION_EVENTS_QUEUED_MAX) {
      this.overflowed += 1;
      return;
    }
    this.#events.push(event);
    this.#notify();
  }

  /** Everything queued, in order; the queue is empty afterwards. */
  drain(): WatchEvent[] {
    if (this.#events.length === 0) return [];
    const events = this.#events;
    this.#events = [];
    return events;
  }

  /** Ends every waiting stream with `reason` (session closed or expired). */
  close(reason: Error): void {
    this.#closed = reason;
    this.#notify();
  }

  /** Yields events as they come until the outbox closes (throws its reason) or `signal` aborts. */
  async *stream(signal: AbortSignal): AsyncGenerator<WatchEvent> {
    const onAbort = (): void => this.#notify();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        for (const event of this.drain()) yield event;
        if (this.#closed !== undefined) throw this.#closed;
        if (signal.aborted) return;
        await new Promise<void>((resolve) => (this.#wake = resolve));
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
