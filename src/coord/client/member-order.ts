// The order in which the client tries ensemble members: shuffled once (injected rng), then in a
// cycle, as ZooKeeper's StaticHostProvider does; every new round after a failed one waits a
// jittered exponential backoff. Pure: no I/O, no clock.
import { assert } from '../../common/assert.js';
import type { HostPort } from '../../common/host-port.js';
import {
  COORD_CLIENT_ROUND_BACKOFF_INITIAL_MS,
  COORD_CLIENT_ROUND_BACKOFF_MAX_MS,
} from '../../common/limits.js';
import type { Rng } from '../../common/rng.js';

/** The backoff's jitter: each wait is its base ± this fraction. */
export const ROUND_BACKOFF_JITTER = 0.2;

/** A Fisher–Yates shuffle of a copy of `items`. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const a = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = a;
  }
  return copy;
}

/** The wait before failed round number `round` (1-based): doubling from the initial, capped. */
export function roundBackoffMs(round: number, rng: Rng): number {
  assert(round >= 1, `round must be ≥ 1, got ${round}`);
  const exponent = Math.min(round - 1, 30);
  const baseMs = Math.min(
    COORD_CLIENT_ROUND_BACKOFF_MAX_MS,
    COORD_CLIENT_ROUND_BACKOFF_INITIAL_MS * 2 ** exponent,
  );
  const jitter = 1 + ROUND_BACKOFF_JITTER * (2 * rng.nextFloat() - 1);
  return Math.round(baseMs * jitter);
}

export interface NextMember {
  readonly member: HostPort;
  /** How long to wait before trying it (0 inside a round). */
  readonly delayMs: number;
}

export class MemberOrder {
  readonly members: readonly HostPort[];
  readonly #rng: Rng;
  /** Index of the member tried last; -1 before the first attempt. */
  #index = -1;
  /** Attempts since the last success. */
  #attempts = 0;

  constructor(members: readonly HostPort[], rng: Rng) {
    assert(members.length > 0, 'an ensemble has at least one member');
    this.#rng = rng;
    this.members = Object.freeze(shuffled(members, rng));
  }

  /** The member to try next: the one after the last tried, with a pause after a failed round. */
  next(): NextMember {
    this.#index = (this.#index + 1) % this.members.length;
    const round = Math.floor(this.#attempts / this.members.length);
    const startsRound = this.#attempts > 0 && this.#attempts % this.members.length === 0;
    this.#attempts += 1;
    const delayMs = startsRound ? roundBackoffMs(round, this.#rng) : 0;
    return { member: this.members[this.#index] as HostPort, delayMs };
  }

  /** The last member tried answered: the next search starts after it, without backoff. */
  connected(): void {
    this.#attempts = 0;
  }
}
