// The shell's WebSocket endpoint at `/shell` on the master's web port: a ShellSession per
// connection, all on one SDK Connection opened lazily. Invariant: at most SHELL_SESSIONS_MAX
// sessions at once; after close() no session or socket is left, and the Connection is closed.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { connect, type Connection } from '../../client/index.js';
import { type Clock, systemClock } from '../../common/clock.js';
import { silentLogger, type Logger } from '../../common/log.js';
import { type ShellBackend, connectionBackend } from '../backend.js';
import { CLOSE_GOING_AWAY, CLOSE_TRY_AGAIN_LATER, EndpointSession } from './endpoint-session.js';
import { SHELL_CLOSE_WAIT_MS, SHELL_FRAME_BYTES_MAX, SHELL_SESSIONS_MAX } from './limits.js';
import { encodeMessage } from './protocol.js';

/** Where the endpoint is mounted on the web server. */
export const SHELL_ENDPOINT_PATH = '/shell';

/** Takes over an HTTP upgrade (the same shape as the master web server's). */
export type ShellUpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface ShellEndpointOptions {
  /** The coordinator ensemble the sessions' shared Connection reads meta's location from. */
  readonly coord: string;
  /** What `version` prints and `hello` carries. @default 'unknown' */
  readonly version?: string;
  /** @default silent */
  readonly logger?: Logger;
  /** Times `Took` lines, idle sessions and backpressure stalls (not the Connection's RPCs). */
  readonly clock?: Clock;
  /** Sessions idle this long are closed. @default SHELL_IDLE_TIMEOUT_MS */
  readonly idleTimeoutMs?: number;
}

export interface ShellEndpoint {
  /** Sessions open now. */
  readonly sessionCount: number;
  /** Closes every session (aborting running commands) and the shared Connection. */
  close(): Promise<void>;
}

/** Opens the shared Connection on first use, again if it has closed; closes it once. */
class SharedConnection {
  readonly #coord: string;
  readonly #logger: Logger;
  #connection: Connection | undefined;
  #pending: Promise<Connection> | undefined;
  #closed = false;

  constructor(coord: string, logger: Logger) {
    this.#coord = coord;
    this.#logger = logger;
  }

  async backend(): Promise<ShellBackend> {
    return connectionBackend(await this.#get());
  }

  #get(): Promise<Connection> {
    if (this.#closed) return Promise.reject(new Error('the shell endpoint is closed'));
    const current = this.#connection;
    if (current !== undefined && !current.isClosed) return Promise.resolve(current);
    this.#pending ??= connect({ coord: this.#coord, logger: this.#logger })
      .then(async (connection) => {
        if (this.#closed) {
          await connection.close();
          throw new Error('the shell endpoint is closed');
        }
        this.#connection = connection;
        return connection;
      })
      .finally(() => {
        this.#pending = undefined;
      });
    return this.#pending;
  }

  /** An attempt still connecting is not waited for: it closes what it opens when it ends. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#connection?.close();
  }
}

/** An Origin header naming another host: a web page elsewhere trying to drive the shell. */
function isForeignOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Mounts the shell at `/shell` on `web` and returns the handle that closes it. */
export function attachShellEndpoint(
  web: { mount(path: string, handler: ShellUpgradeHandler): void },
  options: ShellEndpointOptions,
): ShellEndpoint {
  const logger = (options.logger ?? silentLogger).child({ component: 'shell-endpoint' });
  const clock = options.clock ?? systemClock;
  const shared = new SharedConnection(options.coord, logger);
  const sessions = new Set<EndpointSession>();
  const server = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: SHELL_FRAME_BYTES_MAX,
  });
  let closed = false;

  const accept = (socket: WebSocket): void => {
    if (closed) {
      socket.terminate();
      return;
    }
    if (sessions.size >= SHELL_SESSIONS_MAX) {
      const reason = `too many shell sessions: the limit is ${SHELL_SESSIONS_MAX}`;
      socket.on('error', () => undefined);
      socket.send(encodeMessage({ type: 'error', message: reason }));
      socket.close(CLOSE_TRY_AGAIN_LATER, reason);
      return;
    }
    const session = new EndpointSession({
      socket,
      connect: () => shared.backend(),
      version: options.version ?? 'unknown',
      clock,
      logger,
      ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
      onClosed: (s) => sessions.delete(s),
    });
    sessions.add(session);
  };

  web.mount(SHELL_ENDPOINT_PATH, (request, socket, head) => {
    if (closed) return refuse(socket, '503 Service Unavailable');
    if (isForeignOrigin(request)) return refuse(socket, '403 Forbidden');
    server.handleUpgrade(request, socket, head, accept);
  });

  return {
    get sessionCount() {
      return sessions.size;
    },
    async close() {
      if (closed) return;
      closed = true;
      const open = [...sessions];
      const stopped = Promise.all(
        open.map((s) => s.close(CLOSE_GOING_AWAY, 'the shell endpoint is shutting down')),
      );
      await waitAtMost(clock, stopped, SHELL_CLOSE_WAIT_MS);
      for (const s of open) s.terminate();
      sessions.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await shared.close();
    },
  };
}

/** Waits for `promise`, or for `ms` on `clock`, whichever ends first. */
async function waitAtMost(clock: Clock, promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<Clock['setTimeout']> | undefined;
  await Promise.race([
    promise.catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = clock.setTimeout(resolve, ms);
    }),
  ]);
  if (timer !== undefined) clock.clearTimeout(timer);
}
