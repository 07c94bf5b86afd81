// The delete markers seen so far in one row of one family, and whether they mask a Put (HBase's
// ScanDeleteTracker). Invariant: markers are added in cell order, so a marker is always added before
// every Put it can mask (same or older timestamp, and at equal timestamps markers sort first).
import { assert } from '../../common/assert.js';
import { compareBytes } from '../../common/bytes.js';
import { type Cell, CellType } from '../../common/cell.js';

export const DeleteResult = {
  NotDeleted: 0,
  /** A DeleteFamily at or after the Put's timestamp: so is every older version. */
  FamilyDeleted: 1,
  /** A DeleteFamilyVersion at exactly the Put's timestamp. */
  FamilyVersionDeleted: 2,
  /** A DeleteColumn at or after the Put's timestamp: so is every older version. */
  ColumnDeleted: 3,
  /** A Delete at exactly the Put's timestamp. */
  VersionDeleted: 4,
} as const;
export type DeleteResult = (typeof DeleteResult)[keyof typeof DeleteResult];

export class DeleteTracker {
  #familyStamp: number | undefined;
  readonly #familyVersionStamps = new Set<number>();
  /** The one column marker that can still matter: the newest of the current column. */
  #column: Cell | undefined;

  /** Records a marker. Markers already covered by a newer DeleteFamily are ignored. */
  add(marker: Cell): void {
    const timestamp = marker.timestamp;
    if (this.#familyStamp !== undefined && timestamp <= this.#familyStamp) return;
    switch (marker.type) {
      case CellType.DeleteFamily:
        this.#familyStamp = timestamp;
        return;
      case CellType.DeleteFamilyVersion:
        this.#familyVersionStamps.add(timestamp);
        return;
      case CellType.Delete:
      case CellType.DeleteColumn:
        break;
      default:
        assert(false, `cell type ${marker.type} is not a delete marker`);
    }
    const current = this.#column;
    // A Delete after a DeleteColumn of the same column is covered by it (it is no newer).
    if (
      current !== undefined &&
      marker.type < current.type &&
      compareBytes(marker.qualifier, current.qualifier) === 0
    ) {
      return;
    }
    this.#column = marker;
  }

  isDeleted(put: Cell): DeleteResult {
    const timestamp = put.timestamp;
    if (this.#familyStamp !== undefined && timestamp <= this.#familyStamp) {
      return DeleteResult.FamilyDeleted;
    }
    if (this.#familyVersionStamps.has(timestamp)) return DeleteResult.FamilyVersionDeleted;
    const marker = this.#column;
    if (marker === undefined) return DeleteResult.NotDeleted;
    const cmp = compareBytes(put.qualifier, marker.qualifier);
    assert(cmp >= 0, 'a column marker is never tracked past a Put of an earlier column');
    if (cmp > 0) {
      // A later column: the marker cannot mask anything any more.
      this.#column = undefined;
      return DeleteResult.NotDeleted;
    }
    if (marker.type === CellType.DeleteColumn) return DeleteResult.ColumnDeleted;
    if (timestamp === marker.timestamp) return DeleteResult.VersionDeleted;
    // An older version than the Delete's: it and everything after it are past this marker.
    this.#column = undefined;
    return DeleteResult.NotDeleted;
  }

  isEmpty(): boolean {
    return (
      this.#familyStamp === undefined &&
      this.#familyVersionStamps.size === 0 &&
      this.#column === undefined
    );
  }

  reset(): void {
    this.#familyStamp = undefined;
    // Set.clear allocates a new table even when the set is empty: a flush resets once per row.
    if (this.#familyVersionStamps.size > 0) this.#familyVersionStamps.clear();
    this.#column = undefined;
  }
}
