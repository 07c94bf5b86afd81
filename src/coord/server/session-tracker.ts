// The leader's view of session liveness (ZooKeeper's SessionTracker): when each session was last
// heard from, by any member. Pure: time comes in as arguments. A session is due for expiry once it
// has been silent for its whole timeout; a new leader gives every session a fresh timeout.

interface Tracked {
  readonly timeoutMs: number;
  lastHeardMs: number;
}

export class SessionTracker {
  readonly #sessions = new Map<number, Tracked>();

  get size(): number {
    return this.#sessions.size;
  }

  /** Starts tracking (or refreshes) a session as heard from now. */
  add(sessionId: number, timeoutMs: number, nowMs: number): void {
    this.#sessions.set(sessionId, { timeoutMs, lastHeardMs: nowMs });
  }

  /** A member heard from the session. Unknown sessions are ignored (they expired or closed). */
  touch(sessionId: number, nowMs: number): void {
    const tracked = this.#sessions.get(sessionId);
    if (tracked !== undefined && nowMs > tracked.lastHeardMs) tracked.lastHeardMs = nowMs;
  }

  remove(sessionId: number): void {
    this.#sessions.delete(sessionId);
  }

  has(sessionId: number): boolean {
    return this.#sessions.has(sessionId);
  }

  /** Sessions silent for their whole timeout at `nowMs`, removed from tracking. */
  takeExpired(nowMs: number): number[] {
    const expired: number[] = [];
    for (const [sessionId, tracked] of this.#sessions) {
      if (nowMs - tracked.lastHeardMs >= tracked.timeoutMs) expired.push(sessionId);
    }
    for (const sessionId of expired) this.#sessions.delete(sessionId);
    return expired;
  }

  /** A new leader: every known session starts a fresh timeout now. */
  reset(sessions: readonly { sessionId: number; timeoutMs: number }[], nowMs: number): void {
    this.#sessions.clear();
    for (const s of sessions) this.add(s.sessionId, s.timeoutMs, nowMs);
  }
}
