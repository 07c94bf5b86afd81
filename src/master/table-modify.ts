// Modify (HBase's ModifyTableProcedure) and what it shares with a master taking over: reopening a
// table's regions so they serve its current descriptor, and deleting the directories of families
// the descriptor no longer has. Invariant: a family's directory is deleted only once no region
// serves it (every region closed, or reopened with the new descriptor).
import type { TableDescriptor } from '../common/operations.js';
import { RegionFs } from '../regionserver/region-fs.js';
import type { RegionInfo } from '../regionserver/region-info.js';
import { MODIFY_REOPEN_WAIT_MS } from './ddl-limits.js';
import { RegionInTransitionError } from './errors.js';
import type { Active, MasterContext } from './master-context.js';

/**
 * Which regions a table going online closes and opens again before it serves: `none` (create,
 * enable: none is open), `placed` (a master taking over: those open or opening may serve an older
 * descriptor, from a modify cut short), `all` (modify).
 */
export type Reopen = 'none' | 'placed' | 'all';

/** The families of `current` that `next` drops, by name. Pure. */
export function removedFamilies(current: TableDescriptor, next: TableDescriptor): string[] {
  const kept = new Set(next.families.map((f) => f.name));
  return current.families.map((f) => f.name).filter((name) => !kept.has(name));
}

/**
 * Asks every region to serve (each in `reopen` closed first, then opened again, with whatever the
 * catalog then describes) and waits, bounded, until each is open on a live server.
 *
 * A reopened region is asked to serve only once its record shows the unassign applied (target
 * offline, which nothing else sets while the table is locked and ENABLING): an OPEN record after
 * that comes from a new open. A master dying in between leaves the table ENABLING, and the next
 * one assigns the region.
 */
export async function openRegions(
  ctx: MasterContext,
  active: Active,
  regions: readonly RegionInfo[],
  reopen: Reopen,
  timeoutMs = MODIFY_REOPEN_WAIT_MS,
): Promise<void> {
  const { driver } = active;
  const { machine } = driver;
  const deadline = ctx.clock.monotonicMs() + timeoutMs;
  const closing = regions.filter((info) => {
    const state = machine.record(info.encodedName)?.state;
    return reopen === 'all' || (reopen === 'placed' && (state === 'OPEN' || state === 'OPENING'));
  });
  for (const info of closing) driver.handle({ kind: 'unassign', region: info.encodedName });
  const unassigned = (info: RegionInfo): boolean =>
    machine.record(info.encodedName)?.target === 'offline';
  await waitAll(ctx, closing, unassigned, deadline, timeoutMs, 'unassigned');
  for (const info of regions) driver.handle({ kind: 'assign', region: info.encodedName });
  const serving = (info: RegionInfo): boolean => {
    const record = machine.record(info.encodedName);
    if (record?.target !== 'online' || record.state !== 'OPEN') return false;
    return machine.liveServers.includes(record.server ?? '');
  };
  await waitAll(ctx, regions, serving, deadline, timeoutMs, 'open');
}

/** Waits until `done` holds for every region, or RegionInTransition at `deadline`. */
async function waitAll(
  ctx: MasterContext,
  regions: readonly RegionInfo[],
  done: (info: RegionInfo) => boolean,
  deadline: number,
  timeoutMs: number,
  what: string,
): Promise<void> {
  await ctx.waitFor(
    () => regions.every(done),
    Math.max(0, deadline - ctx.clock.monotonicMs()),
    () => {
      const waiting = regions.filter((info) => !done(info));
      return new RegionInTransitionError(
        `${waiting.length} of ${regions.length} region(s) not ${what} after ${timeoutMs} ms ` +
          `(first: ${waiting[0]?.encodedName ?? ''})`,
      );
    },
  );
}

/**
 * Deletes, in each region's directory, the directories of families `table` does not have (a
 * modify removed them). Call only when every region is closed or serves `table`.
 */
export async function dropRemovedFamilyDirs(
  ctx: MasterContext,
  table: TableDescriptor,
  regions: readonly RegionInfo[],
): Promise<string[]> {
  const fs = new RegionFs({ client: ctx.dfs, rootDir: ctx.rootDir });
  const families = new Set(table.families.map((f) => f.name));
  const dropped: string[] = [];
  for (const info of regions) {
    const dir = fs.regionDir(info);
    if ((await ctx.dfs.stat(dir)) === null) continue;
    for (const entry of await ctx.dfs.list(dir)) {
      const name = entry.path.slice(entry.path.lastIndexOf('/') + 1);
      // Family names never start with '.' (.regioninfo, .tmp and the like are the region's own).
      if (entry.type !== 'directory' || name.startsWith('.') || families.has(name)) continue;
      await ctx.dfs.delete(entry.path, true);
      dropped.push(entry.path);
    }
  }
  if (dropped.length > 0) {
    ctx.logger.info({ table: table.name, dirs: dropped.length }, 'removed families deleted');
  }
  return dropped;
}

/** The catalog's descriptor of the table and of each of its regions, replaced by `next`. */
export function setDescriptor(ctx: MasterContext, next: TableDescriptor): RegionInfo[] {
  const regions = ctx.catalog.regionsOfTable(next.name);
  ctx.catalog.tables.set(next.name, next);
  for (const info of regions) ctx.catalog.addRegion(info, next);
  return regions;
}
