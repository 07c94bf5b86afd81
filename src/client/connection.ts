// HBase's Connection: one coordinator session (for meta's location), one RPC client (a connection
// pool per region server) and one region-location cache, shared by every Table it hands out.
// Invariant: after close() no new attempt starts, open scanners are closed, and the session and
// the sockets are released.
import { InvalidArgumentError } from '../common/errors.js';
import { TABLE_NAME_BYTES_MAX } from '../common/limits.js';
import { CoordClient } from '../coord/client/index.js';
import { RpcClient } from '../rpc/index.js';
import type { ClientContext, Closable } from './client-context.js';
import { MetaLocation } from './meta-location.js';
import { resolveOptions, type ConnectionOptions, type ResolvedOptions } from './options.js';
import { RegionCache } from './region-cache.js';
import { RegionLocator } from './region-locator.js';
import { Table } from './table.js';
import { Admin } from './admin.js';

export class Connection {
  readonly #options: ResolvedOptions;
  readonly #meta: MetaLocation;
  readonly #rpc: RpcClient;
  readonly #locator: RegionLocator;
  readonly #scanners = new Set<Closable>();
  readonly #ctx: ClientContext;
  #closed = false;

  private constructor(options: ResolvedOptions, coord: CoordClient) {
    this.#options = options;
    this.#meta = new MetaLocation(coord, () => connectCoord(options));
    this.#rpc = new RpcClient({ clock: options.clock, rng: options.rng });
    this.#locator = new RegionLocator(this.#meta, new RegionCache(), this.#rpc, options.logger);
    this.#ctx = {
      settings: {
        operationTimeoutMs: options.operationTimeoutMs,
        rpcTimeoutMs: options.rpcTimeoutMs,
        retries: options.retries,
        pauseMs: options.pauseMs,
        clock: options.clock,
        rng: options.rng,
        isClosed: () => this.#closed,
      },
      locator: this.#locator,
      scannerCaching: options.scannerCaching,
      logger: options.logger,
      track: (scanner) => {
        this.#scanners.add(scanner);
        return () => this.#scanners.delete(scanner);
      },
    };
  }

  /** Opens a coordinator session; regions are located lazily, on first use. */
  static async connect(options: ConnectionOptions): Promise<Connection> {
    const resolved = resolveOptions(options);
    return new Connection(resolved, await connectCoord(resolved));
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  /** The settings in force (defaults filled in). */
  get options(): Omit<ResolvedOptions, 'clock' | 'rng' | 'logger'> {
    const { clock: _c, rng: _r, logger: _l, ...rest } = this.#options;
    return rest;
  }

  /** A handle on table `name` (cheap; whether the table exists shows on first use). */
  getTable(name: string): Table {
    if (typeof name !== 'string' || name.length === 0) {
      throw new InvalidArgumentError(`table name is ${JSON.stringify(name)}; expected a name`);
    }
    const bytes = Buffer.byteLength(name, 'utf8');
    if (bytes > TABLE_NAME_BYTES_MAX) {
      throw new InvalidArgumentError(
        `table name is ${bytes} bytes; TABLE_NAME_BYTES_MAX is ${TABLE_NAME_BYTES_MAX}`,
      );
    }
    return new Table(this.#ctx, name);
  }

  /** DDL and cluster status through the active master. */
  getAdmin(): Admin {
    return new Admin(
      this.#ctx.settings,
      () => this.#meta.session(),
      this.#rpc,
      this.#options.rpcTimeoutMs,
    );
  }

  /** Forgets every cached location of `name` (HBase's clearRegionLocationCache, per table). */
  clearRegionCache(name: string): void {
    this.#locator.clearTable(name);
  }

  /** Closes open scanners, the RPC connections and the coordinator session. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#scanners].map((s) => s.close().catch(() => undefined)));
    this.#rpc.close();
    await this.#meta.close();
  }
}

/** A coordinator session for meta's location. */
function connectCoord(options: ResolvedOptions): Promise<CoordClient> {
  return CoordClient.connect({
    ensemble: options.coord,
    clock: options.clock,
    rng: options.rng,
    logger: options.logger,
    ...(options.coordSessionTimeoutMs === undefined
      ? {}
      : { sessionTimeoutMs: options.coordSessionTimeoutMs }),
  });
}

/** HBase's ConnectionFactory.createConnection: `await connect({ coord: 'host:port' })`. */
export function connect(options: ConnectionOptions): Promise<Connection> {
  return Connection.connect(options);
}
