// The balancer's I/O shell (HBase's BalancerChore and balance()): plans from the active master's
// assignment records, runs the moves at most BALANCER_MOVES_IN_FLIGHT_MAX at a time, every
// period through the injected clock and on demand. Never two runs at once; a failed move is logged.
import type { Clock, TimerHandle } from '../../common/clock.js';
import type { Logger } from '../../common/log.js';
import type { RegionRecord } from '../assignment/index.js';
import type { Catalog } from '../catalog.js';
import { META_REGION_INFO } from '../meta/index.js';
import { balancerInput, type Pinned } from './balancer-input.js';
import {
  BALANCER_MOVES_IN_FLIGHT_MAX,
  BALANCER_MOVES_PER_RUN_MAX,
  BALANCER_PERIOD_MS,
  BALANCER_SLOP_FRACTION,
} from './limits.js';
import { planMoves, type RegionMove } from './plan.js';

/** The part of the assignment machine the balancer reads. */
export interface AssignmentView {
  records(): RegionRecord[];
  readonly liveServers: string[];
  readonly recoveringServers: string[];
}

/** What the balancer needs of the master: a subset of its MasterContext, a move, a busy test. */
export interface BalancerDeps {
  readonly catalog: Catalog;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The active parts (MasterNotActive on a backup). */
  requireActive(): { readonly driver: { readonly machine: AssignmentView } };
  /** Moves an open region to `to`; resolves once it is open there (RegionOps.move). */
  move(region: string, to: string): Promise<void>;
  /** Whether the region is in a split or merge. */
  isBusy(region: string): boolean;
}

export interface BalancerOptions {
  /** @default BALANCER_PERIOD_MS */
  readonly periodMs?: number;
  /** @default BALANCER_SLOP_FRACTION */
  readonly slopFraction?: number;
}

export class Balancer {
  readonly #deps: BalancerDeps;
  readonly #periodMs: number;
  readonly #slopFraction: number;
  #running: Promise<number> | undefined;
  #timer: TimerHandle | undefined;
  #stopped = false;

  constructor(deps: BalancerDeps, options: BalancerOptions = {}) {
    this.#deps = deps;
    this.#periodMs = options.periodMs ?? BALANCER_PERIOD_MS;
    this.#slopFraction = options.slopFraction ?? BALANCER_SLOP_FRACTION;
  }

  /** Runs every period from now on, the first one period from now. */
  start(): void {
    if (this.#stopped || this.#timer !== undefined) return;
    this.#schedule();
  }

  /** No more runs start; moves in flight finish. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#deps.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Runs the balancer now (or joins the run under way); the number of moves done. */
  balance(): Promise<number> {
    if (this.#running !== undefined) return this.#running;
    const run = this.#run().finally(() => {
      this.#running = undefined;
    });
    this.#running = run;
    return run;
  }

  /** The moves a run would start now (none when it would skip). */
  plan(): RegionMove[] {
    const machine = this.#deps.requireActive().driver.machine;
    const input = balancerInput({
      records: machine.records(),
      liveServers: machine.liveServers,
      recoveringServers: machine.recoveringServers,
      pinned: (region) => this.#pinned(region),
    });
    if (input.kind === 'skip') {
      this.#deps.logger.info({ reason: input.reason }, 'balancer skipped');
      return [];
    }
    return planMoves(input.servers, this.#slopFraction).slice(0, BALANCER_MOVES_PER_RUN_MAX);
  }

  async #run(): Promise<number> {
    await Promise.resolve(); // `#running` is set before the body runs
    const queue = this.plan();
    if (queue.length === 0) return 0;
    this.#deps.logger.info({ moves: queue.length }, 'balancer: moving regions');
    let done = 0;
    const worker = async (): Promise<void> => {
      for (let move = queue.shift(); move !== undefined; move = queue.shift()) {
        if (this.#stopped) return;
        if (await this.#moveOne(move)) done++;
      }
    };
    const workers = Math.min(BALANCER_MOVES_IN_FLIGHT_MAX, queue.length);
    await Promise.all(Array.from({ length: workers }, worker));
    this.#deps.logger.info({ moves: done }, 'balancer: done');
    return done;
  }

  async #moveOne(move: RegionMove): Promise<boolean> {
    if (this.#deps.isBusy(move.region)) return false; // a split or merge began since the plan
    try {
      await this.#deps.move(move.region, move.to);
      return true;
    } catch (error) {
      this.#deps.logger.warn({ err: error, ...move }, 'balancer: a move failed');
      return false;
    }
  }

  #pinned(region: string): Pinned | undefined {
    if (region === META_REGION_INFO.encodedName) return 'meta';
    const described = this.#deps.catalog.regions.get(region);
    if (described === undefined) return 'unknown region';
    if (this.#deps.catalog.tableStates.get(described.info.table) !== 'ENABLED') {
      return 'table not enabled';
    }
    return this.#deps.isBusy(region) ? 'busy' : undefined;
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = this.#deps.clock.setTimeout(() => {
      this.#timer = undefined;
      if (this.#stopped) return;
      this.balance()
        .catch((error: unknown) => this.#deps.logger.warn({ err: error }, 'balancer run failed'))
        .finally(() => this.#schedule());
    }, this.#periodMs);
    this.#timer.unref();
  }
}
