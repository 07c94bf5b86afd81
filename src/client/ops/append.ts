// HBase's Append: bytes appended atomically to columns of one row (a missing cell is created).
// Invariant: every column is within the cell limits when added; an empty Append is never sent.
import { InvalidArgumentError } from '../../common/errors.js';
import type * as engine from '../../common/mutations.js';
import {
  type BytesLike,
  booleanArg,
  checkCellSize,
  checkRoomFor,
  familyArg,
  qualifierArg,
  quoteBytes,
  valueArg,
} from './checks.js';
import { Mutation } from './mutation.js';

type AppendColumn = engine.Append['columns'][number];

export class Append extends Mutation {
  readonly #columns: AppendColumn[] = [];
  #returnResults = true;

  constructor(row: BytesLike) {
    super(row);
  }

  /** Appends `value` to `family:qualifier`. */
  addColumn(family: BytesLike, qualifier: BytesLike, value: BytesLike): this {
    const column = {
      family: familyArg(family),
      qualifier: qualifierArg(qualifier),
      value: valueArg(value),
    };
    checkCellSize(this.getRow(), column.family, column.qualifier, column.value);
    checkRoomFor(this.#columns.length, () => `Append for row ${quoteBytes(this.getRow())}`);
    this.#columns.push(column);
    return this;
  }

  /** false: the table call returns an empty Result instead of the new values (client-side). */
  setReturnResults(returnResults: boolean): this {
    this.#returnResults = booleanArg(returnResults, 'returnResults');
    return this;
  }

  isReturnResults(): boolean {
    return this.#returnResults;
  }

  isEmpty(): boolean {
    return this.#columns.length === 0;
  }

  size(): number {
    return this.#columns.length;
  }

  /** The engine's Append; one with no columns is refused, as in HBase. */
  toOperation(): engine.Append {
    if (this.#columns.length === 0) {
      throw new InvalidArgumentError(
        `Append for row ${quoteBytes(this.getRow())} has no columns; add one with addColumn`,
      );
    }
    return this.withDurability({ type: 'append', row: this.getRow(), columns: [...this.#columns] });
  }
}
