// Any meta row, by its kind (the key's first byte): what a full scan of meta (a new master loading
// the catalog) reads. Invariant: each row is parsed by the codec of its kind, or is CorruptMeta.
import type { Cell } from '../../common/cell.js';
import { assert } from '../../common/assert.js';
import { metaRowKind } from './meta-key.js';
import { parseRegionRow, type MetaRegionEntry } from './region-row.js';
import { parseTableRow, type MetaTableEntry } from './table-row.js';

export type MetaRow =
  | { readonly kind: 'region'; readonly entry: MetaRegionEntry }
  | { readonly kind: 'table'; readonly entry: MetaTableEntry };

/** Parses one row's cells (a non-raw result) as a region row or a table row. */
export function parseMetaRow(cells: readonly Cell[]): MetaRow {
  const first = cells[0];
  assert(first !== undefined, 'a meta row to parse has no cells');
  return metaRowKind(first.row) === 'region'
    ? { kind: 'region', entry: parseRegionRow(cells) }
    : { kind: 'table', entry: parseTableRow(cells) };
}
