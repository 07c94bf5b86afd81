// A region split, as the master runs it (HBase's SplitTableRegionProcedure, reduced): the
// procedure is recorded in the coordinator; the parent's server closes the parent and writes the
// daughters; the records close the parent; one write to meta marks the parent offline with its
// daughters; the daughters are assigned; the parent's row and files go (HBase's CatalogJanitor).
// Until the step before the meta write is recorded (UPDATING_META) a failure undoes the split (the
// parent reopens from its own files, which a split never changes); after it, a master taking
// over finishes it.
import { compareBytes, toStringBinary } from '../common/bytes.js';
import { InvalidArgumentError } from '../common/errors.js';
import { makeRegionInfo, type RegionInfo } from '../regionserver/region-info.js';
import { RegionFs } from '../regionserver/region-fs.js';
import { RegionServerService } from '../regionserver/service/protocol.js';
import { RegionInTransitionError } from './errors.js';
import {
  REGION_ADMIN_CALL_TIMEOUT_MS,
  REGION_SPLIT_CALL_TIMEOUT_MS,
  SPLIT_OPEN_WAIT_MS,
} from './limits.js';
import type { Active, MasterContext } from './master-context.js';
import { metaRowKey } from './meta/index.js';
import { retryMetaWrite } from './meta-retry.js';
import type { ProcedureStore, SplitProcedure } from './procedure-store.js';
import { serverAddress } from './region-server-calls.js';

/** Strictly inside the region: a split there leaves both daughters non-empty ranges. */
export function splitsInside(info: RegionInfo, row: Buffer): boolean {
  return (
    compareBytes(row, info.startKey) > 0 &&
    (info.endKey.length === 0 || compareBytes(row, info.endKey) < 0)
  );
}

export class SplitProcedures {
  readonly #ctx: MasterContext;
  readonly #store: ProcedureStore;
  readonly #fs: RegionFs;

  constructor(ctx: MasterContext, store: ProcedureStore) {
    this.#ctx = ctx;
    this.#store = store;
    this.#fs = new RegionFs({ client: ctx.dfs, rootDir: ctx.rootDir });
  }

  /** The split of an open region at `splitRow` (default: its middle row); the daughters. */
  async split(
    parent: RegionInfo,
    server: string,
    splitRow: Buffer | undefined,
  ): Promise<readonly [RegionInfo, RegionInfo]> {
    const active = this.#ctx.requireActive();
    const stub = this.#ctx.rpc.stub(RegionServerService, serverAddress(server));
    const name = parent.encodedName;
    const row =
      splitRow ??
      (await stub.splitPoint({ region: name }, { timeoutMs: REGION_ADMIN_CALL_TIMEOUT_MS }))
        .splitRow;
    if (row === null) throw new InvalidArgumentError(`region ${name} has no data to split`);
    if (!splitsInside(parent, row)) {
      throw new InvalidArgumentError(
        `split row "${toStringBinary(row)}" is not strictly inside region ${name}`,
      );
    }
    const regionId = Math.max(parent.regionId + 1, this.#ctx.clock.nowMs());
    const daughters = [
      makeRegionInfo(parent.table, parent.startKey, row, regionId),
      makeRegionInfo(parent.table, row, parent.endKey, regionId),
    ] as const;
    // A daughter's meta row key must be storable before anything is done (LimitExceeded).
    for (const daughter of daughters) metaRowKey(daughter);
    const procedure: SplitProcedure = {
      kind: 'split',
      step: 'SPLITTING',
      parent,
      daughters,
      server,
    };
    await this.#store.save(procedure);
    try {
      await stub.splitRegion(
        { region: name, splitRow: row, regionId },
        { timeoutMs: REGION_SPLIT_CALL_TIMEOUT_MS },
      );
      await this.#closeParent(active, name);
    } catch (error) {
      this.#ctx.logger.warn({ err: error, region: name }, 'split failed: reopening the parent');
      await this.undo(procedure);
      throw error;
    }
    await this.finish({ ...procedure, step: 'UPDATING_META' });
    this.#ctx.logger.info(
      { parent: name, daughters: daughters.map((d) => d.encodedName), row: toStringBinary(row) },
      'region split',
    );
    return daughters;
  }

  /**
   * From UPDATING_META on (the parent closed, the daughters' files written): meta records the
   * split (again, on takeover: the write is idempotent), the daughters are assigned, then the
   * parent's row and files go.
   */
  async finish(procedure: SplitProcedure): Promise<void> {
    const active = this.#ctx.requireActive();
    const { catalog } = this.#ctx;
    const { parent, daughters } = procedure;
    if (procedure.step === 'UPDATING_META') {
      // Recorded before meta is written: a master killed between the two finishes the split
      // instead of reopening a parent that meta already calls offline.
      await this.#store.save(procedure);
      await retryMetaWrite(this.#ctx, 'split', () =>
        active.meta.writeSplit(parent, daughters[0], daughters[1]),
      );
      await this.#store.save({ ...procedure, step: 'META_UPDATED' });
    }
    const table = catalog.table(parent.table);
    active.driver.machine.forget(parent.encodedName);
    await active.sync.remove(parent.encodedName);
    catalog.regions.delete(parent.encodedName);
    for (const daughter of daughters) {
      catalog.addRegion(daughter, table);
      active.driver.handle({ kind: 'assign', region: daughter.encodedName });
    }
    await this.#ctx.waitRegions(daughters, 'open', SPLIT_OPEN_WAIT_MS);
    await active.sync.synced();
    await active.meta.deleteRegion(parent);
    await this.#fs.delete(this.#fs.regionDir(parent), true);
    await this.#store.remove(procedure);
  }

  /** Before meta records the split: the parent reopens, the daughters' files go. */
  async undo(procedure: SplitProcedure): Promise<void> {
    const active = this.#ctx.requireActive();
    const name = procedure.parent.encodedName;
    await this.#closeParent(active, name);
    active.driver.handle({ kind: 'assign', region: name });
    await this.#ctx.waitRegions([procedure.parent], 'open', SPLIT_OPEN_WAIT_MS);
    for (const daughter of procedure.daughters) {
      await this.#fs.delete(this.#fs.regionDir(daughter), true);
    }
    await this.#store.remove(procedure);
  }

  /**
   * The records close the parent (its server has closed it already, or closes it now), and meta
   * says so, before anything else is written about it.
   */
  async #closeParent(active: Active, name: string): Promise<void> {
    active.driver.handle({ kind: 'unassign', region: name });
    await this.#ctx.waitFor(
      () => {
        const state = active.driver.machine.record(name)?.state;
        return state === undefined || state === 'CLOSED' || state === 'OFFLINE';
      },
      SPLIT_OPEN_WAIT_MS,
      () => new RegionInTransitionError(`split parent ${name} did not close`),
    );
    await active.sync.synced();
  }
}
