// The region server's split chore (HBase's CompactSplit request path with its SteppingSplitPolicy):
// every SPLIT_CHECK_INTERVAL_MS it compares each region's store-file size with its threshold and
// asks the active master to split those above it. The master decides and runs the split; a
// request that goes unanswered is asked again after SPLIT_REQUEST_RETRY_MS.
import type { Clock, TimerHandle } from '../../common/clock.js';
import type { Logger } from '../../common/log.js';
import type { TableDescriptor } from '../../common/operations.js';
import { MASTER_ELECTION_PATH } from '../../common/znodes.js';
import { type CoordClient, currentLeader } from '../../coord/client/index.js';
import { MasterService } from '../../master/protocol.js';
import { parseServerName, serverAddress } from '../../master/meta/server-name.js';
import { RpcClient } from '../../rpc/index.js';
import { MEMSTORE_FLUSH_BYTES_DEFAULT } from '../limits.js';
import type { Region } from '../region.js';
import {
  REGION_MAX_FILE_BYTES_DEFAULT,
  SPLIT_CHECK_INTERVAL_MS,
  SPLIT_REQUEST_RETRY_MS,
  SPLIT_REQUEST_TIMEOUT_MS,
} from './limits.js';

/** The system namespace's tables (meta) never split. */
const SYSTEM_NAMESPACE_PREFIX = 'colonnade:';

/**
 * HBase's SteppingSplitPolicy: the only region of its table on this server splits at twice the
 * flush size, so that a new table spreads early; any other at the table's MAX_FILESIZE.
 */
export function splitThresholdBytes(
  table: TableDescriptor,
  regionsOfTableHere: number,
  maxFileBytesDefault: number,
): number {
  const max = table.maxFileBytes ?? maxFileBytesDefault;
  if (regionsOfTableHere !== 1) return max;
  const flush = table.memstoreFlushBytes ?? MEMSTORE_FLUSH_BYTES_DEFAULT;
  return Math.min(max, 2 * flush);
}

export interface SplitCheckerOptions {
  readonly serverName: string;
  readonly regions: () => ReadonlyMap<string, Region>;
  readonly coord: () => CoordClient | undefined;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The threshold of tables that set no MAX_FILESIZE. @default REGION_MAX_FILE_BYTES_DEFAULT */
  readonly maxFileBytes?: number;
  readonly intervalMs?: number;
}

export class SplitChecker {
  readonly #o: SplitCheckerOptions;
  readonly #rpc = new RpcClient();
  /** Region → when its split was last asked for (monotonic ms). */
  readonly #asked = new Map<string, number>();
  #timer: TimerHandle | undefined;
  #stopped = false;

  constructor(options: SplitCheckerOptions) {
    this.#o = options;
  }

  start(): void {
    this.#schedule();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#o.clock.clearTimeout(this.#timer);
    this.#rpc.close();
  }

  /** The regions above their threshold now, not asked for recently. */
  due(): Region[] {
    const regions = [...this.#o.regions().values()];
    const perTable = new Map<string, number>();
    for (const r of regions) perTable.set(r.info.table, (perTable.get(r.info.table) ?? 0) + 1);
    const now = this.#o.clock.monotonicMs();
    return regions.filter((region) => {
      if (region.info.table.startsWith(SYSTEM_NAMESPACE_PREFIX)) return false;
      const asked = this.#asked.get(region.info.encodedName);
      if (asked !== undefined && now - asked < SPLIT_REQUEST_RETRY_MS) return false;
      const threshold = splitThresholdBytes(
        region.core.table,
        perTable.get(region.info.table) ?? 1,
        this.#o.maxFileBytes ?? REGION_MAX_FILE_BYTES_DEFAULT,
      );
      return region.stats().storeFileBytes > threshold;
    });
  }

  async check(): Promise<void> {
    const due = this.due();
    if (due.length === 0) return;
    const client = this.#o.coord();
    if (client === undefined) return;
    const leader = await currentLeader(client, MASTER_ELECTION_PATH);
    if (leader === undefined) return;
    const stub = this.#rpc.stub(MasterService, serverAddress(parseServerName(leader)));
    for (const region of due) {
      const name = region.info.encodedName;
      this.#asked.set(name, this.#o.clock.monotonicMs());
      this.#o.logger.info({ region: name, bytes: region.stats().storeFileBytes }, 'split asked');
      await stub.requestSplit(
        { region: name, server: this.#o.serverName, splitRow: null },
        { timeoutMs: SPLIT_REQUEST_TIMEOUT_MS },
      );
    }
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = this.#o.clock.setTimeout(() => {
      this.check()
        .catch((error: unknown) => this.#o.logger.warn({ err: error }, 'split check failed'))
        .finally(() => this.#schedule());
    }, this.#o.intervalMs ?? SPLIT_CHECK_INTERVAL_MS);
  }
}
