// The master's table DDL (HBase's Create/Disable/Enable/Delete/Truncate/ModifyTableProcedure,
// reduced) and namespaces: each writes meta before it assigns or unassigns, so that a master
// taking over finishes a table left ENABLING or DISABLING (`finishTransition`) and never loses a
// table half made. Calls on one table run one at a time (TableLocks).
import { TableNotEnabledError } from '../client/errors.js';
import type { TableDescriptor } from '../common/operations.js';
import { checkTableDescriptor } from '../common/table-descriptor-check.js';
import { tableNameParts } from '../regionserver/region-info.js';
import { TableExistsError, TableNotDisabledError } from './errors.js';
import { CREATE_TABLE_WAIT_MS } from './limits.js';
import type { Active, MasterContext } from './master-context.js';
import type { TableState } from './meta/index.js';
import { Namespaces } from './namespaces.js';
import { regionsOf } from './region-layout.js';
import { TableLocks } from './table-locks.js';
import { dropRemovedFamilyDirs, openRegions, type Reopen, setDescriptor } from './table-modify.js';
import { truncateTable } from './table-truncate.js';

/** How a table going online is finished (`finishTransition` to 'open'). */
export interface FinishOptions {
  /** Which regions are closed and opened again first (table-modify.ts, `Reopen`). */
  readonly reopen: Reopen;
  /** Delete the directories of families the descriptor no longer has, once the regions serve. */
  readonly dropRemovedFamilies: boolean;
}

/**
 * What a master taking over does for a table left ENABLING: it cannot tell whether a modify was
 * cut short, so regions already open are reopened and dropped families' directories deleted.
 */
export const TAKEOVER_FINISH: FinishOptions = { reopen: 'placed', dropRemovedFamilies: true };

export class TableDdl {
  readonly #ctx: MasterContext;
  readonly #locks = new TableLocks();
  readonly namespaces: Namespaces;

  constructor(ctx: MasterContext) {
    this.#ctx = ctx;
    this.namespaces = new Namespaces(ctx);
  }

  describeTable(name: string): TableDescriptor {
    this.#ctx.requireActive();
    return this.#ctx.catalog.table(name);
  }

