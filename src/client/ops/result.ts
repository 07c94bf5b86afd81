// HBase's Result: the cells of one row as a read returned them, in HBase's cell order (family,
// qualifier ascending; newest version first). Invariant: cells are never reordered or copied, so
// column lookups can binary-search them and rawCells() is exactly what the server sent.
import { assert } from '../../common/assert.js';
import { bytesEqual, compareBytes, toStringBinary, utf8Decode } from '../../common/bytes.js';
import { type Cell, cellTypeName } from '../../common/cell.js';
import { InvalidArgumentError } from '../../common/errors.js';
import { type BytesLike, bytesArg, quoteBytes } from './checks.js';

const LONG_BYTES = 8;

/** Extra facts a read may report beside the cells. */
export interface ResultOptions {
  /** A Get with setCheckExistenceOnly: whether the row had a matching cell. */
  readonly exists?: boolean;
  /** With Scan.setBatch: more cells of this row follow in the next Result. */
  readonly mayHaveMoreCellsInRow?: boolean;
}

export class Result {
  static readonly EMPTY = new Result([]);
  readonly #cells: readonly Cell[];
  readonly #exists: boolean | undefined;
  readonly #partial: boolean;

  /** `cells`: one row's cells in cell order, as the region server returns them. */
  constructor(cells: readonly Cell[], options: ResultOptions = {}) {
    assertOneRowInOrder(cells);
    this.#cells = cells;
    this.#exists = options.exists;
    this.#partial = options.mayHaveMoreCellsInRow ?? false;
  }

  static create(cells: readonly Cell[], options: ResultOptions = {}): Result {
    return new Result(cells, options);
  }

  /** The row key; undefined for an empty Result (HBase: null). */
  getRow(): Buffer | undefined {
    return this.#cells[0]?.row;
  }

  isEmpty(): boolean {
    return this.#cells.length === 0;
  }

  /** Number of cells. */
  size(): number {
    return this.#cells.length;
  }

  rawCells(): readonly Cell[] {
    return this.#cells;
  }

  /** Existence-only Gets: whether the row matched; undefined for other reads. */
  getExists(): boolean | undefined {
    return this.#exists;
  }

  mayHaveMoreCellsInRow(): boolean {
    return this.#partial;
  }

  /** The first cell's value (HBase's value()). */
  value(): Buffer | undefined {
    return this.#cells[0]?.value;
  }

  /** The newest version's value of `family:qualifier`, or undefined. */
  getValue(family: BytesLike, qualifier: BytesLike): Buffer | undefined {
    return this.getColumnLatestCell(family, qualifier)?.value;
  }

  /** The newest version of `family:qualifier` (the first in cell order), or undefined. */
  getColumnLatestCell(family: BytesLike, qualifier: BytesLike): Cell | undefined {
    const [f, q] = column(family, qualifier);
    const cell = this.#cells[this.#firstAtOrAfter(f, q)];
    return cell !== undefined && isColumn(cell, f, q) ? cell : undefined;
  }

  /** Every version of `family:qualifier` present, newest first. */
  getColumnCells(family: BytesLike, qualifier: BytesLike): Cell[] {
    const [f, q] = column(family, qualifier);
    const out: Cell[] = [];
    for (let i = this.#firstAtOrAfter(f, q); i < this.#cells.length; i++) {
      const cell = this.#cells[i];
      if (cell === undefined || !isColumn(cell, f, q)) break;
      out.push(cell);
    }
    return out;
  }

  containsColumn(family: BytesLike, qualifier: BytesLike): boolean {
    return this.getColumnLatestCell(family, qualifier) !== undefined;
  }

  /** The column is present and its newest value is empty. */
  containsEmptyColumn(family: BytesLike, qualifier: BytesLike): boolean {
    return this.getValue(family, qualifier)?.length === 0;
  }

  /** The column is present and its newest value is not empty. */
  containsNonEmptyColumn(family: BytesLike, qualifier: BytesLike): boolean {
    return (this.getValue(family, qualifier)?.length ?? 0) > 0;
  }

  /**
   * An 8-byte big-endian signed counter (what Increment writes; HBase's Bytes.toLong on getValue),
   * or undefined when the column is absent. A value of another length is refused.
   */
  getValueAsBigInt(family: BytesLike, qualifier: BytesLike): bigint | undefined {
    const value = this.getValue(family, qualifier);
    if (value === undefined) return undefined;
    if (value.length !== LONG_BYTES) {
      throw new InvalidArgumentError(
        `value ${quoteBytes(value)} of ${toStringBinary(bytesArg(family, 'family'))}:` +
          `${toStringBinary(bytesArg(qualifier, 'qualifier'))} is ${value.length} bytes; ` +
          `a counter is ${LONG_BYTES}`,
      );
    }
    return value.readBigInt64BE(0);
  }

