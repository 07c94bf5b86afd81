// Keeps what clients read in step with the assignment records: each persisted record is written
// to the coordinator first (the master's own truth), then published: meta's own location to its
// znode at once, every other region's row to `meta` through a queue that retries (with a pause)
// until it is written, so that a meta briefly moving does not stop assignment.
import type { Clock } from '../common/clock.js';
import type { Logger } from '../common/log.js';
import { META_LOCATION_PATH } from '../common/znodes.js';
import type { CoordClient } from '../coord/client/index.js';
import { NoNodeError } from '../coord/errors.js';
import type { AssignmentStore } from './assignment/coord-store.js';
import type { RegionCatalog } from './assignment/driver.js';
import type { RegionRecord } from './assignment/types.js';
import { META_SYNC_RETRY_PAUSE_MS } from './limits.js';
import type { MetaAccess } from './meta-access.js';
import { META_REGION_INFO, parseServerName } from './meta/index.js';

/** What the meta location znode holds (the client SDK reads it). */
export interface MetaLocation {
  readonly server: string;
}

export class MetaSyncStore implements AssignmentStore {
  readonly #inner: AssignmentStore;
  readonly #client: CoordClient;
  readonly #meta: MetaAccess;
  readonly #catalog: RegionCatalog;
  readonly #clock: Clock;
  readonly #logger: Logger;
  /** Region → the newest record not yet written to meta (older ones are superseded). */
  readonly #pending = new Map<string, RegionRecord>();
  #flushing: Promise<void> | undefined;
  #stopped = false;
  metaServer: string | undefined;

  constructor(parts: {
    inner: AssignmentStore;
    client: CoordClient;
    meta: MetaAccess;
    catalog: RegionCatalog;
    clock: Clock;
    logger: Logger;
  }) {
    this.#inner = parts.inner;
    this.#client = parts.client;
    this.#meta = parts.meta;
    this.#catalog = parts.catalog;
    this.#clock = parts.clock;
    this.#logger = parts.logger;
  }

  load(): Promise<RegionRecord[]> {
    return this.#inner.load();
  }

  remove(region: string): Promise<void> {
    this.#pending.delete(region);
    return this.#inner.remove(region);
  }

  async persist(record: RegionRecord): Promise<void> {
    await this.#inner.persist(record);
    if (record.region === META_REGION_INFO.encodedName) {
      await this.#publishMetaLocation(record);
      if (record.state === 'OPEN') this.#flushSoon();
      return;
    }
    this.#pending.set(record.region, record);
    this.#flushSoon();
  }

  /** Resolves once every record so far is in meta (or the sync stopped). */
  async synced(): Promise<void> {
    while (this.#flushing !== undefined) await this.#flushing;
  }

  stop(): void {
    this.#stopped = true;
  }

  async #publishMetaLocation(record: RegionRecord): Promise<void> {
    const open = record.state === 'OPEN' && record.server !== undefined;
    this.metaServer = open ? record.server : undefined;
    if (!open) return;
    const data = JSON.stringify({ server: record.server } satisfies MetaLocation);
    try {
      await this.#client.setData(META_LOCATION_PATH, data);
    } catch (error) {
      if (!(error instanceof NoNodeError)) throw error;
      await this.#client.create(META_LOCATION_PATH, data);
    }
  }

  #flushSoon(): void {
    this.#flushing ??= this.#flush();
  }

  async #flush(): Promise<void> {
    // Yield first: `#flushing` must be assigned before the body can finish and clear it.
    await Promise.resolve();
    try {
      while (!this.#stopped && this.#pending.size > 0) {
        if (this.metaServer === undefined) return; // resumed when meta opens
        const [region, record] = this.#pending.entries().next().value as [string, RegionRecord];
        try {
          await this.#write(record);
          if (this.#pending.get(region) === record) this.#pending.delete(region);
        } catch (error) {
          this.#logger.warn({ err: error, region }, 'meta row write failed; retrying');
          await new Promise<void>((resolve) =>
            this.#clock.setTimeout(resolve, META_SYNC_RETRY_PAUSE_MS),
          );
        }
      }
    } finally {
      // Cleared inside the body, in the same step as the last look at `#pending`: a record
      // persisted after it starts a new flush.
      this.#flushing = undefined;
    }
  }

  async #write(record: RegionRecord): Promise<void> {
    const described = await this.#catalog.describe(record.region);
    if (described === undefined) return; // a region the catalog no longer knows (deleted)
    const placed =
      record.state === 'OPENING' || record.state === 'OPEN' || record.state === 'CLOSING';
    await this.#meta.writeRegion({
      info: described.info,
      state: record.state,
      server: placed && record.server !== undefined ? parseServerName(record.server) : undefined,
      openSeqNum: record.openSeqNum,
      offline: false,
      daughters: undefined,
    });
  }
}
