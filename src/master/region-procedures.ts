// Splits and merges as the master serves them: from Admin (a table's regions, or the one region
// holding a row), from a region server whose region outgrew its threshold, and on takeover (each
// unfinished procedure undone or finished). At most one procedure per region and
// REGION_PROCEDURES_MAX in all run at once; a region already in one is refused, retriably.
import { InvalidArgumentError } from '../common/errors.js';
import type { RegionInfo } from '../regionserver/region-info.js';
import { RegionInTransitionError } from './errors.js';
import { REGION_PROCEDURES_MAX } from './limits.js';
import type { MasterContext } from './master-context.js';
import { MergeProcedures } from './merge-procedure.js';
import { ProcedureStore, type RegionProcedure } from './procedure-store.js';
import type { RegionOps } from './region-ops.js';
import { SplitProcedures, splitsInside } from './split-procedure.js';

export class RegionProcedures {
  readonly #ctx: MasterContext;
  readonly #ops: RegionOps;
  readonly #splits: SplitProcedures;
  readonly #merges: MergeProcedures;
  /** Regions in a procedure now. */
  readonly #busy = new Set<string>();

  constructor(ctx: MasterContext, ops: RegionOps) {
    this.#ctx = ctx;
    this.#ops = ops;
    const store = new ProcedureStore(ctx.coord);
    this.#store = store;
    this.#splits = new SplitProcedures(ctx, store);
    this.#merges = new MergeProcedures(ctx, store);
  }

  readonly #store: ProcedureStore;

  /** Whether the region is in a split or merge now (the balancer leaves it where it is). */
  busy(region: string): boolean {
    return this.#busy.has(region);
  }

  /**
   * Admin's split: the region holding `splitRow` split there, or (no row) every region of the
   * table split at its middle row. Resolves once the daughters serve.
   */
  async splitTable(table: string, splitRow: Buffer | undefined): Promise<void> {
    this.#ctx.requireActive();
    this.#ops.requireEnabled(table);
    const regions = this.#ctx.catalog.regionsOfTable(table);
    if (splitRow !== undefined) {
      const region = regions.find((r) => splitsInside(r, splitRow));
      if (region === undefined) {
        throw new InvalidArgumentError(`the split row is a region boundary of ${table} already`);
      }
      await this.splitRegion(region.encodedName, splitRow);
      return;
    }
    const outcomes = await Promise.allSettled(
      regions.map((r) => this.splitRegion(r.encodedName, undefined)),
    );
    // A region with no data has no middle row: it stays whole, as in HBase.
    const failed = outcomes.find(
      (o) => o.status === 'rejected' && !(o.reason instanceof InvalidArgumentError),
    );
    if (failed?.status === 'rejected') throw failed.reason;
  }

  async splitRegion(name: string, splitRow: Buffer | undefined): Promise<void> {
    const { info, server } = this.#ops.openRegion(name);
    await this.#exclusive([info], () => this.#splits.split(info, server, splitRow));
  }

  /** A region server's request: the split starts in the background; refusals are only logged. */
  requested(region: string, server: string, splitRow: Buffer | undefined): void {
    const run = async (): Promise<void> => {
      const open = this.#ops.openRegion(region);
      if (open.server !== server) return; // it moved since the server asked
      await this.splitRegion(region, splitRow);
    };
    run().catch((error: unknown) =>
      this.#ctx.logger.info({ err: error, region, server }, 'requested split not done'),
    );
  }

  /** Merges two adjacent open regions of one table; the merged region's encoded name. */
  async merge(names: readonly string[]): Promise<string> {
    const [x, y] = names.map((n) => this.#ops.openRegion(n).info);
    if (names.length !== 2 || x === undefined || y === undefined) {
      throw new InvalidArgumentError(`a merge takes two regions; got ${names.length}`);
    }
    const merged = await this.#exclusive([x, y], () => this.#merges.merge(x, y));
    return merged.encodedName;
  }

  /** A master taking over: every unfinished procedure undone or finished, in the background. */
  resume(): void {
    const run = async (): Promise<void> => {
      for (const procedure of await this.#store.load()) {
        await this.#resumeOne(procedure).catch((error: unknown) =>
          this.#ctx.logger.error({ err: error, procedure }, 'resuming a region procedure failed'),
        );
      }
    };
    void run();
  }

  async #resumeOne(procedure: RegionProcedure): Promise<void> {
    const regions = procedure.kind === 'split' ? [procedure.parent] : [...procedure.parents];
    this.#ctx.logger.info({ kind: procedure.kind, step: procedure.step }, 'resuming a procedure');
    await this.#exclusive(regions, async () => {
      if (procedure.kind === 'split') {
        if (procedure.step === 'SPLITTING') await this.#splits.undo(procedure);
        else await this.#splits.finish(procedure); // UPDATING_META or META_UPDATED
      } else if (procedure.step === 'CLOSING') {
        await this.#merges.undo(procedure);
      } else {
        await this.#merges.finish(procedure);
      }
    });
  }

  async #exclusive<T>(regions: readonly RegionInfo[], body: () => Promise<T>): Promise<T> {
    for (const r of regions) {
      if (this.#busy.has(r.encodedName)) {
        throw new RegionInTransitionError(`region ${r.encodedName} is splitting or merging`);
      }
    }
    if (this.#busy.size + regions.length > REGION_PROCEDURES_MAX * 2) {
      throw new RegionInTransitionError(
        `${this.#busy.size} regions in splits and merges; REGION_PROCEDURES_MAX is ` +
          `${REGION_PROCEDURES_MAX}`,
      );
    }
    for (const r of regions) this.#busy.add(r.encodedName);
    try {
      return await body();
    } finally {
      for (const r of regions) this.#busy.delete(r.encodedName);
    }
  }
}
