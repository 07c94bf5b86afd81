// Mutations into cells (pure but for the store's qualifier interner): timestamps left out become
// the server's `now`, a whole-row Delete becomes one DeleteFamily per family, each target its
// marker (hbase-features.md §1.4). Every cell is built by makeCell, so every cell limit is
// checked here, before anything is written. A put's bytes are copied into the store's memstore
// lab when it has one (one row copy per lab, shared by that store's cells of the put).
import { type Cell, CellType, makeCell } from '../common/index.js';
import type { Delete, DeleteTarget, Put } from '../common/mutations.js';
import type { BytesInterner } from './memstore/bytes-interner.js';
import type { MemstoreLab } from './memstore/memstore-lab.js';

/** The newest visible version's timestamp of a column, for "delete the latest version". */
export type LatestTimestampLookup = (family: Buffer, qualifier: Buffer) => number | undefined;

/** What a put's cells share with their store: its family bytes, interned qualifiers, its lab. */
export interface StoreNames {
  readonly familyName: Buffer;
  readonly qualifiers: BytesInterner;
  /** Where the cell's bytes are copied (undefined: the cell keeps the request's bytes). */
  readonly lab?: MemstoreLab | undefined;
}

/**
 * `storeOf` gives the store of a family name: the cells share its family bytes and its copies of
 * common qualifiers (the request's views can go), so comparing two cells' families, and most
 * qualifiers, is comparing two references.
 */
export function putCells(
  put: Put,
  nowMs: number,
  sequenceId: number,
  storeOf: (family: Buffer) => StoreNames,
): Cell[] {
  let rowLab: MemstoreLab | undefined;
  let labRow = put.row;
  return put.cells.map((cell) => {
    const store = storeOf(cell.family);
    const lab = store.lab;
    let qualifier = store.qualifiers.intern(cell.qualifier);
    let value = cell.value;
    if (lab !== undefined) {
      if (lab !== rowLab) {
        rowLab = lab;
        labRow = lab.copy(put.row);
      }
      if (qualifier === cell.qualifier) qualifier = lab.copy(qualifier);
      value = lab.copy(value);
    }
    return makeCell({
      row: lab === undefined ? put.row : labRow,
      family: store.familyName,
      qualifier,
      timestamp: cell.timestamp ?? nowMs,
      type: CellType.Put,
      value,
      sequenceId,
    });
  });
}

export function deleteCells(
  del: Delete,
  families: readonly Buffer[],
  nowMs: number,
  sequenceId: number,
  latest: LatestTimestampLookup,
): Cell[] {
  if (del.targets.length === 0) {
    return families.map((family) =>
      marker(del.row, family, undefined, del.timestamp ?? nowMs, CellType.DeleteFamily, sequenceId),
    );
  }
  return del.targets.map((target) => targetCell(del.row, target, nowMs, sequenceId, latest));
}

function targetCell(
  row: Buffer,
  target: DeleteTarget,
  nowMs: number,
  sequenceId: number,
  latest: LatestTimestampLookup,
): Cell {
  switch (target.kind) {
    case 'version': {
      // HBase does a Get for the newest version; with none, the marker goes at `now`.
      const timestamp = target.timestamp ?? latest(target.family, target.qualifier) ?? nowMs;
      return marker(row, target.family, target.qualifier, timestamp, CellType.Delete, sequenceId);
    }
    case 'column':
      return marker(
        row,
        target.family,
        target.qualifier,
        target.timestamp ?? nowMs,
        CellType.DeleteColumn,
        sequenceId,
      );
    case 'family':
      return marker(
        row,
        target.family,
        undefined,
        target.timestamp ?? nowMs,
        CellType.DeleteFamily,
        sequenceId,
      );
    case 'familyVersion':
      return marker(
        row,
        target.family,
        undefined,
        target.timestamp,
        CellType.DeleteFamilyVersion,
        sequenceId,
      );
  }
}

function marker(
  row: Buffer,
  family: Buffer,
  qualifier: Buffer | undefined,
  timestamp: number,
  type: CellType,
  sequenceId: number,
): Cell {
  return makeCell(
    qualifier === undefined
      ? { row, family, timestamp, type, sequenceId }
      : { row, family, qualifier, timestamp, type, sequenceId },
  );
}

/** The families a mutation touches (a whole-row delete: none named; it covers all). */
export function mutationFamilies(mutation: Put | Delete): Buffer[] {
  if (mutation.type === 'put') return mutation.cells.map((cell) => cell.family);
  return mutation.targets.map((target) => target.family);
}
