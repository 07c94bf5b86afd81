// The columns a Get or Scan asks for, with HBase's merging rules: addFamily takes the whole family
// (dropping qualifiers named before); addColumn after addFamily narrows the family to the named
// qualifiers, as HBase's Get and Scan do. Invariant: families and qualifiers come out sorted and
// unique.
// Kept small, because a Get is made per read: families and qualifiers live in arrays searched by
// content, and a Map index (by latin1 form) is built only once a list passes INDEX_AFTER items.
import { bytesEqual, compareBytes } from '../../common/bytes.js';
import type { ColumnSelection } from '../../common/operations.js';
import { checkRoomFor } from './checks.js';

/** Items a list holds before it gets a Map index (a linear search below this is cheaper). */
const INDEX_AFTER = 8;

/** Distinct byte strings in arrival order, found by content. */
class ByteList {
  readonly items: Buffer[] = [];
  #index: Map<string, number> | undefined;

  indexOf(bytes: Buffer): number {
    if (this.#index !== undefined) return this.#index.get(bytes.toString('latin1')) ?? -1;
    const items = this.items;
    for (let i = 0; i < items.length; i++) if (bytesEqual(items[i] as Buffer, bytes)) return i;
    return -1;
  }

  /** Adds `bytes` (not already present); returns its position. */
  push(bytes: Buffer): number {
    const at = this.items.push(bytes) - 1;
    if (this.#index !== undefined) this.#index.set(bytes.toString('latin1'), at);
    else if (this.items.length > INDEX_AFTER) {
      this.#index = new Map(this.items.map((item, i) => [item.toString('latin1'), i]));
    }
    return at;
  }

  copy(): ByteList {
    const out = new ByteList();
    for (const item of this.items) out.push(item);
    return out;
  }
}

export class ColumnSet {
  #families = new ByteList();
  /** Per family (same positions): its qualifiers, or undefined for the whole family. */
  #qualifiers: (ByteList | undefined)[] = [];
  #qualifierCount = 0;

  addFamily(family: Buffer): void {
    const at = this.#familyAt(family);
    this.#qualifierCount -= this.#qualifiers[at]?.items.length ?? 0;
    this.#qualifiers[at] = undefined;
  }

  addColumn(family: Buffer, qualifier: Buffer): void {
    const at = this.#familyAt(family);
    let qualifiers = this.#qualifiers[at];
    if (qualifiers === undefined) {
      qualifiers = new ByteList();
      this.#qualifiers[at] = qualifiers;
    }
    if (qualifiers.indexOf(qualifier) >= 0) return;
    checkRoomFor(this.#qualifierCount, 'the column list');
    qualifiers.push(qualifier);
    this.#qualifierCount++;
  }

  isEmpty(): boolean {
    return this.#families.items.length === 0;
  }

  /** Sorted by family; each family's qualifiers sorted; undefined qualifiers = whole family. */
  toSelections(): ColumnSelection[] {
    const families = this.#families.items;
    const out: ColumnSelection[] = families.map((family, i) => {
      const qualifiers = this.#qualifiers[i];
      if (qualifiers === undefined) return { family };
      const list = qualifiers.items.slice();
      if (list.length > 1) list.sort(compareBytes);
      return { family, qualifiers: list };
    });
    if (out.length > 1) out.sort((a, b) => compareBytes(a.family, b.family));
    return out;
  }

  copyFrom(other: ColumnSet): void {
    this.#families = other.#families.copy();
    this.#qualifiers = other.#qualifiers.map((q) => q?.copy());
    this.#qualifierCount = other.#qualifierCount;
  }

  /** The family's position, adding it (as a whole family) when new. */
  #familyAt(family: Buffer): number {
    const at = this.#families.indexOf(family);
    if (at >= 0) return at;
    this.#qualifiers.push(undefined);
    return this.#families.push(family);
  }
}
