// `colonnade regionserver`: one region server. It serves regions the master opens on it, keeps
// its WAL on the block filesystem and its ephemeral node in the coordinator; prints
// `colonnade ready regionserver HOST:PORT` when it serves, and exits 1 (RegionServerAborted) if
// it aborts.
import { Command } from 'commander';
import { systemClock } from '../common/clock.js';
import { addConfigOptions, defineConfigSpec, loadConfigFromCommand } from '../common/config.js';
import { SESSION_TIMEOUT_DEFAULT_MS } from '../common/limits.js';
import { createLogger } from '../common/log.js';
import { RegionServerAbortedError } from '../regionserver/errors.js';
import { RegionServer } from '../regionserver/service/region-server.js';
import {
  MEMORY_RESERVE_BYTES_MAX,
  REGION_MAX_FILE_BYTES_DEFAULT,
  SCANNER_LEASE_MS,
} from '../regionserver/service/limits.js';
import { takeMemoryReserve } from '../regionserver/service/memory-reserve.js';
import { BLOCK_CACHE_BYTES_DEFAULT } from '../regionserver/storefile/limits.js';
import { serveUntilSignal } from './daemon.js';
import type { CliIo } from './main.js';

/** The exit code of a region server that aborted (its session expired, its WAL failed). */
const ABORT_EXIT_CODE = 1;
/** After an abort, how long the process may take to wind down before it is made to exit. */
const ABORT_EXIT_GRACE_MS = 5_000;

export const regionserverSpec = defineConfigSpec({
  coord: {
    kind: 'string',
    default: '127.0.0.1:2181',
    metavar: 'ENSEMBLE',
    description: 'the coordinator ensemble, HOST:PORT,...',
  },
  namenode: {
    kind: 'string',
    default: '127.0.0.1:8020',
    metavar: 'HOST:PORT',
    description: 'the block filesystem namenode',
  },
  host: { kind: 'string', default: '127.0.0.1', description: 'address to serve on' },
  port: { kind: 'integer', default: 16020, min: 0, max: 65_535, description: 'RPC port' },
  rootDir: {
    kind: 'string',
    default: '/colonnade',
    description: "Colonnade's directory on the block filesystem (HBase's hbase.rootdir)",
  },
  replication: {
    kind: 'integer',
    default: 3,
    min: 1,
    max: 16,
    description: 'replicas of WAL and store files',
  },
  cacheBytes: {
    kind: 'bytes',
    default: BLOCK_CACHE_BYTES_DEFAULT,
    description: 'the block cache shared by every region',
  },
  sessionTimeoutMs: {
    kind: 'duration-ms',
    default: SESSION_TIMEOUT_DEFAULT_MS,
    min: 100,
    description: 'the coordinator session timeout (a dead server is noticed after it)',
  },
  maxFileBytes: {
    kind: 'bytes',
    default: REGION_MAX_FILE_BYTES_DEFAULT,
    description: 'split threshold of tables that set none (HBase hbase.hregion.max.filesize)',
  },
  memoryReserveBytes: {
    kind: 'bytes',
    default: 0,
    max: MEMORY_RESERVE_BYTES_MAX,
    description:
      'memory written once at start and kept for memstores: up to the chunk pool bound it becomes ' +
      "the pool's first chunks (HBase's chunk pool initial size; -XX:+AlwaysPreTouch); 0: none",
  },
  scannerLeaseMs: {
    kind: 'duration-ms',
    default: SCANNER_LEASE_MS,
    min: 100,
    description: 'how long an idle scanner is kept',
  },
  rewriteWorker: {
    kind: 'boolean',
    default: true,
    description:
      'run compactions and split rewrites in a worker thread, off the loop serving requests ' +
      "(HBase's compaction threads); false: on that loop",
  },
});

export function regionserverCommand(io: CliIo): Command {
  const command = new Command('regionserver').description(
    'run one region server (as `hbase regionserver start`)',
  );
  addConfigOptions(command, regionserverSpec);
  command.action(async () => {
    const config = loadConfigFromCommand(command, regionserverSpec);
    const logger = createLogger({ name: 'regionserver' });
    if (config.memoryReserveBytes > 0) {
      const started = systemClock.monotonicMs();
      const bytes = takeMemoryReserve(config.memoryReserveBytes);
      const ms = Math.round(systemClock.monotonicMs() - started);
      logger.info({ bytes, ms }, 'memory reserve taken');
    }
    let aborted: (reason: string) => void = () => undefined;
    const abort = new Promise<string>((resolve) => (aborted = resolve));
    const server = await RegionServer.start({
      coord: config.coord,
      namenode: config.namenode,
      host: config.host,
      port: config.port,
      rootDir: config.rootDir,
      replication: config.replication,
      cacheBytes: config.cacheBytes,
      sessionTimeoutMs: config.sessionTimeoutMs,
      scannerLeaseMs: config.scannerLeaseMs,
      maxFileBytes: config.maxFileBytes,
      rewriteWorker: config.rewriteWorker,
      logger,
      onAbort: (reason) => aborted(reason),
    });
    if (config.memoryReserveBytes > 0) {
      // The reserve's pages, freed to malloc, become the memstore chunk pool's initial chunks.
      const chunks = server.chunks.prefill(config.memoryReserveBytes);
      logger.info(
        { chunks, bytes: chunks * server.chunks.chunkBytes },
        'memstore chunks prefilled',
      );
    }
    const reason = await Promise.race([
      serveUntilSignal(io, 'regionserver', server.address, server).then(() => undefined),
      abort,
    ]);
    if (reason === undefined) return;
    // A region server that aborted must not linger half alive (HBase's abort ends the JVM).
    setTimeout(() => process.exit(ABORT_EXIT_CODE), ABORT_EXIT_GRACE_MS).unref();
    throw new RegionServerAbortedError(`${server.serverName} aborted: ${reason}`);
  });
  return command;
}
