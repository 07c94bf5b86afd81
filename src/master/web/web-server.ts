// The master's web port (HBase's 16010): the status page at `/`, the same as JSON at
// `/status.json`, and WebSocket endpoints mounted by path (the shell at `/shell`). A request the
// server has no route for gets 404; a failing status read gets 503, and the server keeps serving.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../../common/log.js';
import { renderStatusPage, type WebStatus } from './status-page.js';

/** Takes over an HTTP upgrade (a WebSocket handshake) on a mounted path. */
export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface MasterWebOptions {
  readonly host: string;
  /** 0 asks the system for a free one. */
  readonly port: number;
  readonly status: () => Promise<WebStatus>;
  readonly logger: Logger;
}

/** Requests answered at once on one connection before the server closes it (keep-alive bound). */
const WEB_REQUESTS_PER_CONNECTION_MAX = 1_000;
/** How long the server waits for a request's headers. */
const WEB_HEADERS_TIMEOUT_MS = 10_000;

export class MasterWebServer {
  readonly #server: Server;
  readonly #upgrades = new Map<string, UpgradeHandler>();
  readonly #o: MasterWebOptions;
  #address: { host: string; port: number } | undefined;

  private constructor(options: MasterWebOptions) {
    this.#o = options;
    this.#server = createServer((request, response) => void this.#serve(request, response));
    this.#server.headersTimeout = WEB_HEADERS_TIMEOUT_MS;
    this.#server.maxRequestsPerSocket = WEB_REQUESTS_PER_CONNECTION_MAX;
    this.#server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const handler = this.#upgrades.get(pathOf(request));
      if (handler === undefined) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      handler(request, socket, head);
    });
  }

  static async start(options: MasterWebOptions): Promise<MasterWebServer> {
    const web = new MasterWebServer(options);
    await new Promise<void>((resolve, reject) => {
      web.#server.once('error', reject);
      web.#server.listen(options.port, options.host, () => {
        web.#server.off('error', reject);
        resolve();
      });
    });
    const bound = web.#server.address();
    const port = typeof bound === 'object' && bound !== null ? bound.port : options.port;
    web.#address = { host: options.host, port };
    return web;
  }

  get address(): { host: string; port: number } {
    return this.#address ?? { host: this.#o.host, port: this.#o.port };
  }

  /** Routes WebSocket upgrades on `path` to `handler`. */
  mount(path: string, handler: UpgradeHandler): void {
    this.#upgrades.set(path, handler);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  async #serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = pathOf(request);
    if (request.method !== 'GET' || (path !== '/' && path !== '/status.json')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`no page at ${request.method ?? ''} ${path}\n`);
      return;
    }
    let status: WebStatus;
    try {
      status = await this.#o.status();
    } catch (error) {
      this.#o.logger.warn({ err: error }, 'status page: status read failed');
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(
        `status unavailable: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return;
    }
    if (path === '/status.json') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(status));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(renderStatusPage(status));
  }
}

function pathOf(request: IncomingMessage): string {
  const url = request.url ?? '/';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
