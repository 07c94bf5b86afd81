// The client's session with the ensemble: finds a member, keeps the session alive with pings, and
// on a lost connection moves it to the next member (same id, password, lastZxidSeen) until the
// session timeout. A member's SessionExpired ends it for good. lastZxidSeen only grows.
import { formatHostPort, type HostPort } from '../../common/host-port.js';
import type { Clock } from '../../common/clock.js';
import { InternalError } from '../../common/errors.js';
import { COORD_CLIENT_CLOSE_TIMEOUT_MS } from '../../common/limits.js';
import type { Logger } from '../../common/log.js';
import type { Rng } from '../../common/rng.js';
import {
  ClientClosedError,
  ConnectionClosedError,
  RpcClient,
  type CallOptions,
} from '../../rpc/index.js';
import { ConnectionLossError, SessionExpiredError } from '../errors.js';
import type { Answer, ConnectResponse } from '../protocol.js';
import type { WatchEvent, WatchKind } from '../tree/types.js';
import { ConnectionWaiters } from './connection-waiters.js';
import { KeepAlive } from './keep-alive.js';
import { MemberOrder } from './member-order.js';
import { MemberSearch, type Attempt } from './member-search.js';
import {
  isConnectionFailure,
  loseLink,
  nextTurn,
  onLink,
  pumpEvents,
  restoreWatches,
  type ClientState,
  type CoordStub,
  type Link,
} from './member-link.js';

export type { ClientState, CoordStub } from './member-link.js';

export interface SessionHooks {
  state(state: ClientState): void;
  /** Events in the order the member queued them; called before the answer that carried them. */
  events(events: readonly WatchEvent[]): void;
  /** The paths to re-register with setWatches after a reconnect. */
  watchedPaths(): Readonly<Record<WatchKind, readonly string[]>>;
}

export interface SessionOptions {
  readonly members: readonly HostPort[];
  readonly requestedTimeoutMs: number;
  /** How long `start` tries for a first session. */
  readonly connectTimeoutMs: number;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly logger: Logger;
  readonly hooks: SessionHooks;
}

/** Ping when nothing was sent for this fraction of the negotiated timeout (ZooKeeper: 1/3). */
const PING_IDLE_FRACTION = 1 / 3;
/**
 * A ping unanswered for this fraction of the timeout means the member is gone: with the idle
 * third, a dead member is noticed about 2/3 of a timeout after the last send (ZooKeeper's
 * readTimeout), leaving time to reach another member before the session expires.
 */
const PING_TIMEOUT_FRACTION = 1 / 3;

export class CoordSession {
  readonly #options: SessionOptions;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #rpc: RpcClient;
  readonly #order: MemberOrder;
  readonly #search: MemberSearch;
  readonly #waiters: ConnectionWaiters<Link>;
  readonly #keepAlive: KeepAlive;
  #state: ClientState = 'connecting';
  #closing: Promise<void> | undefined;
  #sessionId = 0;
  #password: Uint8Array = new Uint8Array(0);
  #timeoutMs: number;
  #lastZxidSeen = 0;
  #disconnectedAtMs = 0;
  #link: Link | undefined;

