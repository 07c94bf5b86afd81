// Truncate (HBase's TruncateTableProcedure): a disabled table's regions are replaced by new, empty
// ones (same split keys, or one region) in ONE write to the meta region, which also sets the table
// ENABLING; then the old regions are forgotten and their files deleted, and the new ones opened.
// Invariant: meta names either the old regions (DISABLED) or the new ones (ENABLING), never both.
//
// A master dying at each point leaves:
// - before the meta write: the table DISABLED with its old regions and data; nothing happened.
// - after it: meta names the new regions and the table ENABLING, so the master taking over loads
//   the new regions and finishes ENABLING them (master.ts, `#activate`). The old regions' records
//   (CLOSED, to stay offline) and their directories may be left behind: garbage, not data — no
//   meta row names them, no new region shares their encoded names, and nothing assigns them.
// - after the old regions are gone: the same, with nothing left behind.
import type { Delete, Put } from '../common/mutations.js';
import type { TableDescriptor } from '../common/operations.js';
import { LimitExceededError } from '../common/errors.js';
import type { RegionInfo } from '../regionserver/region-info.js';
import { RegionFs } from '../regionserver/region-fs.js';
import { MUTATIONS_PER_CALL_MAX } from '../regionserver/service/limits.js';
import { RegionServerService } from '../regionserver/service/protocol.js';
import { recoveredEditsDir } from '../regionserver/wal/split.js';
import { MetaNotOnlineError } from './errors.js';
import { META_CALL_TIMEOUT_MS } from './limits.js';
import type { Active, MasterContext } from './master-context.js';
import {
  META_REGION_INFO,
  parseServerName,
  regionRowDelete,
  regionRowPut,
  serverAddress,
  tableRowPut,
} from './meta/index.js';
import { regionsOf } from './region-layout.js';

/**
 * The regions that replace `old` (a table's regions in row order): cut at the same keys when
 * `preserveSplits`, else one; their id above every old one's, so no encoded name is reused. Pure.
 */
export function truncatedRegions(
  table: string,
  old: readonly RegionInfo[],
  preserveSplits: boolean,
  nowMs: number,
): RegionInfo[] {
  const splitKeys = preserveSplits ? old.slice(1).map((info) => info.startKey) : [];
  const regionId = old.reduce((id, info) => Math.max(id, info.regionId + 1), nowMs);
  return regionsOf(table, splitKeys, regionId);
}

/**
 * The one write to meta that truncates: the old regions' rows deleted, the new ones' put (OFFLINE,
 * on no server) and the table row set ENABLING. Pure.
 */
export function truncateMutations(
  table: TableDescriptor,
  old: readonly RegionInfo[],
  fresh: readonly RegionInfo[],
): (Put | Delete)[] {
  return [
    ...old.map((info) => regionRowDelete(info)),
    ...fresh.map((info) =>
      regionRowPut({
        info,
        state: 'OFFLINE',
        server: undefined,
        openSeqNum: 0,
        offline: false,
        daughters: undefined,
      }),
    ),
    tableRowPut({ table: table.name, state: 'ENABLING', descriptor: table }),
  ];
}

/** Finishes enabling a table (TableDdl.finishTransition to 'open'). */
export type FinishOpen = (active: Active, table: TableDescriptor) => Promise<void>;

/**
 * Truncates a table the caller checked to exist and be DISABLED (under its table lock); returns
 * once the new regions serve.
 */
export async function truncateTable(
  ctx: MasterContext,
  active: Active,
  table: TableDescriptor,
  preserveSplits: boolean,
  finishOpen: FinishOpen,
): Promise<void> {
  const { catalog } = ctx;
  const old = catalog.regionsOfTable(table.name);
  const fresh = truncatedRegions(table.name, old, preserveSplits, ctx.clock.nowMs());
  const mutations = truncateMutations(table, old, fresh);
  if (mutations.length > MUTATIONS_PER_CALL_MAX) {
    throw new LimitExceededError(
      `truncating table ${table.name} (${old.length} regions) takes ${mutations.length} meta ` +
        `mutations in one write; MUTATIONS_PER_CALL_MAX is ${MUTATIONS_PER_CALL_MAX}`,
    );
  }
  // Every record so far in meta first: no queued row of an old region can land after our write.
  await active.sync.synced();
  await writeMeta(ctx, active, mutations);
  for (const info of old) catalog.regions.delete(info.encodedName);
  for (const info of fresh) catalog.addRegion(info, table);
  catalog.tableStates.set(table.name, 'ENABLING');
  const fs = new RegionFs({ client: ctx.dfs, rootDir: ctx.rootDir });
  for (const info of old) {
    if (!active.driver.machine.forget(info.encodedName)) {
      ctx.logger.warn({ region: info.encodedName }, 'truncate: an old region is not closed');
    }
    await active.sync.remove(info.encodedName);
    await ctx.dfs.delete(fs.regionDir(info), true);
    await ctx.dfs.delete(recoveredEditsDir(ctx.rootDir, info.encodedName), true);
  }
  await finishOpen(active, table);
  ctx.logger.info({ table: table.name, regions: fresh.length, preserveSplits }, 'table truncated');
}

/** One mutate call to the meta region: one WAL entry, so all of it or none. */
async function writeMeta(
  ctx: MasterContext,
  active: Active,
  mutations: readonly (Put | Delete)[],
): Promise<void> {
  const server = active.sync.metaServer;
  if (server === undefined) throw new MetaNotOnlineError('meta is not open on any server yet');
  const stub = ctx.rpc.stub(RegionServerService, serverAddress(parseServerName(server)));
  await stub.mutate(
    { region: META_REGION_INFO.encodedName, mutations },
    { timeoutMs: META_CALL_TIMEOUT_MS },
  );
}
