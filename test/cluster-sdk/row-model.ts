// The cluster tests' reference: a table as plain maps holding each column's newest value (the
// tests read one version), with the reads the SDK offers computed the obvious way. Invariant:
// rows, families and qualifiers are compared as bytes, so its order is the cluster's.
import { compareBytes, toStringBinary } from '../../src/common/bytes.js';
import type { Result } from '../../src/client/index.js';

/** A cell as the tests compare them: `family:qualifier=value` (non-printable bytes escaped). */
export type CellText = string;

export function cellText(family: Buffer, qualifier: Buffer, value: Buffer): CellText {
  return `${family.toString()}:${toStringBinary(qualifier)}=${toStringBinary(value)}`;
}

/** A Result's cells as CellTexts, in the Result's order. */
export function resultCells(result: Result): CellText[] {
  return result.rawCells().map((c) => cellText(c.family, c.qualifier, c.value));
}

/** A row as the tests compare them. */
export interface RowText {
  readonly row: string;
  readonly cells: readonly CellText[];
}

export function resultText(result: Result): RowText {
  return { row: toStringBinary(result.getRow() ?? Buffer.alloc(0)), cells: resultCells(result) };
}

interface Column {
  readonly family: Buffer;
  readonly qualifier: Buffer;
  value: Buffer;
}

export interface ModelScan {
  readonly start?: string;
  readonly startInclusive?: boolean;
  readonly stop?: string;
  readonly stopInclusive?: boolean;
  readonly reversed?: boolean;
  readonly limit?: number;
}

const b = (s: string | Buffer): Buffer => (typeof s === 'string' ? Buffer.from(s) : s);

export class RowModel {
  /** row (binary string) → column key → column. */
  readonly #rows = new Map<string, Map<string, Column>>();

  put(row: string, family: string, qualifier: string | Buffer, value: string | Buffer): void {
    const columns = this.#rows.get(row) ?? new Map<string, Column>();
    this.#rows.set(row, columns);
    const f = b(family);
    const q = b(qualifier);
    columns.set(`${family}\u0000${q.toString('hex')}`, {
      family: f,
      qualifier: q,
      value: b(value),
    });
  }

  /** The newest value of a column. */
  value(row: string, family: string, qualifier: string): Buffer | undefined {
    return this.#rows.get(row)?.get(`${family}\u0000${b(qualifier).toString('hex')}`)?.value;
  }

  /** A counter's value (0 when missing), as the engine reads 8 big-endian bytes. */
  counter(row: string, family: string, qualifier: string): bigint {
    const value = this.value(row, family, qualifier);
    return value === undefined ? 0n : value.readBigInt64BE(0);
  }

  /** Adds to a counter and returns its new value. */
  increment(row: string, family: string, qualifier: string, amount: bigint): bigint {
    const next = BigInt.asIntN(64, this.counter(row, family, qualifier) + amount);
    const value = Buffer.alloc(8);
    value.writeBigInt64BE(next);
    this.put(row, family, qualifier, value);
    return next;
  }

  /** Appends to a column (creating it) and returns its new value. */
  append(row: string, family: string, qualifier: string, value: string): Buffer {
    const next = Buffer.concat([this.value(row, family, qualifier) ?? Buffer.alloc(0), b(value)]);
    this.put(row, family, qualifier, next);
    return next;
  }

  deleteColumn(row: string, family: string, qualifier: string): void {
    this.#rows.get(row)?.delete(`${family}\u0000${b(qualifier).toString('hex')}`);
    this.#prune(row);
  }

  deleteFamily(row: string, family: string): void {
    const columns = this.#rows.get(row);
    for (const [key, c] of columns ?? []) {
      if (c.family.toString() === family) columns?.delete(key);
    }
    this.#prune(row);
  }

  deleteRow(row: string): void {
    this.#rows.delete(row);
  }

  /** The row's cells in the cluster's order (family, then qualifier), optionally selected. */
  get(row: string, keep: (family: string, qualifier: Buffer) => boolean = () => true): CellText[] {
    const columns = [...(this.#rows.get(row)?.values() ?? [])].filter((c) =>
      keep(c.family.toString(), c.qualifier),
    );
    columns.sort(
      (x, y) => compareBytes(x.family, y.family) || compareBytes(x.qualifier, y.qualifier),
    );
    return columns.map((c) => cellText(c.family, c.qualifier, c.value));
  }

  /** Row keys in byte order. */
  rowKeys(): string[] {
    return [...this.#rows.keys()].sort((x, y) => compareBytes(b(x), b(y)));
  }

  /** A scan's rows: bounds in scan order (reversed: start is the larger key), then the limit. */
  scan(
    scan: ModelScan = {},
    keep: (family: string, qualifier: Buffer) => boolean = () => true,
  ): RowText[] {
    const reversed = scan.reversed ?? false;
    const keys = this.rowKeys();
    if (reversed) keys.reverse();
    const before = (x: string, y: string): number => {
      const c = compareBytes(b(x), b(y));
      return reversed ? -c : c;
    };
    const rows = keys.filter((row) => {
      if (scan.start !== undefined && scan.start !== '') {
        const c = before(row, scan.start);
        if (c < 0 || (c === 0 && scan.startInclusive === false)) return false;
      }
      if (scan.stop !== undefined && scan.stop !== '') {
        const c = before(row, scan.stop);
        if (c > 0 || (c === 0 && scan.stopInclusive !== true)) return false;
      }
      return true;
    });
    const texts = rows
      .map((row) => ({ row: toStringBinary(b(row)), cells: this.get(row, keep) }))
      .filter((r) => r.cells.length > 0);
    return scan.limit === undefined ? texts : texts.slice(0, scan.limit);
  }

  #prune(row: string): void {
    if (this.#rows.get(row)?.size === 0) this.#rows.delete(row);
  }
}