  /**
   * The newest value of each qualifier of `family`, in qualifier order. Keys are qualifiers in
   * HBase's toStringBinary form: printable ASCII as itself, any other byte as `\xNN`, so no two
   * qualifiers share a key and toBytesBinary(key) gives the bytes back. ('name' stays 'name'.)
   */
  getFamilyMap(family: BytesLike): Map<string, Buffer> {
    const f = bytesArg(family, 'family');
    const out = new Map<string, Buffer>();
    for (const cell of this.#cells) {
      if (!bytesEqual(cell.family, f)) continue;
      const key = toStringBinary(cell.qualifier);
      if (!out.has(key)) out.set(key, cell.value);
    }
    return out;
  }

  /**
   * family → qualifier → newest value. Family keys are family names (UTF-8, as in the table's
   * schema); qualifier keys are as in getFamilyMap. Both in byte order.
   */
  getNoVersionMap(): Map<string, Map<string, Buffer>> {
    const out = new Map<string, Map<string, Buffer>>();
    for (const cell of this.#cells) {
      const qualifiers = familyEntry(out, cell);
      const key = toStringBinary(cell.qualifier);
      if (!qualifiers.has(key)) qualifiers.set(key, cell.value);
    }
    return out;
  }

  /**
   * family → qualifier → timestamp → value; keys as in getNoVersionMap; newest version first.
   * Two cells at one timestamp (a raw read's marker and Put) keep the first in cell order.
   */
  getMap(): Map<string, Map<string, Map<number, Buffer>>> {
    const out = new Map<string, Map<string, Map<number, Buffer>>>();
    for (const cell of this.#cells) {
      const qualifiers = familyEntry(out, cell);
      const key = toStringBinary(cell.qualifier);
      let versions = qualifiers.get(key);
      if (versions === undefined) {
        versions = new Map();
        qualifiers.set(key, versions);
      }
      if (!versions.has(cell.timestamp)) versions.set(cell.timestamp, cell.value);
    }
    return out;
  }

  /** HBase's form: `keyvalues={row/family:qualifier/timestamp/Type/vlen=N/seqid=S, ...}`. */
  toString(): string {
    if (this.#cells.length === 0) return 'keyvalues=NONE';
    const cells = this.#cells.map(
      (c) =>
        `${toStringBinary(c.row)}/${toStringBinary(c.family)}:${toStringBinary(c.qualifier)}/` +
        `${c.timestamp}/${cellTypeName(c.type)}/vlen=${c.value.length}/seqid=${c.sequenceId}`,
    );
    return `keyvalues={${cells.join(', ')}}`;
  }

  /** The index of the first cell whose column is at or after `f:q` (cells are in column order). */
  #firstAtOrAfter(f: Buffer, q: Buffer): number {
    let low = 0;
    let high = this.#cells.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const cell = this.#cells[mid] as Cell;
      const c = compareBytes(cell.family, f) || compareBytes(cell.qualifier, q);
      if (c < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** Programmer check on the SDK's own decoding: one row, columns in ascending order. */
function assertOneRowInOrder(cells: readonly Cell[]): void {
  for (let i = 1; i < cells.length; i++) {
    const a = cells[i - 1] as Cell;
    const b = cells[i] as Cell;
    // Cells decoded from one block share their row's and family's bytes: identity answers first.
    assert(a.row === b.row || bytesEqual(a.row, b.row), 'a Result holds the cells of one row');
    const byFamily = a.family === b.family ? 0 : compareBytes(a.family, b.family);
    const c = byFamily || compareBytes(a.qualifier, b.qualifier);
    assert(c <= 0, 'a Result holds its cells in cell order');
  }
}

function column(family: BytesLike, qualifier: BytesLike): [Buffer, Buffer] {
  return [bytesArg(family, 'family'), bytesArg(qualifier, 'qualifier')];
}

function isColumn(cell: Cell, family: Buffer, qualifier: Buffer): boolean {
  return bytesEqual(cell.family, family) && bytesEqual(cell.qualifier, qualifier);
}

function familyEntry<V>(out: Map<string, Map<string, V>>, cell: Cell): Map<string, V> {
  const name = utf8Decode(cell.family);
  let entry = out.get(name);
  if (entry === undefined) {
    entry = new Map();
    out.set(name, entry);
  }
  return entry;
}
