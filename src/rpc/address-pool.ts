// The connections to one remote address: up to `connectionsMax`, calls spread by load, a
// bounded queue for calls that find no room, and reconnects with jittered exponential backoff.
import type { Clock, TimerHandle } from '../common/clock.js';
import { TimeoutError } from '../common/errors.js';
import type { Rng } from '../common/rng.js';
import {
  CONNECT_TIMEOUT_MS,
  POOL_GROW_CALLS_IN_FLIGHT,
  RECONNECT_BACKOFF_INITIAL_MS,
  RECONNECT_BACKOFF_JITTER,
  RECONNECT_BACKOFF_MAX_MS,
} from '../common/limits.js';
import { ClientConnection } from './client-connection.js';
import { ClientClosedError, ServerBusyError } from './errors.js';
import type { OutgoingCall } from './outgoing-call.js';

export interface AddressPoolOptions {
  readonly host: string;
  readonly port: number;
  readonly connectionsMax: number;
  readonly queuedCallsMax: number;
  readonly clock: Clock;
  readonly rng: Rng;
}

/** The next backoff after a failed connect: the base doubles up to the cap; the wait jitters ±. */
export function nextBackoff(previousBaseMs: number, rng: Rng): { baseMs: number; waitMs: number } {
  const baseMs = Math.min(
    RECONNECT_BACKOFF_MAX_MS,
    Math.max(RECONNECT_BACKOFF_INITIAL_MS, previousBaseMs * 2),
  );
  const jitter = 1 + RECONNECT_BACKOFF_JITTER * (2 * rng.nextFloat() - 1);
  return { baseMs, waitMs: Math.round(baseMs * jitter) };
}

export class AddressPool {
  readonly #options: AddressPoolOptions;
  readonly #connections: ClientConnection[] = [];
  readonly #queue: OutgoingCall[] = [];
  #connecting = false;
  /** The un-jittered backoff base; 0 after a successful connect. */
  #backoffMs = 0;
  #nextAttemptMs = 0;
  #retryTimer: TimerHandle | undefined;
  #closed = false;

  constructor(options: AddressPoolOptions) {
    this.#options = options;
  }

  get address(): string {
    return `${this.#options.host}:${this.#options.port}`;
  }

  /** Sends the call now if a connection has room, else queues it (bounded). */
  submit(call: OutgoingCall): void {
    if (this.#closed) {
      call.fail(new ClientClosedError('the RPC client is closed'));
      return;
    }
    if (this.#queue.length === 0) {
      const connection = this.#pick();
      if (connection !== undefined) {
        this.#send(connection, call);
        return;
      }
    }
    if (this.#queue.length >= this.#options.queuedCallsMax) {
      call.fail(
        new ServerBusyError(
          `${this.#queue.length} calls already wait for ${this.address}; the limit is ${this.#options.queuedCallsMax}`,
        ),
      );
      return;
    }
    this.#queue.push(call);
    this.#growIfNeeded();
  }

  /** Takes a call out of the queue (its deadline passed). */
  withdraw(call: OutgoingCall): void {
    const index = this.#queue.indexOf(call);
    if (index >= 0) this.#queue.splice(index, 1);
  }

  close(): void {
    this.#closed = true;
    if (this.#retryTimer !== undefined) this.#options.clock.clearTimeout(this.#retryTimer);
    for (const call of this.#queue.splice(0))
      call.fail(new ClientClosedError('the RPC client is closed'));
    for (const connection of [...this.#connections]) connection.drain();
  }

  destroy(): void {
    this.close();
    for (const connection of [...this.#connections]) {
      connection.destroy(new ClientClosedError('the RPC client is closed'));
    }
  }

  get connectionCount(): number {
    return this.#connections.length;
  }

  #pick(): ClientConnection | undefined {
    let best: ClientConnection | undefined;
    for (const connection of this.#connections) {
      if (!connection.hasRoom) continue;
      if (best === undefined || connection.callsInFlight < best.callsInFlight) best = connection;
    }
    if (best === undefined || best.callsInFlight >= POOL_GROW_CALLS_IN_FLIGHT) this.#growIfNeeded();
    return best;
  }

  #send(connection: ClientConnection, call: OutgoingCall): void {
    const remainingMs = Math.max(1, Math.ceil(call.deadlineMs - this.#options.clock.monotonicMs()));
    try {
      connection.send(call, remainingMs);
    } catch (error) {
      call.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  readonly #drainQueue = (): void => {
    while (this.#queue.length > 0) {
      const connection = this.#pick();
      if (connection === undefined) return;
      const call = this.#queue.shift() as OutgoingCall;
      if (!call.settled) this.#send(connection, call);
    }
  };

  /** Opens one more connection when none has room below POOL_GROW_CALLS_IN_FLIGHT, up to the size. */
  #growIfNeeded(): void {
    if (this.#closed || this.#connecting) return;
    if (this.#connections.length >= this.#options.connectionsMax) return;
    const needed = this.#connections.every(
      (c) => !c.hasRoom || c.callsInFlight >= POOL_GROW_CALLS_IN_FLIGHT,
    );
    if (!needed) return;
    const waitMs = this.#nextAttemptMs - this.#options.clock.monotonicMs();
    if (waitMs > 0) {
      if (this.#retryTimer === undefined) {
        this.#retryTimer = this.#options.clock.setTimeout(() => {
          this.#retryTimer = undefined;
          this.#growIfNeeded();
        }, waitMs);
        this.#retryTimer.unref();
      }
      return;
    }
    void this.#connect();
  }

  async #connect(): Promise<void> {
    this.#connecting = true;
    try {
      const connection = await ClientConnection.open(
        this.#options.host,
        this.#options.port,
        CONNECT_TIMEOUT_MS,
        {
          onRoom: this.#drainQueue,
          onRetired: (c) => this.#retire(c),
        },
      );
      this.#connecting = false;
      if (this.#closed) {
        connection.drain();
        return;
      }
      this.#backoffMs = 0;
      this.#connections.push(connection);
      this.#drainQueue();
    } catch (error) {
      this.#connecting = false;
      const backoff = nextBackoff(this.#backoffMs, this.#options.rng);
      this.#backoffMs = backoff.baseMs;
      this.#nextAttemptMs = this.#options.clock.monotonicMs() + backoff.waitMs;
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const call of this.#queue.splice(0)) call.fail(failure);
    }
  }

  #retire(connection: ClientConnection): void {
    const index = this.#connections.indexOf(connection);
    if (index >= 0) this.#connections.splice(index, 1);
    if (this.#queue.length > 0) this.#growIfNeeded();
  }
}

/** The error for a call whose deadline passed before an answer. */
export function deadlineError(method: string, timeoutMs: number, address: string): TimeoutError {
  return new TimeoutError(`call ${method} to ${address} got no answer within ${timeoutMs} ms`);
}
