// The RPC client of every role: a pool of connections per remote address, per-call deadlines
// (a call never waits past its deadline, even if its connection hangs), typed stubs.
import { systemClock, type Clock } from '../common/clock.js';
import { InvalidArgumentError } from '../common/errors.js';
import { systemRng, type Rng } from '../common/rng.js';
import {
  CALL_DEADLINE_DEFAULT_MS,
  CALL_DEADLINE_MAX_MS,
  CONNECTION_CALLS_QUEUED_MAX,
  POOL_CONNECTIONS_PER_ADDRESS_MAX,
  STREAM_WINDOW_CHUNKS,
} from '../common/limits.js';
import { formatHostPort, parseHostPort, type HostPort } from '../common/host-port.js';
import { AddressPool, deadlineError } from './address-pool.js';
import { CallDeadlines } from './call-deadlines.js';
import { CancelledError } from './errors.js';
import { OutgoingCall } from './outgoing-call.js';
import {
  wireMethodName,
  type ItemOf,
  type MethodMap,
  type RequestOf,
  type ResponseOf,
  type ServiceDefinition,
  type StreamMethod,
  type UnaryMethod,
} from './service.js';
import { StreamReceiver } from './stream-receiver.js';

export interface RpcClientOptions {
  readonly clock?: Clock;
  readonly rng?: Rng;
  /** Connections kept to each address. @default 1 */
  readonly connectionsPerAddress?: number;
  /** @default CALL_DEADLINE_DEFAULT_MS */
  readonly defaultTimeoutMs?: number;
  /** @default CONNECTION_CALLS_QUEUED_MAX */
  readonly queuedCallsMax?: number;
}

export interface CallOptions {
  /** How long the caller waits for the answer (or, for a stream, for its end). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** A typed client for one service at one address. */
export type Stub<M extends MethodMap> = {
  readonly [K in keyof M]: M[K] extends UnaryMethod<unknown, unknown>
    ? (request: RequestOf<M[K]>, options?: CallOptions) => Promise<ResponseOf<M[K]>>
    : M[K] extends StreamMethod<unknown, unknown>
      ? (request: RequestOf<M[K]>, options?: CallOptions) => AsyncIterable<ItemOf<M[K]>>
      : never;
};

const noop = (): void => undefined;

export class RpcClient {
  readonly #clock: Clock;
  readonly #rng: Rng;
  readonly #connectionsPerAddress: number;
  readonly #defaultTimeoutMs: number;
  readonly #queuedCallsMax: number;
  readonly #pools = new Map<string, AddressPool>();
  readonly #deadlinesByPool = new Map<AddressPool, CallDeadlines>();
  #closed = false;

  constructor(options: RpcClientOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#rng = options.rng ?? systemRng;
    this.#connectionsPerAddress = options.connectionsPerAddress ?? 1;
    this.#defaultTimeoutMs = options.defaultTimeoutMs ?? CALL_DEADLINE_DEFAULT_MS;
    this.#queuedCallsMax = options.queuedCallsMax ?? CONNECTION_CALLS_QUEUED_MAX;
    if (
      this.#connectionsPerAddress < 1 ||
      this.#connectionsPerAddress > POOL_CONNECTIONS_PER_ADDRESS_MAX
    ) {
      throw new InvalidArgumentError(
        `connectionsPerAddress is ${this.#connectionsPerAddress}; it must be 1..${POOL_CONNECTIONS_PER_ADDRESS_MAX}`,
      );
    }
  }

  /** A typed stub whose methods call `service` at `address`. */
  stub<M extends MethodMap>(service: ServiceDefinition<M>, address: HostPort | string): Stub<M> {
    const target = typeof address === 'string' ? parseHostPort(address) : address;
    const pool = this.#pool(target);
    const stub: Record<string, unknown> = {};
    for (const [name, method] of Object.entries(service.methods)) {
      const wireName = wireMethodName(service.name, name);
      stub[name] =
        method.kind === 'unary'
          ? (request: unknown, options?: CallOptions) =>
              this.#call(pool, wireName, request, options ?? {})
          : (request: unknown, options?: CallOptions) =>
              this.#stream(pool, wireName, request, options ?? {});
    }
    return stub as Stub<M>;
  }

