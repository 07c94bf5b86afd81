// Where the meta region is served, read from the coordinator: the node META_LOCATION_PATH holds
// UTF-8 JSON {"server":"host,port,startcode"}, written by the master. Invariant: the cached value
// is dropped when the node changes (a data watch) or a meta call fails, and is then read again;
// an expired coordinator session is replaced by a new one (the client outlives its sessions).
import { toStringBinary } from '../common/bytes.js';
import { META_LOCATION_PATH } from '../common/znodes.js';
import { NoNodeError, SessionExpiredError, type CoordClient } from '../coord/client/index.js';
import { META_REGION_INFO, parseServerName, serverAddress } from '../master/meta/index.js';
import { ClientClosedError } from '../rpc/errors.js';
import { MetaLocationUnknownError } from './errors.js';
import { META_LOCATION_BYTES_MAX } from './limits.js';
import type { RegionLocation } from './region-cache.js';

/** The meta region's location from the node's bytes; MetaLocationUnknown naming what is wrong. */
export function parseMetaLocation(data: Buffer): RegionLocation {
  const quoted = toStringBinary(data.subarray(0, 200));
  if (data.length > META_LOCATION_BYTES_MAX) {
    throw new MetaLocationUnknownError(
      `${META_LOCATION_PATH} holds ${data.length} bytes; META_LOCATION_BYTES_MAX is ` +
        META_LOCATION_BYTES_MAX,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(data.toString('utf8'));
  } catch {
    throw new MetaLocationUnknownError(`${META_LOCATION_PATH} holds "${quoted}", not JSON`);
  }
  const server =
    typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)['server']
      : undefined;
  if (typeof server !== 'string') {
    throw new MetaLocationUnknownError(
      `${META_LOCATION_PATH} holds "${quoted}"; expected {"server":"host,port,startcode"}`,
    );
  }
  let name;
  try {
    name = parseServerName(server);
  } catch (error) {
    throw new MetaLocationUnknownError(`${META_LOCATION_PATH}: ${(error as Error).message}`);
  }
  return { info: META_REGION_INFO, serverName: server, address: serverAddress(name) };
}

export class MetaLocation {
  readonly #connect: () => Promise<CoordClient>;
  #coord: CoordClient;
  #renewing: Promise<CoordClient> | undefined;
  #closed = false;
  #cached: RegionLocation | undefined;
  #reading: Promise<RegionLocation> | undefined;
  readonly #onChange = (): void => {
    this.#cached = undefined;
  };

  /** `coord` is the session to read with; `connect` opens a new one when it expires. */
  constructor(coord: CoordClient, connect: () => Promise<CoordClient>) {
    this.#coord = coord;
    this.#connect = connect;
  }

  /** The meta region's location: cached, or read (with a watch) from the coordinator. */
  get(): Promise<RegionLocation> {
    if (this.#cached !== undefined) return Promise.resolve(this.#cached);
    this.#reading ??= this.#read().finally(() => {
      this.#reading = undefined;
    });
    return this.#reading;
  }

  /** Forgets the cached location (a call to it failed): the next get reads the node again. */
  invalidate(location?: RegionLocation): void {
    if (location === undefined || this.#cached?.serverName === location.serverName) {
      this.#cached = undefined;
    }
  }

  /** Ends the coordinator session. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#cached = undefined;
    await this.#coord.close().catch(() => undefined);
    const renewing = await this.#renewing?.catch(() => undefined);
    await renewing?.close().catch(() => undefined);
  }

  async #read(): Promise<RegionLocation> {
    const coord = await this.#session();
    let data: Buffer;
    try {
      ({ data } = await coord.getData(META_LOCATION_PATH, this.#onChange));
    } catch (error) {
      if (error instanceof NoNodeError) {
        throw new MetaLocationUnknownError(
          `${META_LOCATION_PATH} does not exist: no server holds the meta region yet`,
        );
      }
      if (error instanceof SessionExpiredError) {
        throw new MetaLocationUnknownError(
          `the coordinator session expired while reading ${META_LOCATION_PATH}; opening a new one`,
          { cause: error },
        );
      }
      throw error;
    }
    const location = parseMetaLocation(data);
    this.#cached = location;
    return location;
  }

  /** The session to read with: a new one when the current one expired or was closed. */
  /** The coordinator session (a new one when the last expired), for other lookups (Admin). */
  session(): Promise<CoordClient> {
    return this.#session();
  }

  async #session(): Promise<CoordClient> {
    if (this.#closed) throw new ClientClosedError('the connection is closed');
    const state = this.#coord.state;
    if (state !== 'expired' && state !== 'closed') return this.#coord;
    this.#renewing ??= this.#connect().finally(() => {
      this.#renewing = undefined;
    });
    const fresh = await this.#renewing;
    if (this.#closed) {
      await fresh.close();
      throw new ClientClosedError('the connection is closed');
    }
    if (fresh !== this.#coord) {
      const old = this.#coord;
      this.#coord = fresh;
      this.#cached = undefined;
      await old.close().catch(() => undefined);
    }
    return fresh;
  }
}
