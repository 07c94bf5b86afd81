// The assignment machine's I/O shell: events are applied one at a time, in arrival order; each
// `persist` is written before any command after it is sent; opens, closes and WAL splits run in
// the background and come back as events (opened / openFailed / closed / walsSplit). The region
// server's answer to an open is its report (HBase's reportRegionStateTransition).
import type { Logger } from '../../common/log.js';
import type { TableDescriptor } from '../../common/operations.js';
import type { RegionInfo } from '../../regionserver/region-info.js';
import type { AssignmentMachine } from './assignment-machine.js';
import type { AssignmentStore } from './coord-store.js';
import type { AssignmentCommand, AssignmentEvent } from './types.js';

/** A region's descriptors, as an open needs them. */
export interface RegionDescription {
  readonly info: RegionInfo;
  readonly table: TableDescriptor;
}

/** Where a region's descriptors come from (the master's catalog, loaded from `meta`). */
export interface RegionCatalog {
  describe(region: string): RegionDescription | undefined | Promise<RegionDescription | undefined>;
}

/** The master's calls to region servers. */
export interface RegionServerCalls {
  /** Opens the region; resolves with its open sequence id. */
  open(server: string, info: RegionInfo, table: TableDescriptor): Promise<number>;
  close(server: string, region: string): Promise<void>;
}

/** Splits a dead server's WALs (wal/split.ts). */
export type WalSplitter = (server: string) => Promise<void>;

export interface AssignmentDriverOptions {
  readonly machine: AssignmentMachine;
  readonly store: AssignmentStore;
  readonly catalog: RegionCatalog;
  readonly servers: RegionServerCalls;
  readonly splitWals: WalSplitter;
  readonly logger: Logger;
}

export class AssignmentDriver {
  readonly #o: AssignmentDriverOptions;
  readonly #queue: AssignmentEvent[] = [];
  /** Background calls not yet answered (opens, closes, splits). */
  readonly #inFlight = new Set<Promise<void>>();
  #draining: Promise<void> | undefined;
  #stopped = false;

  constructor(options: AssignmentDriverOptions) {
    this.#o = options;
  }

  get machine(): AssignmentMachine {
    return this.#o.machine;
  }

  /** Queues an event; events apply in the order they are handed in. */
  handle(event: AssignmentEvent): void {
    if (this.#stopped) return;
    this.#queue.push(event);
    this.#draining ??= this.#drain();
  }

  /** Resolves once no event is queued and no call is in flight (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#draining !== undefined || this.#inFlight.size > 0) {
      await this.#draining;
      await Promise.all([...this.#inFlight]);
    }
  }

  /** Stops taking events; calls in flight finish but report nothing. */
  stop(): void {
    this.#stopped = true;
    this.#queue.length = 0;
  }

  async #drain(): Promise<void> {
    // Yield first: `#draining` must be assigned before the body can finish and clear it.
    await Promise.resolve();
    try {
      for (let event = this.#queue.shift(); event !== undefined; event = this.#queue.shift()) {
        if (this.#stopped) return;
        await this.#apply(event);
      }
    } finally {
      // Cleared inside the body, so that an event handed in right after the last one is taken by
      // a new drain rather than left behind this finished one.
      this.#draining = undefined;
    }
  }

  async #apply(event: AssignmentEvent): Promise<void> {
    for (const command of this.#o.machine.apply(event)) {
      try {
        await this.#run(command);
      } catch (error) {
        // A record that could not be written: the master must not act on it. Stop here; the
        // next active master resumes from what was written.
        this.#o.logger.error({ err: error, command: command.kind }, 'assignment write failed');
        this.stop();
        return;
      }
    }
  }

  async #run(command: AssignmentCommand): Promise<void> {
    switch (command.kind) {
      case 'persist':
        await this.#o.store.persist(command.record);
        return;
      case 'open':
        this.#background(this.#open(command.region, command.server));
        return;
      case 'close':
        this.#background(this.#close(command.region, command.server));
        return;
      case 'splitWals':
        this.#background(this.#split(command.server));
        return;
    }
  }

  #background(call: Promise<void>): void {
    const tracked = call.finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
  }

  async #open(region: string, server: string): Promise<void> {
    const described = await this.#o.catalog.describe(region);
    if (described === undefined) {
      this.#o.logger.error({ region }, 'no descriptor for a region to open');
      this.handle({ kind: 'openFailed', region, server });
      return;
    }
    try {
      const openSeqNum = await this.#o.servers.open(server, described.info, described.table);
      this.handle({ kind: 'opened', region, server, openSeqNum });
    } catch (error) {
      this.#o.logger.warn({ err: error, region, server }, 'region open failed');
      this.handle({ kind: 'openFailed', region, server });
    }
  }

  async #close(region: string, server: string): Promise<void> {
    try {
      await this.#o.servers.close(server, region);
      this.handle({ kind: 'closed', region, server });
    } catch (error) {
      // An unreachable server is a dead one: its node's deletion brings serverDead, and the split
      // of its WALs closes the region.
      this.#o.logger.warn({ err: error, region, server }, 'region close failed');
    }
  }

  async #split(server: string): Promise<void> {
    try {
      await this.#o.splitWals(server);
      this.handle({ kind: 'walsSplit', server });
    } catch (error) {
      // Not retried here: the next active master splits again on resume.
      this.#o.logger.error({ err: error, server }, 'WAL split failed');
    }
  }
}