  /** One request, one answer. Rejects with the server's error rebuilt as its class. */
  call(
    address: HostPort,
    method: string,
    body: unknown,
    options: CallOptions = {},
  ): Promise<unknown> {
    return this.#call(this.#pool(address), method, body, options);
  }

  /** One request, a stream of items answered under flow control. */
  stream(
    address: HostPort,
    method: string,
    body: unknown,
    options: CallOptions = {},
  ): AsyncIterable<unknown> {
    return this.#stream(this.#pool(address), method, body, options);
  }

  /** Lets calls in flight finish, then closes every connection. New calls fail. */
  close(): void {
    this.#closed = true;
    for (const pool of this.#pools.values()) pool.close();
  }

  /** Closes every connection now; calls in flight fail with ClientClosedError. */
  destroy(): void {
    this.#closed = true;
    for (const pool of this.#pools.values()) pool.destroy();
  }

  #call(pool: AddressPool, method: string, body: unknown, options: CallOptions): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const call = this.#start(pool, method, body, options, undefined, resolve, reject);
      this.#submit(pool, call, options);
    });
  }

  #stream(
    pool: AddressPool,
    method: string,
    body: unknown,
    options: CallOptions,
  ): AsyncIterable<unknown> {
    const receiver = new StreamReceiver(STREAM_WINDOW_CHUNKS);
    const call = this.#start(pool, method, body, options, receiver, noop, noop);
    this.#submit(pool, call, options);
    return receiver;
  }

  #start(
    pool: AddressPool,
    method: string,
    body: unknown,
    options: CallOptions,
    stream: StreamReceiver | undefined,
    resolve: (value: unknown) => void,
    reject: (error: Error) => void,
  ): OutgoingCall {
    const timeoutMs = options.timeoutMs ?? this.#defaultTimeoutMs;
    if (!(timeoutMs > 0 && timeoutMs <= CALL_DEADLINE_MAX_MS)) {
      throw new InvalidArgumentError(
        `timeoutMs is ${timeoutMs}; it must be in 1..${CALL_DEADLINE_MAX_MS}`,
      );
    }
    const call: OutgoingCall = new OutgoingCall(
      method,
      body,
      this.#clock.monotonicMs() + timeoutMs,
      stream,
      (value) => {
        deadline.settled();
        resolve(value);
      },
      (error) => {
        deadline.settled();
        reject(error);
      },
    );
    const deadline = this.#deadlines(pool).watch(call, timeoutMs);
    return call;
  }

  #deadlines(pool: AddressPool): CallDeadlines {
    let deadlines = this.#deadlinesByPool.get(pool);
    if (deadlines === undefined) {
      deadlines = new CallDeadlines(this.#clock, (call, timeoutMs) =>
        this.#abandon(pool, call, deadlineError(call.method, timeoutMs, pool.address)),
      );
      this.#deadlinesByPool.set(pool, deadlines);
    }
    return deadlines;
  }

  #submit(pool: AddressPool, call: OutgoingCall, options: CallOptions): void {
    const signal = options.signal;
    if (signal !== undefined) {
      const cancel = (): void =>
        this.#abandon(pool, call, new CancelledError(`call ${call.method} was cancelled`));
      if (signal.aborted) {
        cancel();
        return;
      }
      signal.addEventListener('abort', cancel, { once: true });
      call.onSettled = () => signal.removeEventListener('abort', cancel);
    }
    pool.submit(call);
  }

  /** Gives up on a call wherever it is: queued, or on the wire (the server is told). */
  #abandon(pool: AddressPool, call: OutgoingCall, error: Error): void {
    if (call.settled) return;
    call.target?.cancel(call);
    pool.withdraw(call);
    call.fail(error);
  }

  #pool(address: HostPort): AddressPool {
    const key = formatHostPort(address);
    let pool = this.#pools.get(key);
    if (pool === undefined) {
      pool = new AddressPool({
        host: address.host,
        port: address.port,
        connectionsMax: this.#connectionsPerAddress,
        queuedCallsMax: this.#queuedCallsMax,
        clock: this.#clock,
        rng: this.#rng,
      });
      if (this.#closed) pool.close();
      this.#pools.set(key, pool);
    }
    return pool;
  }
}
