// The active master's catalog (what it read from `meta`, kept up to date by its own DDL): tables
// with their descriptors and states, and every region with the descriptors an open needs.
// Invariant: a region's table is in `tables` (meta's own region aside).
import type { TableDescriptor } from '../common/operations.js';
import type { RegionInfo } from '../regionserver/region-info.js';
import { TableNotFoundError } from '../client/errors.js';
import type { RegionDescription } from './assignment/driver.js';
import { META_REGION_INFO, META_TABLE_DESCRIPTOR, type TableState } from './meta/index.js';

export class Catalog {
  /** Region (encoded name) → its descriptors. */
  readonly regions = new Map<string, RegionDescription>();
  readonly tables = new Map<string, TableDescriptor>();
  readonly tableStates = new Map<string, TableState>();

  constructor() {
    this.regions.set(META_REGION_INFO.encodedName, {
      info: META_REGION_INFO,
      table: META_TABLE_DESCRIPTOR,
    });
  }

  /** The table's descriptor; TableNotFound when there is no such table. */
  table(name: string): TableDescriptor {
    const table = this.tables.get(name);
    if (table === undefined) throw new TableNotFoundError(`table ${name} does not exist`);
    return table;
  }

  /** The table's regions, in row order. */
  regionsOfTable(name: string): RegionInfo[] {
    return [...this.regions.values()]
      .filter((d) => d.info.table === name)
      .map((d) => d.info)
      .sort((a, b) => Buffer.compare(a.startKey, b.startKey));
  }

  addRegion(info: RegionInfo, table: TableDescriptor): void {
    this.regions.set(info.encodedName, { info, table });
  }
}
