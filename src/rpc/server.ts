// The RPC server of every role: listens on TCP, registers typed services, and shuts down
// gracefully (stop accepting, tell clients to go away, let calls in flight finish).
import { createServer, type AddressInfo, type Server } from 'node:net';
import { systemClock, type Clock, type TimerHandle } from '../common/clock.js';
import { silentLogger, type Logger } from '../common/log.js';
import { FRAME_STALL_MS, SERVER_CONNECTIONS_MAX, SHUTDOWN_GRACE_MS } from '../common/limits.js';
import { ProtocolError, ServerBusyError } from './errors.js';
import { ServerConnection } from './server-connection.js';
import { ServerRegistry, type Handlers } from './server-registry.js';
import type { MethodMap, ServiceDefinition } from './service.js';

export interface RpcServerOptions {
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** @default SERVER_CONNECTIONS_MAX */
  readonly connectionsMax?: number;
  /** @default FRAME_STALL_MS */
  readonly frameStallMs?: number;
}

export interface ListenOptions {
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** 0 asks the system for a free port. */
  readonly port: number;
}

export interface ServerAddress {
  readonly host: string;
  readonly port: number;
}

/** How often the server looks for connections stuck inside a frame. */
const STALL_SWEEP_INTERVAL_MS = 1_000;

export class RpcServer {
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #connectionsMax: number;
  readonly #frameStallMs: number;
  readonly #registry = new ServerRegistry();
  readonly #connections = new Set<ServerConnection>();
  readonly #server: Server;
  #sweepTimer: TimerHandle | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: RpcServerOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#connectionsMax = options.connectionsMax ?? SERVER_CONNECTIONS_MAX;
    this.#frameStallMs = options.frameStallMs ?? FRAME_STALL_MS;
    this.#server = createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
      const connection = new ServerConnection(socket, {
        clock: this.#clock,
        logger: this.#logger,
        lookup: (method) => this.#registry.lookup(method),
        onClosed: (c) => this.#connections.delete(c),
      });
      this.#connections.add(connection);
      if (this.#closing !== undefined) {
        connection.goAway('server is shutting down', 0);
      } else if (this.#connections.size > this.#connectionsMax) {
        connection.fail(
          new ServerBusyError(`server has ${this.#connectionsMax} connections, its limit`),
        );
      }
    });
  }

  register<M extends MethodMap>(service: ServiceDefinition<M>, handlers: Handlers<M>): this {
    this.#registry.register(service, handlers);
    return this;
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  async listen(options: ListenOptions): Promise<ServerAddress> {
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(options.port, host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    this.#scheduleSweep();
    return this.address();
  }

  address(): ServerAddress {
    const info = this.#server.address() as AddressInfo | null;
    if (info === null) throw new TypeError('server is not listening');
    return { host: info.address, port: info.port };
  }

  /** Stops accepting, lets calls in flight finish for up to `graceMs`, then closes. */
  close(graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
    this.#closing ??= this.#close(graceMs);
    return this.#closing;
  }

  async #close(graceMs: number): Promise<void> {
    if (this.#sweepTimer !== undefined) this.#clock.clearTimeout(this.#sweepTimer);
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const connection of this.#connections)
      connection.goAway('server is shutting down', graceMs);
    await closed;
  }

  #scheduleSweep(): void {
    this.#sweepTimer = this.#clock.setTimeout(() => {
      this.#sweepStalledFrames();
      if (this.#closing === undefined) this.#scheduleSweep();
    }, STALL_SWEEP_INTERVAL_MS);
    this.#sweepTimer.unref();
  }

  #sweepStalledFrames(): void {
    const now = this.#clock.monotonicMs();
    for (const connection of this.#connections) {
      const since = connection.partialSinceMs;
      if (since !== undefined && now - since > this.#frameStallMs) {
        connection.fail(
          new ProtocolError(`a frame stalled for over ${this.#frameStallMs} ms (truncated frame)`),
        );
      }
    }
  }
}
