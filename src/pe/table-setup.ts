// HBase PE's checkTable: creates the test table when it is missing, recreates it when --presplit
// asks for another region count or the family count differs, and refuses a read or scan test on
// a missing table. Families as the options say (in-memory, Bloom filter, block size).
import { TableNotFoundError, type Admin } from '../client/index.js';
import type { TableDescriptor } from '../common/operations.js';
import { isReadCommand } from './commands.js';
import { PeTableMissingError } from './errors.js';
import { splitKeys } from './keys.js';
import type { PeOptions } from './options.js';
import { familyNames } from './test-base.js';

export interface TableCheck {
  /** The table was (re)created for this run. */
  readonly created: boolean;
  /** It existed and was deleted first (presplit or families differed). */
  readonly recreated: boolean;
}

async function describeOrNone(admin: Admin, name: string): Promise<TableDescriptor | undefined> {
  try {
    return await admin.describeTable(name);
  } catch (error) {
    if (error instanceof TableNotFoundError) return undefined;
    throw error;
  }
}

async function needsRecreate(admin: Admin, o: PeOptions, table: TableDescriptor): Promise<boolean> {
  if (table.families.length !== o.families) return true;
  if (o.presplit === 0) return false;
  return (await admin.getRegions(o.table)).length !== o.presplit;
}

async function dropTable(admin: Admin, name: string): Promise<void> {
  try {
    await admin.disableTable(name);
  } catch (error) {
    // Already disabled: HBase checks isTableEnabled first; deleteTable below needs it disabled.
    if ((error as { code?: unknown }).code !== 'TableNotEnabled') throw error;
  }
  await admin.deleteTable(name);
}

export async function checkTable(admin: Admin, o: PeOptions): Promise<TableCheck> {
  const existing = await describeOrNone(admin, o.table);
  if (existing === undefined && isReadCommand(o.test)) {
    throw new PeTableMissingError(
      `table ${o.table} does not exist; a ${o.test} test needs it. Run a write test first ` +
        `(e.g. colonnade pe --rows=${o.rows} sequentialWrite ${o.clients})`,
    );
  }
  const recreate = existing !== undefined && (await needsRecreate(admin, o, existing));
  if (recreate) await dropTable(admin, o.table);
  if (existing !== undefined && !recreate) return { created: false, recreated: false };
  await admin.createTable({
    name: o.table,
    families: familyNames(o).map((name) => ({
      name,
      inMemory: o.inMemory,
      bloomType: o.bloomFilter,
      blockSizeBytes: o.blockSize,
    })),
    splitKeys: splitKeys(o.totalRows, o.presplit),
  });
  return { created: true, recreated: recreate };
}
