// Searches the ensemble for a member that will serve the session: members in MemberOrder's cycle,
// each given a share of the session timeout, until one answers or the deadline passes. Wakes early
// (and gives up) when the session stops seeking (closed or expired).
import type { Clock } from '../../common/clock.js';
import { formatHostPort, type HostPort } from '../../common/host-port.js';
import { COORD_CLIENT_CONNECT_ATTEMPT_MIN_MS } from '../../common/limits.js';
import type { Logger } from '../../common/log.js';
import type { RpcClient } from '../../rpc/index.js';
import type { ConnectRequest, ConnectResponse } from '../protocol.js';
import { CoordService } from '../protocol.js';
import type { MemberOrder } from './member-order.js';
import { newLink, requestSession, type Link } from './member-link.js';

export type Attempt = 'connected' | 'expired' | 'failed';

export interface SearchHost {
  /** Still looking for a member (not connected, closing, or ended). */
  seeking(): boolean;
  /** The session's timeout as negotiated (or asked for, before the first answer). */
  timeoutMs(): number;
  connectRequest(): ConnectRequest;
  /** A member gave the session: take it over this link (events, watches). */
  establish(
    link: Link,
    response: ConnectResponse,
    relativeZxid: number,
    timeoutMs: number,
  ): Promise<Attempt>;
  /** A member says the session is gone. */
  expire(reason: string): void;
}

export class MemberSearch {
  readonly #rpc: RpcClient;
  readonly #order: MemberOrder;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #host: SearchHost;
  #wakeSleep: (() => void) | undefined;

  constructor(rpc: RpcClient, order: MemberOrder, clock: Clock, log: Logger, host: SearchHost) {
    this.#rpc = rpc;
    this.#order = order;
    this.#clock = clock;
    this.#log = log;
    this.#host = host;
  }

  /** Tries members until one serves the session (true) or `deadlineMs` passes (false). */
  async run(deadlineMs: number): Promise<boolean> {
    while (this.#host.seeking()) {
      const { member, delayMs } = this.#order.next();
      if (delayMs > 0) await this.#sleep(Math.min(delayMs, deadlineMs - this.#clock.monotonicMs()));
      const remainingMs = Math.ceil(deadlineMs - this.#clock.monotonicMs());
      if (!this.#host.seeking() || remainingMs <= 0) return false;
      const outcome = await this.#attempt(member, Math.min(this.#attemptTimeoutMs(), remainingMs));
      if (outcome === 'connected') {
        this.#order.connected();
        return true;
      }
      if (outcome === 'expired') {
        this.#host.expire(`member ${formatHostPort(member)} no longer knows the session`);
        return false;
      }
    }
    return false;
  }

  /** Ends a pause between rounds at once (the session closed or expired). */
  wake(): void {
    this.#wakeSleep?.();
  }

  /** ZooKeeper's connect timeout: the session timeout shared among the members, with a floor. */
  #attemptTimeoutMs(): number {
    const share = Math.floor(this.#host.timeoutMs() / this.#order.members.length);
    return Math.max(COORD_CLIENT_CONNECT_ATTEMPT_MIN_MS, share);
  }

  async #attempt(member: HostPort, timeoutMs: number): Promise<Attempt> {
    const stub = this.#rpc.stub(CoordService, member);
    const request = this.#host.connectRequest();
    const response = await requestSession(stub, request, timeoutMs);
    if (response === 'failed') {
      this.#log.debug({ member: formatHostPort(member) }, 'connect attempt failed');
    }
    if (response === 'expired' || response === 'failed') return response;
    if (!this.#host.seeking()) return 'failed';
    // setWatches fires what changed after the zxid the client had seen before this member.
    return this.#host.establish(newLink(member, stub), response, request.lastZxidSeen, timeoutMs);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        this.#clock.clearTimeout(timer);
        this.#wakeSleep = undefined;
        resolve();
      };
      const timer = this.#clock.setTimeout(wake, Math.max(0, ms));
      this.#wakeSleep = wake;
    });
  }
}
