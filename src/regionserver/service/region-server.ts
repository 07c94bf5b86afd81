// The region server process's core (the I/O shell around the engine): one Wal and one block cache
// for every region it hosts, the RegionServerService on TCP, scanners under leases. Regions open
// and close on the master's command; opening one that is already open answers as the first open
// did. Invariant: a region's scanners close with it, and data calls for a region not open here
// fail with NotServingRegion (retriable: the client looks the region up again).
import { type Cell, cellSizeBytes } from '../../common/cell.js';
import { systemClock, type Clock, type TimerHandle } from '../../common/clock.js';
import { silentLogger, type Logger } from '../../common/log.js';
import { DfsClient } from '../../dfs/client/index.js';
import { RpcServer, type ServerAddress } from '../../rpc/index.js';
import type { FileRewriter } from '../compaction/rewriter.js';
import { serverRewriteWorker } from '../compaction/worker-rewriter.js';
import { NotServingRegionError, ServerNotRunningError } from '../errors.js';
import { ChunkPool } from '../memstore/chunk-pool.js';
import { RegionFs } from '../region-fs.js';
import { Region } from '../region.js';
import type { RegionScanner } from '../region-scanner.js';
import { BlockCache } from '../storefile/index.js';
import { Wal } from '../wal/index.js';
import {
  SCAN_BYTES_PER_CALL_MAX,
  SCAN_ROWS_PER_CALL_MAX,
  SCANNER_LEASE_MS,
  SCANNER_LEASE_SWEEP_MS,
} from './limits.js';
import { CellBlock } from '../../common/cell-block.js';
import { type RegionServerStatus, RegionServerService, type ScanBatch } from './protocol.js';
import { checkRegionInfo, checkScanSpec, checkTableDescriptor } from './request-checks.js';
import { Registration } from './registration.js';
import { ScannerLeases } from './scanner-leases.js';
import { SplitChecker } from './split-checker.js';
import { regionServerHandlers } from './service-handlers.js';

export interface RegionServerOptions {
  /** HOST:PORT of the namenode. */
  readonly namenode: string;
  /** Colonnade's root directory on the block filesystem. @default '/colonnade' */
  readonly rootDir?: string;
  readonly host?: string;
  /** 0 asks the system for a free port. @default 16020 */
  readonly port?: number;
  /** Replication of WALs and store files. @default the filesystem's default (3) */
  readonly replication?: number;
  readonly cacheBytes?: number;
  readonly scannerLeaseMs?: number;
  /** The coordinator ensemble: the server registers its ephemeral node there. None: no node. */
  readonly coord?: string;
  readonly sessionTimeoutMs?: number;
  /** The split threshold of tables that set no MAX_FILESIZE (HBase's hbase.hregion.max.filesize). */
  readonly maxFileBytes?: number;
  /** How often regions are checked against their split threshold (with `coord` only). */
  readonly splitCheckIntervalMs?: number;
  /**
   * Run compactions and split rewrites in a worker thread, off the loop that serves requests. The
   * worker is the build's rewrite-worker.js (`rewriteWorkerUrl` points elsewhere, for tests).
   * @default false: they run on the server's loop
   */
  readonly rewriteWorker?: boolean;
  readonly rewriteWorkerUrl?: URL;
  /** Called once the server has aborted (the daemon exits). */
  readonly onAbort?: (reason: string) => void;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

const DEFAULT_ROOT_DIR = '/colonnade';

const DEFAULT_PORT = 16020;

export class RegionServer {
  readonly serverName: string;
  readonly address: ServerAddress;
  readonly #rpc: RpcServer;
  readonly #dfs: DfsClient;
  readonly #fs: RegionFs;
  readonly #wal: Wal;
  readonly #cache: BlockCache;
  /** The rewrite worker, when the server runs one; regions rewrite inline otherwise. */
  readonly #rewriter: FileRewriter | undefined;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #regions = new Map<string, Region>();
  readonly #opening = new Map<string, Promise<Region>>();
  readonly #scanners: ScannerLeases<RegionScanner>;
  #sweep: TimerHandle | undefined;
  #registration: Registration | undefined;
  #splitChecker: SplitChecker | undefined;
  #running = true;
  #aborted: string | undefined;
  /** Data requests served (region lookups by data calls, and scanner nexts). */
  #requests = 0;
  readonly chunks = new ChunkPool(); // the memstores' chunks, read under its guard

  private constructor(parts: {
    serverName: string;
    address: ServerAddress;
    rpc: RpcServer;
    dfs: DfsClient;
    fs: RegionFs;
    wal: Wal;
    cache: BlockCache;
    rewriter: FileRewriter | undefined;
    clock: Clock;
    logger: Logger;
    scannerLeaseMs: number;
  }) {
    this.#rewriter = parts.rewriter;
    this.serverName = parts.serverName;
    this.address = parts.address;
    this.#rpc = parts.rpc;
    this.#dfs = parts.dfs;
    this.#fs = parts.fs;
    this.#wal = parts.wal;
    this.#cache = parts.cache;
    this.#clock = parts.clock;
    this.#logger = parts.logger;
    this.#scanners = new ScannerLeases(parts.clock, parts.scannerLeaseMs);
  }