  constructor(options: SessionOptions) {
    this.#options = options;
    this.#clock = options.clock;
    this.#log = options.logger;
    this.#rpc = new RpcClient({ clock: options.clock, rng: options.rng });
    this.#order = new MemberOrder(options.members, options.rng);
    this.#waiters = new ConnectionWaiters(options.clock);
    this.#keepAlive = new KeepAlive(options.clock, () => void this.#ping());
    this.#timeoutMs = options.requestedTimeoutMs;
    this.#search = new MemberSearch(this.#rpc, this.#order, options.clock, options.logger, {
      seeking: () => this.#seeking(),
      timeoutMs: () => this.#timeoutMs,
      connectRequest: () => ({
        sessionId: this.#sessionId,
        password: this.#password,
        timeoutMs: options.requestedTimeoutMs,
        lastZxidSeen: this.#lastZxidSeen,
      }),
      establish: (link, response, relativeZxid, timeoutMs) =>
        this.#establish(link, response, relativeZxid, timeoutMs),
      expire: (reason) => this.#expire(reason),
    });
  }

  get state(): ClientState {
    return this.#state;
  }
  get sessionId(): number {
    return this.#sessionId;
  }
  get timeoutMs(): number {
    return this.#timeoutMs;
  }
  get lastZxidSeen(): number {
    return this.#lastZxidSeen;
  }
  /** The member the session is connected to, if any. */
  get member(): HostPort | undefined {
    return this.#link?.member;
  }

  /** Establishes a new session; rejects with ConnectionLossError when no member answers in time. */
  async start(): Promise<void> {
    const startMs = this.#clock.monotonicMs();
    if (await this.#search.run(startMs + this.#options.connectTimeoutMs)) return;
    const members = this.#order.members.map(formatHostPort).join(',');
    const error = new ConnectionLossError(
      `no member of ${members} gave a session within ${this.#options.connectTimeoutMs} ms`,
    );
    this.#teardown('closed', error);
    throw error;
  }

  /**
   * Sends one request once connected (waiting for a reconnect within `timeoutMs`), takes the
   * answer's zxid and events, runs `onAnswer` at once (watch registration) and resolves after.
   */
  async invoke<R extends Answer>(
    name: string,
    send: (stub: CoordStub, sessionId: number, options: CallOptions) => Promise<R>,
    timeoutMs: number,
    onAnswer?: (answer: R) => void,
  ): Promise<R> {
    const deadlineMs = this.#clock.monotonicMs() + timeoutMs;
    const link = await this.#awaitLink(deadlineMs, name);
    const remainingMs = Math.max(1, Math.ceil(deadlineMs - this.#clock.monotonicMs()));
    this.#keepAlive.sent();
    let answer: R;
    try {
      const sessionId = this.#sessionId;
      answer = await onLink(link, (signal) =>
        send(link.stub, sessionId, { timeoutMs: remainingMs, signal }),
      );
    } catch (error) {
      throw this.#callFailed(link, name, error);
    }
    this.#accept(answer, onAnswer);
    await nextTurn();
    return answer;
  }

  /** Closes the session on the member (its ephemerals go at once), then releases everything. */
  close(): Promise<void> {
    if (this.#state === 'expired' || this.#state === 'closed') return Promise.resolve();
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    const link = this.#link;
    if (this.#state === 'connected' && link !== undefined && !link.lost) {
      try {
        const request = { sessionId: this.#sessionId };
        const answer = await link.stub.close(request, { timeoutMs: COORD_CLIENT_CLOSE_TIMEOUT_MS });
        this.#noteZxid(answer.zxid);
      } catch (error) {
        this.#log.debug({ err: error }, 'closing the session on the member failed');
      }
    }
    this.#teardown('closed', new ClientClosedError('the coordinator client is closed'));
  }

  /** Opens the events stream and restores the watches; then the link serves the session. */
  async #establish(
    link: Link,
    response: ConnectResponse,
    relativeZxid: number,
    timeoutMs: number,
  ): Promise<Attempt> {
    this.#sessionId = response.sessionId;
    this.#password = Uint8Array.from(response.password);
    this.#timeoutMs = response.timeoutMs;
    this.#keepAlive.sent();
    const onEvent = (event: WatchEvent): void => this.#options.hooks.events([event]);
    pumpEvents(link, this.#sessionId, onEvent, (error) => this.#linkFailed(link, error));
    try {
      const paths = this.#options.hooks.watchedPaths();
      const accept = (answer: Answer): void => this.#accept(answer);
      await restoreWatches(link, this.#sessionId, relativeZxid, paths, timeoutMs, accept);
    } catch (error) {
      this.#linkFailed(link, error);
      return error instanceof SessionExpiredError ? 'expired' : 'failed';
    }
    if (link.lost || !this.#seeking()) {
      loseLink(link, new ConnectionClosedError('the connection was lost while connecting'));
      return 'failed';
    }
    this.#link = link;
    this.#log.info(
      { member: formatHostPort(link.member), sessionId: this.#sessionId },
      'connected',
    );
    this.#setState('connected');
    this.#keepAlive.start(this.#timeoutMs * PING_IDLE_FRACTION);
    this.#waiters.release(link);
    return 'connected';
  }

  /** A call failed: turns the failure into what the caller sees, moving the session if needed. */
  #callFailed(link: Link, name: string, error: unknown): Error {
    if (error instanceof SessionExpiredError) {
      this.#expire(error.message);
      return error;
    }
    const ended = this.#endedError();
    if (ended !== undefined) return ended;
    if (link.lost || isConnectionFailure(error)) {
      this.#linkFailed(link, error);
      const member = formatHostPort(link.member);
      return new ConnectionLossError(
        `${name} lost its connection to ${member}; its outcome is unknown`,
        { cause: error },
      );
    }
    return error instanceof Error ? error : new InternalError(String(error));
  }

  #linkFailed(link: Link, error: unknown): void {
    if (error instanceof SessionExpiredError) {
      loseLink(link, error);
      this.#expire(error.message);
      return;
    }
    if (!loseLink(link, new ConnectionLossError('the connection to the member was lost'))) return;
    if (this.#link !== link || this.#state !== 'connected' || this.#closing !== undefined) return;
    this.#link = undefined;
    this.#disconnectedAtMs = this.#clock.monotonicMs();
    this.#keepAlive.stop();
    this.#log.info({ member: formatHostPort(link.member), err: error }, 'disconnected');
    this.#setState('disconnected');
    void this.#reconnect();
  }

  async #reconnect(): Promise<void> {
    // Curator's rule: a session out of touch for a whole timeout is taken as expired.
    if (await this.#search.run(this.#disconnectedAtMs + this.#timeoutMs)) return;
    if (this.#state === 'disconnected' && this.#closing === undefined) {
      this.#expire(`no member answered within the session timeout of ${this.#timeoutMs} ms`);
    }
  }

  #expire(reason: string): void {
    if (this.#closing !== undefined || this.#state === 'expired' || this.#state === 'closed')
      return;
    const id = `0x${this.#sessionId.toString(16)}`;
    this.#log.warn({ sessionId: this.#sessionId }, `session expired: ${reason}`);
    this.#teardown('expired', new SessionExpiredError(`session ${id} has expired: ${reason}`));
  }

  #teardown(state: 'expired' | 'closed', error: Error): void {
    this.#keepAlive.stop();
    if (this.#link !== undefined) loseLink(this.#link, error);
    this.#link = undefined;
    this.#waiters.fail(error);
    this.#search.wake();
    this.#rpc.destroy();
    this.#setState(state);
  }

  #endedError(): Error | undefined {
    if (this.#state === 'expired') {
      return new SessionExpiredError(`session 0x${this.#sessionId.toString(16)} has expired`);
    }
    if (this.#state === 'closed' || this.#closing !== undefined) {
      return new ClientClosedError('the coordinator client is closed');
    }
    return undefined;
  }

  #awaitLink(deadlineMs: number, name: string): Promise<Link> {
    const ended = this.#endedError();
    if (ended !== undefined) return Promise.reject(ended);
    const link = this.#link;
    if (this.#state === 'connected' && link !== undefined && !link.lost)
      return Promise.resolve(link);
    return this.#waiters.wait(deadlineMs, name);
  }

  #accept<R extends Answer>(answer: R, onAnswer?: (answer: R) => void): void {
    this.#noteZxid(answer.zxid);
    if (Array.isArray(answer.events) && answer.events.length > 0) {
      this.#options.hooks.events(answer.events);
    }
    onAnswer?.(answer);
  }

  #noteZxid(zxid: number): void {
    if (typeof zxid === 'number' && zxid > this.#lastZxidSeen) this.#lastZxidSeen = zxid;
  }

  async #ping(): Promise<void> {
    const link = this.#link;
    if (this.#state !== 'connected' || link === undefined || this.#closing !== undefined) return;
    const timeoutMs = Math.max(1, Math.round(this.#timeoutMs * PING_TIMEOUT_FRACTION));
    try {
      const request = { sessionId: this.#sessionId };
      this.#accept(await onLink(link, (signal) => link.stub.ping(request, { timeoutMs, signal })));
    } catch (error) {
      this.#linkFailed(link, error);
    }
  }

  #seeking(): boolean {
    return (
      this.#closing === undefined &&
      (this.#state === 'connecting' || this.#state === 'disconnected')
    );
  }

  #setState(state: ClientState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#options.hooks.state(state);
  }
}
