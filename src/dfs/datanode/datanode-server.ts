// A datanode as a running server: loads its replicas, serves DatanodeService, and keeps in touch
// with the namenode (registration, heartbeats, reports, commands) while its scanner verifies
// replicas in the background. Its id lives in DIR/VERSION, so it is the same across restarts.
import { statfs } from 'node:fs/promises';
import { systemClock, type Clock } from '../../common/clock.js';
import { InvalidArgumentError } from '../../common/errors.js';
import { formatHostPort, parseHostPort } from '../../common/host-port.js';
import { silentLogger, type Logger } from '../../common/log.js';
import { systemRng, type Rng } from '../../common/rng.js';
import { RpcClient, RpcServer, type ServerAddress } from '../../rpc/index.js';
import {
  BLOCK_REPORT_INTERVAL_MS,
  BLOCK_SCAN_BYTES_PER_SECOND_MAX,
  BLOCK_SCAN_INTERVAL_MS,
  HEARTBEAT_INTERVAL_MS,
} from '../limits.js';
import { DatanodeService, NamenodeDatanodeService, type BadReplica } from '../protocol.js';
import type { Block, DatanodeInfo, DatanodeUsage } from '../types.js';
import type { DatanodeContext } from './datanode-context.js';
import { NamenodeLoop } from './namenode-loop.js';
import { DatanodePeers } from './peers.js';
import { pipelineHandlers } from './pipeline-handlers.js';
import { checkLocalCaller } from './local-caller.js';
import { localPaths, readBlock, replicaInfo } from './reader.js';
import { initReplicaRecovery, updateReplicaUnderRecovery } from './recovery.js';
import { RecoveryPrimary } from './recovery-primary.js';
import { loadReplicas } from './replica-loader.js';
import { ReplicaStore } from './replica-store.js';
import { ReportQueue } from './report-queue.js';
import { BlockScanner } from './scanner.js';
import { StorageLayout } from './storage-layout.js';
import { Transfers } from './transfer.js';

export interface DatanodeTuning {
  readonly heartbeatIntervalMs: number;
  readonly blockReportIntervalMs: number;
  readonly scanIntervalMs: number;
  readonly scanBytesPerSecondMax: number;
  /** fsync a replica when it is finalized; false by default, as HDFS dfs.datanode.synconclose. */
  readonly syncOnClose: boolean;
}

export const DEFAULT_DATANODE_TUNING: DatanodeTuning = Object.freeze({
  heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
  blockReportIntervalMs: BLOCK_REPORT_INTERVAL_MS,
  scanIntervalMs: BLOCK_SCAN_INTERVAL_MS,
  scanBytesPerSecondMax: BLOCK_SCAN_BYTES_PER_SECOND_MAX,
  syncOnClose: false,
});

export interface DatanodeServerOptions {
  readonly dataDir: string;
  /** The namenode, `HOST:PORT`. */
  readonly namenode: string;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default DATANODE_PORT_DEFAULT; 0 asks for any free port. */
  readonly port?: number;
  readonly clock?: Clock;
  readonly rng?: Rng;
  readonly logger?: Logger;
  readonly tuning?: Partial<DatanodeTuning>;
}

/** HDFS's dfs.datanode.address port. */
export const DATANODE_PORT_DEFAULT = 9866;
/** How long calls in flight get to finish when the datanode stops. */
export const DATANODE_STOP_GRACE_MS = 1_000;

export class DatanodeServer {
  readonly #options: DatanodeServerOptions;
  readonly #tuning: DatanodeTuning;
  readonly #logger: Logger;
  readonly #layout: StorageLayout;
  readonly #datanodeId: string;
  readonly #rpc: RpcServer;
  readonly #client: RpcClient;
  readonly #reports: ReportQueue;
  readonly #store: ReplicaStore;
  readonly #ctx: DatanodeContext;
  readonly #transfers: Transfers;
  readonly #recovery: RecoveryPrimary;
  readonly #scanner: BlockScanner;
  readonly #loop: NamenodeLoop;
  #address: string;
  #invalidations: Promise<void> = Promise.resolve();
  #corruptAtStart: BadReplica[] = [];
  #stopping: Promise<void> | undefined;