  /** Listens, opens its WAL, then serves (calls before that get ServerNotRunning). */
  static async start(options: RegionServerOptions): Promise<RegionServer> {
    const clock = options.clock ?? systemClock;
    const logger = (options.logger ?? silentLogger).child({ role: 'regionserver' });
    const rpc = new RpcServer({ clock, logger });
    let server: RegionServer | undefined;
    rpc.register(
      RegionServerService,
      regionServerHandlers(() => server),
    );
    const address = await rpc.listen({
      host: options.host ?? '127.0.0.1',
      port: options.port ?? DEFAULT_PORT,
    });
    const serverName = `${address.host},${address.port},${clock.nowMs()}`;
    const dfs = new DfsClient({ namenode: options.namenode, clock, logger });
    try {
      const rootDir = options.rootDir ?? DEFAULT_ROOT_DIR;
      const replication =
        options.replication === undefined ? {} : { replication: options.replication };
      const fs = new RegionFs({ client: dfs, rootDir, ...replication });
      const wal = await Wal.open({
        fs: dfs,
        dir: `${rootDir}/WALs/${serverName}`,
        archiveDir: `${rootDir}/oldWALs`,
        serverName,
        clock,
        ...replication,
      });
      const cache = new BlockCache(options.cacheBytes);
      server = new RegionServer({
        serverName,
        address,
        rpc,
        dfs,
        fs,
        wal,
        cache,
        rewriter:
          options.rewriteWorker === true
            ? serverRewriteWorker({ ...options, fs, cache, logger })
            : undefined,
        clock,
        logger,
        scannerLeaseMs: options.scannerLeaseMs ?? SCANNER_LEASE_MS,
      });
    } catch (error) {
      await rpc.close();
      await dfs.close();
      throw error;
    }
    server.#scheduleSweep();
    if (options.coord !== undefined) {
      const started = server;
      try {
        server.#registration = await Registration.register({
          coord: options.coord,
          serverName,
          host: address.host,
          port: address.port,
          clock,
          logger,
          ...(options.sessionTimeoutMs === undefined
            ? {}
            : { sessionTimeoutMs: options.sessionTimeoutMs }),
          onExpired: () =>
            void started
              .abort('its coordinator session expired')
              .then(() => options.onAbort?.('its coordinator session expired')),
        });
      } catch (error) {
        await server.stop();
        throw error;
      }
    }
    if (server.#registration !== undefined) {
      const registered = server;
      server.#splitChecker = new SplitChecker({
        serverName,
        regions: () => registered.#regions,
        coord: () => registered.#registration?.client,
        clock,
        logger,
        ...(options.maxFileBytes === undefined ? {} : { maxFileBytes: options.maxFileBytes }),
        ...(options.splitCheckIntervalMs === undefined
          ? {}
          : { intervalMs: options.splitCheckIntervalMs }),
      });
      server.#splitChecker.start();
    }
    logger.info({ serverName, address }, 'region server serving');
    return server;
  }

  /** Regions open here, by encoded name. */
  get regions(): ReadonlyMap<string, Region> {
    return this.#regions;
  }

  async openRegion(infoValue: unknown, tableValue: unknown): Promise<{ openSeqNum: number }> {
    const info = checkRegionInfo(infoValue);
    const table = checkTableDescriptor(tableValue);
    const name = info.encodedName;
    const open = this.#regions.get(name);
    if (open !== undefined) return { openSeqNum: open.stats().readPoint };
    let opening = this.#opening.get(name);
    if (opening === undefined) {
      opening = Region.open({
        fs: this.#fs,
        info,
        table,
        wal: this.#wal,
        cache: this.#cache,
        clock: this.#clock,
        logger: this.#logger,
        chunks: this.chunks,
        ...(this.#rewriter === undefined ? {} : { rewriter: this.#rewriter }),
      });
      this.#opening.set(name, opening);
    }
    try {
      const region = await opening;
      if (!this.#running) {
        await region.close();
        throw new ServerNotRunningError(`${this.serverName} stopped while opening ${name}`);
      }
      this.#regions.set(name, region);
      this.#logger.info({ region: name, table: table.name }, 'region opened');
      return { openSeqNum: region.stats().readPoint };
    } finally {
      this.#opening.delete(name);
    }
  }

  /** Closes a region (flushing its memstore, as HBase does); false when it is not open here. */
  async closeRegion(name: string): Promise<boolean> {
    const region = this.detachRegion(name);
    if (region === undefined) return false;
    await region.close({ flush: true });
    this.#logger.info({ region: name }, 'region closed');
    return true;
  }

  /**
   * Takes a region out of service (data calls get NotServingRegion, its scanners close) without
   * closing it: the caller closes it, or splits it.
   */
  detachRegion(name: string): Region | undefined {
    const region = this.#regions.get(name);
    if (region === undefined) return undefined;
    this.#regions.delete(name);
    this.#scanners.closeRegion(name);
    return region;
  }

  /** Why the server aborted, if it did. */
  get abortReason(): string | undefined {
    return this.#aborted;
  }

  region(name: string): Region {
    if (!this.#running) {
      throw new ServerNotRunningError(
        `${this.serverName} ${this.#aborted === undefined ? 'is stopping' : `aborted: ${this.#aborted}`}`,
      );
    }
    const region = this.#regions.get(name);
    if (region === undefined) {
      throw new NotServingRegionError(`region ${name} is not open on ${this.serverName}`);
    }
    this.#requests++;
    return region;
  }

  async openScanner(name: string, scanValue: unknown, rows: number): Promise<ScanBatch> {
    const spec = checkScanSpec(scanValue);
    const scanner = this.region(name).scanner(spec);
    const scannerId = this.#scanners.add(name, scanner);
    return this.next(scannerId, rows);
  }

  next(scannerId: number, rows: number): Promise<ScanBatch> {
    this.#requests++;
    return this.#scanners.use(scannerId, async (scanner) => {
      // Counted in flight: a region closing (a split, a move) waits for the batch.
      const batch = await scanner.track(() => readRows(scanner, rows));
      if (!batch.more) this.#scanners.close(scannerId);
      return { scannerId, ...batch, rows: batch.rows.map((row) => new CellBlock(row)) };
    });
  }

  closeScanner(scannerId: number): boolean {
    return this.#scanners.close(scannerId);
  }

  status(): RegionServerStatus {
    const regions = [...this.#regions.entries()].map(([region, r]) => {
      const stats = r.stats();
      return {
        region,
        table: r.info.table,
        startKey: r.info.startKey,
        endKey: r.info.endKey,
        memstoreBytes: stats.memstoreBytes,
        storeFileBytes: stats.storeFileBytes,
      };
    });
    return {
      serverName: this.serverName,
      regions,
      openScanners: this.#scanners.size,
      requests: this.#requests,
    };
  }

  /** Stops serving, closes every region (flushing) and the WAL, then leaves the coordinator. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#splitChecker?.stop();
    if (this.#sweep !== undefined) this.#clock.clearTimeout(this.#sweep);
    await this.#rpc.close();
    this.#scanners.closeAll();
    try {
      for (const name of [...this.#regions.keys()]) await this.closeRegion(name);
      await this.#wal.close();
    } finally {
      await this.#rewriter?.close();
      await this.#registration?.close();
      await this.#dfs.close();
    }
  }

  /**
   * Stops serving at once, as HBase's abort: every data call fails from now on, regions close
   * without flushing (their edits are in the WAL, which the master splits), the WAL is left as it
   * is for the master to recover.
   */
  async abort(reason: string): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#aborted = reason;
    this.#logger.error({ serverName: this.serverName, reason }, 'region server aborting');
    this.#splitChecker?.stop();
    if (this.#sweep !== undefined) this.#clock.clearTimeout(this.#sweep);
    this.#scanners.closeAll();
    const regions = [...this.#regions.values()];
    this.#regions.clear();
    for (const region of regions) await region.close({ flush: false }).catch(() => undefined);
    await this.#rewriter?.close().catch(() => undefined);
    await this.#rpc.close(0);
    await this.#registration?.close().catch(() => undefined);
    await this.#dfs.close().catch(() => undefined);
  }

  #scheduleSweep(): void {
    this.#sweep = this.#clock.setTimeout(() => {
      const expired = this.#scanners.expire();
      if (expired.length > 0) this.#logger.debug({ expired }, 'scanner leases expired');
      if (this.#running) this.#scheduleSweep();
    }, SCANNER_LEASE_SWEEP_MS);
  }
}

/** Up to `rows` rows (and SCAN_BYTES_PER_CALL_MAX bytes) from the scanner. */
async function readRows(
  scanner: RegionScanner,
  rowsWanted: number,
): Promise<{ rows: Cell[][]; more: boolean; filterDone?: boolean }> {
  const want = Math.min(rowsWanted, SCAN_ROWS_PER_CALL_MAX);
  const rows: Cell[][] = [];
  let bytes = 0;
  while (rows.length < want && bytes < SCAN_BYTES_PER_CALL_MAX) {
    const row = await scanner.next();
    if (row === undefined) return { rows, more: false, filterDone: scanner.filterDone };
    rows.push(row);
    for (const cell of row) bytes += cellSizeBytes(cell);
  }
  return { rows, more: true };
}
