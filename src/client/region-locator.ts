// Finds the region of a table that holds a row (HBase's ConnectionImplementation.locateRegion):
// from the cache, else by a reversed scan of meta, whose own location the coordinator gives.
// Invariant: only an OPEN region whose range holds the target is returned or cached; a location
// that failed is forgotten (the region, or every region of a server that did not answer).
import { toStringBinary } from '../common/bytes.js';
import type { Logger } from '../common/log.js';
import {
  META_TABLE_NAME,
  formatServerName,
  serverAddress,
  type MetaRegionEntry,
} from '../master/meta/index.js';
import { regionName } from '../regionserver/region-info.js';
import { RegionServerService } from '../regionserver/service/protocol.js';
import type { RpcClient } from '../rpc/index.js';
import { NoServerForRegionError, TableNotEnabledError, TableNotFoundError } from './errors.js';
import {
  lookupRegion,
  lookupTableState,
  type LookupTarget,
  type RegionServerStub,
} from './meta-lookup.js';
import type { MetaLocation } from './meta-location.js';
import { RegionCache, regionHolds, regionReaches, type RegionLocation } from './region-cache.js';
import { recoveryFor } from './retry-policy.js';
import { STUBS_CACHED_MAX } from './limits.js';

export class RegionLocator {
  readonly #stubs = new Map<string, RegionServerStub>();
  readonly #meta: MetaLocation;
  readonly #cache: RegionCache;
  readonly #rpc: RpcClient;
  readonly #logger: Logger;

  constructor(meta: MetaLocation, cache: RegionCache, rpc: RpcClient, logger: Logger) {
    this.#meta = meta;
    this.#cache = cache;
    this.#rpc = rpc;
    this.#logger = logger;
  }

  /** The stub of the server at `address`, made once (a stub's methods are closures). */
  stub(address: string): RegionServerStub {
    let stub = this.#stubs.get(address);
    if (stub === undefined) {
      if (this.#stubs.size >= STUBS_CACHED_MAX) this.#stubs.clear();
      stub = this.#rpc.stub(RegionServerService, address);
      this.#stubs.set(address, stub);
    }
    return stub;
  }

  /** The region of `table` holding `row` if the cache knows it (never hbase:meta's own). */
  cached(table: string, row: Buffer): RegionLocation | undefined {
    return table === META_TABLE_NAME ? undefined : this.#cache.find(table, row);
  }

  /** The region of `table` holding `row`. */
  locate(table: string, row: Buffer, timeoutMs: number): Promise<RegionLocation> {
    if (table === META_TABLE_NAME) return this.#meta.get();
    const cached = this.#cache.find(table, row);
    if (cached !== undefined) return Promise.resolve(cached);
    return this.#lookup(table, { kind: 'at', row }, timeoutMs);
  }

  /** The region of `table` holding the rows just below `key` (empty: the table's last region). */
  locateBefore(table: string, key: Buffer, timeoutMs: number): Promise<RegionLocation> {
    if (table === META_TABLE_NAME) return this.#meta.get();
    const cached = this.#cache.findBefore(table, key);
    if (cached !== undefined) return Promise.resolve(cached);
    return this.#lookup(table, { kind: 'before', key }, timeoutMs);
  }

  /** After `error` from a call to `location`: forget what the error says is stale. */
  forget(location: RegionLocation, error: unknown): void {
    const recovery = recoveryFor(error);
    if (recovery === 'relocate-server') {
      const dropped = this.#cache.removeServer(location.address);
      this.#meta.invalidate(location);
      this.#logger.debug({ server: location.address, dropped }, 'forgot a server');
    } else if (recovery === 'relocate-region') {
      this.#cache.remove(location);
      if (location.info.table === META_TABLE_NAME) this.#meta.invalidate(location);
    }
  }

  clearTable(table: string): void {
    this.#cache.clearTable(table);
  }

  async #lookup(table: string, target: LookupTarget, timeoutMs: number): Promise<RegionLocation> {
    const meta = await this.#meta.get();
    const stub = this.stub(meta.address);
    let entry: MetaRegionEntry;
    try {
      entry = await this.#findEntry(stub, table, target, timeoutMs);
      if (entry.state !== 'OPEN' || entry.server === undefined) {
        const state = await lookupTableState(stub, table, timeoutMs);
        if (state === 'DISABLED' || state === 'DISABLING') {
          throw new TableNotEnabledError(`table ${table} is ${state}`);
        }
        throw new NoServerForRegionError(
          `region ${regionName(entry.info)} of table ${table} is ${entry.state} and on no ` +
            'server yet',
        );
      }
    } catch (error) {
      this.forget(meta, error);
      throw error;
    }
    const location: RegionLocation = {
      info: entry.info,
      serverName: formatServerName(entry.server),
      address: serverAddress(entry.server),
    };
    this.#cache.add(location);
    return location;
  }

  /** The target's region entry, or TableNotFound / NoServerForRegion (a hole in meta). */
  async #findEntry(
    stub: RegionServerStub,
    table: string,
    target: LookupTarget,
    timeoutMs: number,
  ): Promise<MetaRegionEntry> {
    const { entry, sawRows } = await lookupRegion(stub, table, target, timeoutMs);
    const where =
      target.kind === 'at'
        ? `holding row "${toStringBinary(target.row).slice(0, 64)}"`
        : `just before "${toStringBinary(target.key).slice(0, 64)}"`;
    if (entry === undefined) {
      if (target.kind === 'at' && !sawRows) {
        throw new TableNotFoundError(`table ${table} does not exist: meta has no region of it`);
      }
      throw new NoServerForRegionError(`meta has no online region of table ${table} ${where}`);
    }
    const fits =
      target.kind === 'at'
        ? regionHolds(entry.info, target.row)
        : regionReaches(entry.info, target.key);
    if (!fits) {
      throw new NoServerForRegionError(
        `meta has no online region of table ${table} ${where} (the nearest, ` +
          `${regionName(entry.info)}, does not hold it; a split or merge is under way?)`,
      );
    }
    return entry;
  }
}
