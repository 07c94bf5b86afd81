// The columns a Get or Scan asks for, with HBase's merging rules: addFamily takes the whole family
// (dropping qualifiers named before); addColumn after addFamily narrows the family to the named
// qualifiers, as HBase's Get and Scan do. Invariant: families and qualifiers come out sorted and
// unique.
import { compareBytes } from '../../common/bytes.js';
import type { ColumnSelection } from '../../common/operations.js';
import { checkRoomFor } from './checks.js';

interface FamilyColumns {
  readonly family: Buffer;
  /** Undefined: the whole family. Keyed by the qualifier's hex form. */
  readonly qualifiers: Map<string, Buffer> | undefined;
}

export class ColumnSet {
  readonly #families = new Map<string, FamilyColumns>();
  #qualifierCount = 0;

  addFamily(family: Buffer): void {
    const entry = this.#families.get(family.toString('hex'));
    this.#qualifierCount -= entry?.qualifiers?.size ?? 0;
    this.#families.set(family.toString('hex'), { family, qualifiers: undefined });
  }

  addColumn(family: Buffer, qualifier: Buffer): void {
    const key = family.toString('hex');
    let qualifiers = this.#families.get(key)?.qualifiers;
    if (qualifiers === undefined) {
      qualifiers = new Map<string, Buffer>();
      this.#families.set(key, { family, qualifiers });
    }
    const qualifierKey = qualifier.toString('hex');
    if (qualifiers.has(qualifierKey)) return;
    checkRoomFor(this.#qualifierCount, 'the column list');
    qualifiers.set(qualifierKey, qualifier);
    this.#qualifierCount++;
  }

  isEmpty(): boolean {
    return this.#families.size === 0;
  }

  /** Sorted by family; each family's qualifiers sorted; undefined qualifiers = whole family. */
  toSelections(): ColumnSelection[] {
    const entries = [...this.#families.values()].sort((a, b) => compareBytes(a.family, b.family));
    return entries.map(({ family, qualifiers }) =>
      qualifiers === undefined
        ? { family }
        : { family, qualifiers: [...qualifiers.values()].sort(compareBytes) },
    );
  }

  copyFrom(other: ColumnSet): void {
    this.#families.clear();
    for (const [key, { family, qualifiers }] of other.#families) {
      this.#families.set(key, {
        family,
        qualifiers: qualifiers === undefined ? undefined : new Map(qualifiers),
      });
    }
    this.#qualifierCount = other.#qualifierCount;
  }
}