  listTables(): TableDescriptor[] {
    this.#ctx.requireActive();
    return [...this.#ctx.catalog.tables.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /**
   * Creates a table with regions cut at `splitKeys`, and returns once they all serve. Its
   * namespace must exist (NamespaceNotFound).
   */
  async createTable(value: unknown, splitKeys: readonly Buffer[] = []): Promise<void> {
    this.#ctx.requireActive();
    const table = checkTableDescriptor(value, 'table');
    await this.#locks.run(table.name, async () => {
      const active = this.#ctx.requireActive();
      const { catalog } = this.#ctx;
      if (catalog.tables.has(table.name)) throw new TableExistsError(`table ${table.name} exists`);
      const regions = regionsOf(table.name, splitKeys, this.#ctx.clock.nowMs());
      await this.namespaces.requireExists(table.name);
      // No await between the namespace check and the catalog (namespaces.ts, `requireExists`).
      catalog.tables.set(table.name, table);
      catalog.tableStates.set(table.name, 'ENABLING');
      for (const info of regions) catalog.addRegion(info, table);
      // The table row and every region row first, in one write (HBase's CreateTableProcedure
      // adds the regions to meta before it assigns them): a master taking over finishes the rest.
      await active.meta.writeNewTable(table, regions);
      await this.finishTransition(active, table, 'open', FRESH_FINISH);
      this.#ctx.logger.info({ table: table.name, regions: regions.length }, 'table created');
    });
  }

  /** Closes every region of the table (HBase's disableTable); the rows stay. */
  async disableTable(name: string): Promise<void> {
    await this.#locked(name, async (active, table) => {
      await this.setTableState(active, table, 'DISABLING');
      await this.finishTransition(active, table, 'closed');
    });
  }

  /**
   * Opens every region of a disabled table again; the directories of families a modify removed
   * while it was disabled go first, if a master died before deleting them.
   */
  async enableTable(name: string): Promise<void> {
    await this.#locked(name, async (active, table) => {
      await this.setTableState(active, table, 'ENABLING');
      await this.finishTransition(active, table, 'open', ENABLE_FINISH);
    });
  }

  /** Deletes a disabled table: its rows in meta, its records and its files. */
  async deleteTable(name: string): Promise<void> {
    await this.#locked(name, async (active) => {
      const { catalog } = this.#ctx;
      this.requireDisabled(name);
      const regions = catalog.regionsOfTable(name);
      await active.meta.deleteTable(name, regions);
      for (const info of regions) {
        active.driver.machine.forget(info.encodedName);
        await active.sync.remove(info.encodedName);
        catalog.regions.delete(info.encodedName);
      }
      catalog.tables.delete(name);
      catalog.tableStates.delete(name);
      const { namespace, qualifier } = tableNameParts(name);
      await this.#ctx.dfs.delete(`${this.#ctx.rootDir}/data/${namespace}/${qualifier}`, true);
      this.#ctx.logger.info({ table: name }, 'table deleted');
    });
  }

  /**
   * Empties a DISABLED table (TableNotDisabled otherwise): new regions, cut at the same keys when
   * `preserveSplits`, else one; returns once they serve, the table ENABLED (table-truncate.ts).
   */
  async truncateTable(name: string, preserveSplits = true): Promise<void> {
    await this.#locked(name, async (active, table) => {
      this.requireDisabled(name);
      await truncateTable(this.#ctx, active, table, preserveSplits, (a, t) =>
        this.finishTransition(a, t, 'open', FRESH_FINISH),
      );
    });
  }

  /**
   * Replaces a table's descriptor (families added, removed or altered). The new descriptor goes
   * to meta first; an enabled table's regions then reopen with it (the table ENABLING meanwhile,
   * so a master taking over reopens them too); then removed families' directories are deleted.
   */
  async modifyTable(value: unknown): Promise<void> {
    this.#ctx.requireActive();
    const next = checkTableDescriptor(value, 'table');
    await this.#locked(next.name, async (active) => {
      const state = this.#ctx.catalog.tableStates.get(next.name);
      if (state === 'DISABLING') {
        throw new TableNotEnabledError(
          `table ${next.name} is DISABLING; disable it again (disableTable) before modifying it`,
        );
      }
      if (state === 'DISABLED') {
        await active.meta.writeTable({ table: next.name, state, descriptor: next });
        const regions = setDescriptor(this.#ctx, next);
        await dropRemovedFamilyDirs(this.#ctx, next, regions);
      } else {
        // One Put of the whole row: the new descriptor and ENABLING together.
        await this.setTableState(active, next, 'ENABLING');
        setDescriptor(this.#ctx, next);
        await this.finishTransition(active, next, 'open', MODIFY_FINISH);
      }
      this.#ctx.logger.info({ table: next.name, state }, 'table modified');
    });
  }

  /** TableNotDisabled unless the table is DISABLED. */
  requireDisabled(name: string): void {
    const state = this.#ctx.catalog.tableStates.get(name);
    if (state !== 'DISABLED') {
      throw new TableNotDisabledError(
        `table ${name} is ${state ?? 'in no state'}, not DISABLED; disable it first`,
      );
    }
  }

  /**
   * The second half of enable or disable (and of create, truncate and modify): every region
   * assigned (see FinishOptions) or unassigned, then the table's final state. A master taking over
   * runs it for a table left half way, with TAKEOVER_FINISH.
   */
  async finishTransition(
    active: Active,
    table: TableDescriptor,
    to: 'open' | 'closed',
    options: FinishOptions = TAKEOVER_FINISH,
  ): Promise<void> {
    const regions = this.#ctx.catalog.regionsOfTable(table.name);
    if (to === 'closed') {
      for (const info of regions)
        active.driver.handle({ kind: 'unassign', region: info.encodedName });
      await this.#ctx.waitRegions(regions, 'closed', CREATE_TABLE_WAIT_MS);
    } else {
      await openRegions(this.#ctx, active, regions, options.reopen, CREATE_TABLE_WAIT_MS);
      if (options.dropRemovedFamilies) await dropRemovedFamilyDirs(this.#ctx, table, regions);
    }
    await active.sync.synced();
    await this.setTableState(active, table, to === 'open' ? 'ENABLED' : 'DISABLED');
  }

  async setTableState(active: Active, table: TableDescriptor, state: TableState): Promise<void> {
    this.#ctx.catalog.tableStates.set(table.name, state);
    await active.meta.writeTable({ table: table.name, state, descriptor: table });
  }

  /** Runs `work` under the table's lock, once the table is known to exist (TableNotFound). */
  async #locked(
    name: string,
    work: (active: Active, table: TableDescriptor) => Promise<void>,
  ): Promise<void> {
    this.#ctx.requireActive();
    this.#ctx.catalog.table(name);
    await this.#locks.run(name, () => {
      const active = this.#ctx.requireActive();
      return work(active, this.#ctx.catalog.table(name));
    });
  }
}

/** Create and truncate: new regions, none open yet, no family dropped. */
const FRESH_FINISH: FinishOptions = { reopen: 'none', dropRemovedFamilies: false };
/** Enable: regions are closed; a modify of the disabled table may have left directories. */
const ENABLE_FINISH: FinishOptions = { reopen: 'none', dropRemovedFamilies: true };
/** Modify of an enabled table: every region reopens with the new descriptor. */
const MODIFY_FINISH: FinishOptions = { reopen: 'all', dropRemovedFamilies: true };