  constructor(options: DatanodeServerOptions) {
    this.#options = options;
    this.#tuning = checkTuning({ ...DEFAULT_DATANODE_TUNING, ...options.tuning });
    parseHostPort(options.namenode);
    const clock = options.clock ?? systemClock;
    this.#layout = new StorageLayout(options.dataDir);
    this.#datanodeId = this.#layout.prepare();
    this.#logger = (options.logger ?? silentLogger).child({ datanode: this.#datanodeId });
    this.#address = formatHostPort({
      host: options.host ?? '127.0.0.1',
      port: options.port ?? DATANODE_PORT_DEFAULT,
    });
    this.#rpc = new RpcServer({ clock, logger: this.#logger });
    this.#client = new RpcClient({ clock, rng: options.rng ?? systemRng });
    const namenode = this.#client.stub(NamenodeDatanodeService, options.namenode);
    this.#reports = new ReportQueue({
      namenode,
      datanodeId: this.#datanodeId,
      clock,
      logger: this.#logger,
    });
    this.#store = new ReplicaStore({
      layout: this.#layout,
      logger: this.#logger,
      syncOnClose: this.#tuning.syncOnClose,
      events: this.#reports,
    });
    this.#ctx = {
      store: this.#store,
      peers: new DatanodePeers(this.#client),
      clock,
      logger: this.#logger,
      self: () => this.info,
      reportBad: (replicas) => this.#reports.bad(replicas),
    };
    this.#transfers = new Transfers(this.#ctx);
    this.#recovery = new RecoveryPrimary(this.#ctx, namenode);
    this.#scanner = new BlockScanner(this.#ctx, {
      intervalMs: this.#tuning.scanIntervalMs,
      bytesPerSecondMax: this.#tuning.scanBytesPerSecondMax,
    });
    this.#loop = new NamenodeLoop({
      namenode,
      reports: this.#reports,
      store: this.#store,
      clock,
      logger: this.#logger,
      heartbeatIntervalMs: this.#tuning.heartbeatIntervalMs,
      blockReportIntervalMs: this.#tuning.blockReportIntervalMs,
      self: () => this.info,
      usage: () => this.#usage(),
      commands: {
        transfer: (command) => this.#transfers.start(command),
        recover: (command) => this.#recovery.start(command),
        invalidate: (blocks) => this.#invalidate(blocks),
      },
      corruptAtStart: this.#corruptAtStart,
    });
    this.#registerHandlers();
  }

  /** Loads the replicas and listens; registration and reports then go on in the background. */
  async start(): Promise<ServerAddress> {
    const loaded = await loadReplicas(this.#layout, this.#logger);
    for (const replica of loaded.replicas) this.#store.add(replica);
    for (const replica of loaded.corrupt) {
      const block = {
        blockId: replica.blockId,
        genStamp: replica.genStamp,
        numBytes: replica.bytesOnDisk,
      };
      this.#corruptAtStart.push({ block, datanodeId: this.#datanodeId });
    }
    const address = await this.#rpc.listen({
      host: this.#options.host ?? '127.0.0.1',
      port: this.#options.port ?? DATANODE_PORT_DEFAULT,
    });
    this.#address = formatHostPort(address);
    this.#loop.start();
    this.#scanner.start();
    this.#logger.info({ address: this.#address }, `datanode serving on ${this.#address}`);
    return address;
  }

  get datanodeId(): string {
    return this.#datanodeId;
  }

  get info(): DatanodeInfo {
    return { datanodeId: this.#datanodeId, address: this.#address };
  }

  get dataDir(): string {
    return this.#options.dataDir;
  }

  /** Whether the namenode has this datanode registered (as far as it knows). */
  get registered(): boolean {
    return this.#loop.registered;
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    await Promise.all([this.#loop.stop(), this.#scanner.stop()]);
    this.#reports.stop();
    await this.#rpc.close(DATANODE_STOP_GRACE_MS);
    await this.#store.close();
    this.#client.destroy();
    await Promise.allSettled([
      this.#transfers.drain(),
      this.#recovery.drain(),
      this.#invalidations,
    ]);
    this.#logger.info('datanode stopped');
  }

  #registerHandlers(): void {
    const ctx = this.#ctx;
    const pipeline = pipelineHandlers(ctx);
    this.#rpc.register(DatanodeService, {
      openPipeline: pipeline.openPipeline,
      writePacket: pipeline.writePacket,
      readBlock: (request) => readBlock(ctx, request),
      replicaInfo: (request) => replicaInfo(ctx, request),
      localPaths: (request, context) => {
        checkLocalCaller(context.remoteAddress);
        return localPaths(ctx, request);
      },
      copyReplica: (request) => this.#transfers.copyReplica(request),
      initReplicaRecovery: (request) => initReplicaRecovery(ctx, request),
      updateReplicaUnderRecovery: (request) => updateReplicaUnderRecovery(ctx, request),
    });
  }

  #invalidate(blocks: readonly Block[]): void {
    this.#invalidations = this.#invalidations.then(async () => {
      for (const block of blocks) {
        try {
          await this.#store.invalidate(block);
        } catch (error) {
          this.#logger.warn({ block: block.blockId, err: error }, 'invalidate failed');
        }
      }
    });
  }

  async #usage(): Promise<DatanodeUsage> {
    const fs = await statfs(this.#options.dataDir);
    return {
      capacityBytes: fs.blocks * fs.bsize,
      usedBytes: this.#store.bytesUsed(),
      remainingBytes: fs.bavail * fs.bsize,
      activeTransfers: this.#store.writers() + this.#transfers.running,
    };
  }
}

function checkTuning(tuning: DatanodeTuning): DatanodeTuning {
  for (const key of [
    'heartbeatIntervalMs',
    'blockReportIntervalMs',
    'scanIntervalMs',
    'scanBytesPerSecondMax',
  ] as const) {
    const value = tuning[key];
    if (!(Number.isFinite(value) && value > 0)) {
      throw new InvalidArgumentError(`datanode tuning ${key} is ${value}; it must be positive`);
    }
  }
  return tuning;
}
