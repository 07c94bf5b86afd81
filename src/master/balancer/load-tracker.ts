// Region servers' load as the master reports it (HBase's ServerMetrics, pulled instead of pushed):
// every LOAD_POLL_MS each live server's status is asked for, one round at a time, each call
// bounded; requests per second come from its last two samples. Dead servers are forgotten.
import type { Clock, TimerHandle } from '../../common/clock.js';
import type { Logger } from '../../common/log.js';
import type { RegionServerStatus } from '../../regionserver/service/protocol.js';
import type { ServerLoad } from '../protocol.js';
import { LOAD_POLL_MS } from './limits.js';

/** One status report, as kept. */
export interface LoadSample {
  /** The monotonic time the report arrived. */
  readonly atMs: number;
  /** Data requests served since the server started. */
  readonly requests: number;
  readonly regions: number;
  readonly memstoreBytes: number;
  readonly storeFileBytes: number;
}

/** Requests per second between two samples of one server (0 without two, or if it went back). */
export function requestsPerSecond(prev: LoadSample | undefined, last: LoadSample): number {
  if (prev === undefined || last.atMs <= prev.atMs || last.requests < prev.requests) return 0;
  return ((last.requests - prev.requests) * 1000) / (last.atMs - prev.atMs);
}

export function sampleOf(status: RegionServerStatus, atMs: number): LoadSample {
  let memstoreBytes = 0;
  let storeFileBytes = 0;
  for (const r of status.regions) {
    memstoreBytes += r.memstoreBytes;
    storeFileBytes += r.storeFileBytes;
  }
  return {
    atMs,
    requests: status.requests,
    regions: status.regions.length,
    memstoreBytes,
    storeFileBytes,
  };
}

export interface LoadTrackerDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  /** The live region servers now (none on a backup master). */
  liveServers(): readonly string[];
  /** One server's status, its call bounded by the caller (LOAD_STATUS_CALL_TIMEOUT_MS). */
  fetchStatus(server: string): Promise<RegionServerStatus>;
}

export interface LoadTrackerOptions {
  /** @default LOAD_POLL_MS */
  readonly pollMs?: number;
}

export class LoadTracker {
  readonly #deps: LoadTrackerDeps;
  readonly #pollMs: number;
  /** Per server: its last two samples, the newest last. */
  readonly #samples = new Map<string, { prev: LoadSample | undefined; last: LoadSample }>();
  #timer: TimerHandle | undefined;
  #polling: Promise<void> | undefined;
  #started = false;
  #stopped = false;

  constructor(deps: LoadTrackerDeps, options: LoadTrackerOptions = {}) {
    this.#deps = deps;
    this.#pollMs = options.pollMs ?? LOAD_POLL_MS;
  }

  /** Polls now and then every period. */
  start(): void {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    this.#round();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#deps.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Resolves once the round under way, if any, is over (tests). */
  async idle(): Promise<void> {
    await this.#polling;
  }

  /** The live servers that have reported, by name, each from its last report. */
  loads(): ServerLoad[] {
    const live = new Set(this.#deps.liveServers());
    return [...this.#samples]
      .filter(([server]) => live.has(server))
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([server, { prev, last }]) => ({
        server,
        regions: last.regions,
        requestsPerSecond: requestsPerSecond(prev, last),
        memstoreBytes: last.memstoreBytes,
        storeFileBytes: last.storeFileBytes,
      }));
  }

  #round(): void {
    this.#polling = this.#poll()
      .catch((error: unknown) => this.#deps.logger.warn({ err: error }, 'load poll failed'))
      .finally(() => {
        this.#polling = undefined;
        if (this.#stopped) return;
        this.#timer = this.#deps.clock.setTimeout(() => {
          this.#timer = undefined;
          if (!this.#stopped) this.#round();
        }, this.#pollMs);
        this.#timer.unref();
      });
  }

  async #poll(): Promise<void> {
    const servers = this.#deps.liveServers();
    await Promise.all(
      servers.map(async (server) => {
        try {
          const status = await this.#deps.fetchStatus(server);
          this.#record(server, sampleOf(status, this.#deps.clock.monotonicMs()));
        } catch (error) {
          this.#deps.logger.debug({ err: error, server }, 'status call failed');
        }
      }),
    );
    const live = new Set(this.#deps.liveServers());
    for (const server of [...this.#samples.keys()]) {
      if (!live.has(server)) this.#samples.delete(server);
    }
  }

  #record(server: string, sample: LoadSample): void {
    if (this.#stopped) return;
    const before = this.#samples.get(server);
    this.#samples.set(server, { prev: before?.last, last: sample });
  }
}
