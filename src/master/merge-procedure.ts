// A merge of two adjacent regions (HBase's MergeTableRegionsProcedure, reduced): recorded in the
// coordinator; both parents closed through the records; their store files moved (renamed, which
// the namenode does atomically per file) into the merged region, whose range is their union; one
// write to meta replaces both parents' rows with the merged region's; the merged region assigned.
// Until files move a failure undoes the merge (the parents reopen); after that it only goes on.
import { bytesEqual } from '../common/bytes.js';
import { makeRegionInfo, type RegionInfo, regionInfoToJson } from '../regionserver/region-info.js';
import { REGION_INFO_FILE, RegionFs } from '../regionserver/region-fs.js';
import { RECOVERED_EDITS_DIR } from '../regionserver/wal/split.js';
import { MergeRegionError, RegionInTransitionError } from './errors.js';
import { SPLIT_OPEN_WAIT_MS } from './limits.js';
import type { Active, MasterContext } from './master-context.js';
import { retryMetaWrite } from './meta-retry.js';
import type { MergeProcedure, ProcedureStore } from './procedure-store.js';

/** The two regions in row order, if they are adjacent regions of one table. */
export function adjacentPair(
  x: RegionInfo,
  y: RegionInfo,
): readonly [RegionInfo, RegionInfo] | undefined {
  if (x.table !== y.table || x.encodedName === y.encodedName) return undefined;
  if (x.endKey.length > 0 && bytesEqual(x.endKey, y.startKey)) return [x, y];
  if (y.endKey.length > 0 && bytesEqual(y.endKey, x.startKey)) return [y, x];
  return undefined;
}

export class MergeProcedures {
  readonly #ctx: MasterContext;
  readonly #store: ProcedureStore;
  readonly #fs: RegionFs;

  constructor(ctx: MasterContext, store: ProcedureStore) {
    this.#ctx = ctx;
    this.#store = store;
    this.#fs = new RegionFs({
      client: ctx.dfs,
      rootDir: ctx.rootDir,
      ...(ctx.replication === undefined ? {} : { replication: ctx.replication }),
    });
  }

  /** Merges two adjacent open regions; the merged region, once it serves. */
  async merge(x: RegionInfo, y: RegionInfo): Promise<RegionInfo> {
    const active = this.#ctx.requireActive();
    const parents = adjacentPair(x, y);
    if (parents === undefined) {
      throw new MergeRegionError(
        `regions ${x.encodedName} and ${y.encodedName} are not adjacent regions of one table`,
      );
    }
    const [lo, hi] = parents;
    const regionId = Math.max(lo.regionId + 1, hi.regionId + 1, this.#ctx.clock.nowMs());
    const merged = makeRegionInfo(lo.table, lo.startKey, hi.endKey, regionId);
    const procedure: MergeProcedure = { kind: 'merge', step: 'CLOSING', parents, merged };
    await this.#store.save(procedure);
    try {
      await this.#closeParents(active, procedure);
    } catch (error) {
      this.#ctx.logger.warn({ err: error, merged: merged.encodedName }, 'merge undone');
      await this.undo(procedure);
      throw error;
    }
    await this.finish({ ...procedure, step: 'MOVING_FILES' });
    this.#ctx.logger.info(
      { parents: parents.map((p) => p.encodedName), merged: merged.encodedName },
      'regions merged',
    );
    return merged;
  }

  /** From MOVING_FILES or META_UPDATED on: what is left of the merge, done. */
  async finish(procedure: MergeProcedure): Promise<void> {
    const active = this.#ctx.requireActive();
    const { catalog } = this.#ctx;
    const { parents, merged } = procedure;
    if (procedure.step === 'MOVING_FILES') {
      await this.#store.save(procedure);
      await this.#moveFiles(procedure);
      await retryMetaWrite(this.#ctx, 'merge', () => active.meta.writeMerge(parents, merged));
      await this.#store.save({ ...procedure, step: 'META_UPDATED' });
    }
    const table = catalog.table(merged.table);
    for (const parent of parents) {
      active.driver.machine.forget(parent.encodedName);
      await active.sync.remove(parent.encodedName);
      catalog.regions.delete(parent.encodedName);
    }
    catalog.addRegion(merged, table);
    active.driver.handle({ kind: 'assign', region: merged.encodedName });
    await this.#ctx.waitRegions([merged], 'open', SPLIT_OPEN_WAIT_MS);
    for (const parent of parents) await this.#fs.delete(this.#fs.regionDir(parent), true);
    await this.#store.remove(procedure);
  }

  /** Before files move: both parents reopen. */
  async undo(procedure: MergeProcedure): Promise<void> {
    const active = this.#ctx.requireActive();
    for (const parent of procedure.parents) {
      active.driver.handle({ kind: 'assign', region: parent.encodedName });
    }
    await this.#ctx.waitRegions(procedure.parents, 'open', SPLIT_OPEN_WAIT_MS);
    await this.#fs.delete(this.#fs.regionDir(procedure.merged), true);
    await this.#store.remove(procedure);
  }

  /**
   * Both parents closed in the records. A parent left with recovered edits (its server died
   * while it closed) must replay them first: the merge is refused and undone.
   */
  async #closeParents(active: Active, procedure: MergeProcedure): Promise<void> {
    for (const parent of procedure.parents) {
      active.driver.handle({ kind: 'unassign', region: parent.encodedName });
    }
    await this.#ctx.waitFor(
      () =>
        procedure.parents.every((p) => {
          const state = active.driver.machine.record(p.encodedName)?.state;
          return state === undefined || state === 'CLOSED' || state === 'OFFLINE';
        }),
      SPLIT_OPEN_WAIT_MS,
      () => new RegionInTransitionError(`merge parents did not close`),
    );
    await active.sync.synced();
    for (const parent of procedure.parents) {
      const edits = `${this.#ctx.rootDir}/${RECOVERED_EDITS_DIR}/${parent.encodedName}`;
      if ((await this.#fs.listNames(edits).catch(() => [])).length > 0) {
        throw new RegionInTransitionError(
          `region ${parent.encodedName} has recovered edits to replay; merge it later`,
        );
      }
    }
  }

  /** Every parent store file renamed into the merged region (again after a takeover: idempotent). */
  async #moveFiles(procedure: MergeProcedure): Promise<void> {
    const { merged } = procedure;
    const table = this.#ctx.catalog.table(merged.table);
    for (const family of table.families) {
      const target = this.#fs.familyDir(merged, family.name);
      await this.#fs.mkdirs(target);
      for (const parent of procedure.parents) {
        const dir = this.#fs.familyDir(parent, family.name);
        const names = await this.#fs.listNames(dir).catch(() => [] as string[]);
        for (const name of names.filter((n) => !n.startsWith('.'))) {
          await this.#fs.rename(`${dir}/${name}`, `${target}/${name}`);
        }
      }
    }
    await this.#fs.writeSmallFile(
      `${this.#fs.regionDir(merged)}/${REGION_INFO_FILE}`,
      regionInfoToJson(merged),
    );
  }
}
