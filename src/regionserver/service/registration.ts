// A region server's presence in the coordinator (HBase's RegionServerTracker counterpart): an
// ephemeral node under /colonnade/rs named by the server name, holding its address. When the
// session expires the node is gone and the master may give the server's regions to others, so
// `onExpired` must make the server stop serving at once.
import { systemClock, type Clock } from '../../common/clock.js';
import type { Logger } from '../../common/log.js';
import { REGION_SERVERS_PATH } from '../../common/znodes.js';
import { CoordClient, join, type Membership } from '../../coord/client/index.js';

export interface RegistrationOptions {
  /** The coordinator ensemble, `host:port,host:port`. */
  readonly coord: string;
  readonly serverName: string;
  readonly host: string;
  readonly port: number;
  readonly sessionTimeoutMs?: number;
  readonly clock?: Clock;
  readonly logger: Logger;
  /** Called once when the session expires (not when it is closed on purpose). */
  readonly onExpired: () => void;
}

/** What the server's node holds, for the master and the tools. */
export interface RegionServerNode {
  readonly serverName: string;
  readonly host: string;
  readonly port: number;
}

export class Registration {
  readonly #client: CoordClient;
  readonly #membership: Membership;
  #closing = false;

  private constructor(client: CoordClient, membership: Membership) {
    this.#client = client;
    this.#membership = membership;
  }

  static async register(options: RegistrationOptions): Promise<Registration> {
    const client = await CoordClient.connect({
      ensemble: options.coord,
      clock: options.clock ?? systemClock,
      logger: options.logger,
      ...(options.sessionTimeoutMs === undefined
        ? {}
        : { sessionTimeoutMs: options.sessionTimeoutMs }),
    });
    let registration: Registration | undefined;
    client.on('state', (state) => {
      if (state === 'expired' && !(registration !== undefined && registration.#closing)) {
        options.logger.error({ serverName: options.serverName }, 'coordinator session expired');
        options.onExpired();
      }
    });
    const node: RegionServerNode = {
      serverName: options.serverName,
      host: options.host,
      port: options.port,
    };
    try {
      const membership = await join(
        client,
        REGION_SERVERS_PATH,
        options.serverName,
        JSON.stringify(node),
      );
      registration = new Registration(client, membership);
      return registration;
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  /** The session's client (the split checker finds the active master through it). */
  get client(): CoordClient {
    return this.#client;
  }

  get sessionTimeoutMs(): number {
    return this.#client.negotiatedTimeoutMs;
  }

  /** Leaves on purpose: deletes the node and closes the session. */
  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    try {
      await this.#membership.leave();
    } finally {
      await this.#client.close();
    }
  }
}
