// One operation's attempts under its deadline (HBase's RpcRetryingCaller): the deadline, the RPC
// timeout left for the next call, the pauses between attempts and the causes of the failed ones.
// Invariant: no attempt starts past the deadline, and at most 1 + retries attempts are made.
import type { Clock } from '../common/clock.js';
import { toStringBinary } from '../common/bytes.js';
import type { Rng } from '../common/rng.js';
import { ClientClosedError } from '../rpc/errors.js';
import { RetriesExhaustedError } from './errors.js';
import { RETRY_CAUSES_KEPT, RETRY_CAUSES_QUOTED } from './limits.js';
import { backoffMs, errorCode, isRetriable } from './retry-policy.js';

/** What every operation of a connection shares. */
export interface RetrySettings {
  readonly operationTimeoutMs: number;
  readonly rpcTimeoutMs: number;
  readonly retries: number;
  readonly pauseMs: number;
  readonly clock: Clock;
  readonly rng: Rng;
  /** True once the connection is closed: no attempt starts after that. */
  readonly isClosed: () => boolean;
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** `what` of an operation on a row, for messages: `put on row "ada" of table users`. */
export function describeOperation(what: string, table: string, row?: Buffer): string {
  const on = row === undefined ? '' : ` on row "${toStringBinary(row).slice(0, 64)}"`;
  return `${what}${on} of table ${table}`;
}

/** An operation's description, or how to make it (only a failure needs the text). */
export type Describe = string | (() => string);

export class Attempts {
  readonly #settings: RetrySettings;
  #what: Describe;
  readonly #startMs: number;
  readonly #deadlineMs: number;
  readonly #causes: Error[] = [];
  #attempts = 0;

  /**
   * `startMs` and `made`: when the operation began and the attempts made so far (now and none,
   * unless a first attempt was made before this object: callRegion's fast path).
   */
  constructor(
    settings: RetrySettings,
    what: Describe,
    startMs = settings.clock.monotonicMs(),
    made = 0,
  ) {
    this.#settings = settings;
    this.#what = what;
    this.#startMs = startMs;
    this.#deadlineMs = this.#startMs + settings.operationTimeoutMs;
    this.#attempts = made;
  }

  get attempts(): number {
    return this.#attempts;
  }

  /** The operation, for messages. */
  get what(): string {
    if (typeof this.#what !== 'string') this.#what = this.#what();
    return this.#what;
  }

  get causes(): readonly Error[] {
    return this.#causes;
  }

  /** Called as each attempt starts: refuses one on a closed connection. */
  begin(): void {
    if (this.#settings.isClosed()) {
      throw new ClientClosedError(`${this.what}: the connection is closed`);
    }
    this.#attempts++;
  }

  /** The timeout for the next RPC: the RPC timeout, cut to what is left of the deadline. */
  rpcTimeoutMs(): number {
    const left = this.#deadlineMs - this.#settings.clock.monotonicMs();
    return Math.max(1, Math.min(this.#settings.rpcTimeoutMs, Math.ceil(left)));
  }

  /** Keeps `error` among the causes (the newest RETRY_CAUSES_KEPT). */
  record(error: Error): void {
    this.#causes.push(error);
    if (this.#causes.length > RETRY_CAUSES_KEPT) this.#causes.shift();
  }

  /** The pause before the next attempt, or undefined when the retries or the time are spent. */
  nextPauseMs(): number | undefined {
    const retry = this.#attempts - 1;
    if (retry >= this.#settings.retries) return undefined;
    const pause = backoffMs(retry, this.#settings.pauseMs, this.#settings.rng);
    if (this.#settings.clock.monotonicMs() + pause >= this.#deadlineMs) return undefined;
    return pause;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.#settings.clock.setTimeout(resolve, ms));
  }

  /** After a failed attempt: throws it if it may not be retried, else pauses or gives up. */
  async failed(error: unknown, idempotent: boolean): Promise<void> {
    const e = asError(error);
    if (!isRetriable(e, idempotent)) throw e;
    this.record(e);
    const pause = this.nextPauseMs();
    if (pause === undefined) throw this.exhausted();
    await this.sleep(pause);
  }

  /** RetriesExhausted naming the attempts, the time spent and the newest causes. */
  exhausted(causes: readonly Error[] = this.#causes): RetriesExhaustedError {
    const s = this.#settings;
    const elapsed = Math.round(s.clock.monotonicMs() - this.#startMs);
    const quoted = causes
      .slice(-RETRY_CAUSES_QUOTED)
      .map((c) => `${errorCode(c) ?? c.name}: ${c.message}`)
      .join('; ');
    return new RetriesExhaustedError(
      `${this.what} failed after ${this.#attempts} attempts in ${elapsed} ms ` +
        `(operation timeout ${s.operationTimeoutMs} ms, retries ${s.retries}); ` +
        `last causes: ${quoted === '' ? 'none' : quoted}`,
      { attempts: this.#attempts, causes: [...causes], cause: causes[causes.length - 1] },
    );
  }
}

/** The RPC timeout of an operation's first attempt: the RPC timeout, cut to the operation's. */
export function firstRpcTimeoutMs(settings: RetrySettings): number {
  return Math.max(1, Math.min(settings.rpcTimeoutMs, settings.operationTimeoutMs));
}

/** Runs `attempt` until it succeeds, fails for good, or the retries or the deadline run out. */
export async function withRetries<T>(
  settings: RetrySettings,
  what: Describe,
  idempotent: boolean,
  attempt: (attempts: Attempts) => Promise<T>,
): Promise<T> {
  return retryLoop(new Attempts(settings, what), idempotent, attempt);
}

/**
 * Goes on after a first attempt made outside the loop (callRegion's fast path): it counts as made,
 * its error is judged like any other attempt's, and the deadline runs from `startMs`.
 */
export async function retryAfterFirst<T>(
  settings: RetrySettings,
  what: Describe,
  idempotent: boolean,
  startMs: number,
  firstError: unknown,
  attempt: (attempts: Attempts) => Promise<T>,
): Promise<T> {
  const attempts = new Attempts(settings, what, startMs, 1);
  await attempts.failed(firstError, idempotent);
  return retryLoop(attempts, idempotent, attempt);
}

async function retryLoop<T>(
  attempts: Attempts,
  idempotent: boolean,
  attempt: (attempts: Attempts) => Promise<T>,
): Promise<T> {
  for (;;) {
    attempts.begin();
    try {
      return await attempt(attempts);
    } catch (error) {
      await attempts.failed(error, idempotent);
    }
  }
}
