// A table's row in meta (key: tableRowKey, outside every region range), both ways: its state
// (`info:state`) and its descriptor (`info:descriptor`). Invariant: a parsed table row has both,
// valid, and its descriptor names the row's table.
import type { Cell } from '../../common/cell.js';
import { InvalidArgumentError } from '../../common/errors.js';
import type { Delete, Put } from '../../common/mutations.js';
import type { TableDescriptor } from '../../common/operations.js';
import { CorruptMetaError } from './errors.js';
import {
  metaDelete,
  metaPut,
  newestColumns,
  oneOfValue,
  type MetaWriteOptions,
} from './meta-columns.js';
import { parseTableRowKey, tableRowKey } from './meta-key.js';
import { MetaQualifier as Q } from './meta-table.js';
import { decodeTableDescriptor, encodeTableDescriptor } from './table-descriptor-codec.js';

/** HBase's table states: ENABLING and DISABLING while DDL is under way. */
export type TableState = 'ENABLED' | 'DISABLED' | 'DISABLING' | 'ENABLING';
export const TABLE_STATES: readonly TableState[] = Object.freeze([
  'ENABLED',
  'DISABLED',
  'DISABLING',
  'ENABLING',
]);

/** What meta records of one table. */
export interface MetaTableEntry {
  readonly table: string;
  readonly state: TableState;
  readonly descriptor: TableDescriptor;
}

function checkTableState(state: TableState): void {
  if (!TABLE_STATES.includes(state)) {
    throw new InvalidArgumentError(
      `table state is ${String(state)}; expected one of ${TABLE_STATES.join(', ')}`,
    );
  }
}

/** Sets a table's state, leaving its descriptor as it is (disable, enable). */
export function tableStatePut(
  table: string,
  state: TableState,
  options: MetaWriteOptions = {},
): Put {
  checkTableState(state);
  return metaPut(tableRowKey(table), [[Q.state, Buffer.from(state, 'utf8')]], options);
}

/** Sets a table's descriptor, leaving its state as it is (modify). Checks the descriptor. */
export function tableDescriptorPut(
  descriptor: TableDescriptor,
  options: MetaWriteOptions = {},
): Put {
  const value = encodeTableDescriptor(descriptor);
  return metaPut(tableRowKey(descriptor.name), [[Q.descriptor, value]], options);
}

/** The whole row at once (create): state and descriptor, which must name the entry's table. */
export function tableRowPut(entry: MetaTableEntry, options: MetaWriteOptions = {}): Put {
  checkTableState(entry.state);
  if (entry.descriptor.name !== entry.table) {
    throw new InvalidArgumentError(
      `table ${entry.table}'s entry holds the descriptor of table ${entry.descriptor.name}`,
    );
  }
  return metaPut(
    tableRowKey(entry.table),
    [
      [Q.state, Buffer.from(entry.state, 'utf8')],
      [Q.descriptor, encodeTableDescriptor(entry.descriptor)],
    ],
    options,
  );
}

/** Deletes a table's row (delete table). */
export function tableRowDelete(table: string, options: MetaWriteOptions = {}): Delete {
  return metaDelete(tableRowKey(table), options);
}

/**
 * The entry a table row's cells hold (a non-raw result of that one row). A malformed key, a
 * missing or invalid state or descriptor, or a descriptor of another table is CorruptMeta.
 */
export function parseTableRow(cells: readonly Cell[]): MetaTableEntry {
  const { row, values } = newestColumns(cells);
  const table = parseTableRowKey(row);
  const name = `meta row of table ${table}`;
  const stateValue = values.get(Q.state.toString('latin1'));
  const descriptorValue = values.get(Q.descriptor.toString('latin1'));
  if (stateValue === undefined) throw new CorruptMetaError(`${name}: info:state is missing`);
  if (descriptorValue === undefined) {
    throw new CorruptMetaError(`${name}: info:descriptor is missing`);
  }
  const state = oneOfValue(stateValue, `${name}: info:state`, TABLE_STATES);
  const descriptor = decodeTableDescriptor(descriptorValue, `${name}: info:descriptor`);
  if (descriptor.name !== table) {
    throw new CorruptMetaError(
      `${name}: info:descriptor is the descriptor of table ${descriptor.name}`,
    );
  }
  return { table, state, descriptor };
}
