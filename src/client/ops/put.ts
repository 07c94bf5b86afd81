// HBase's Put: cells to write to one row. Invariant: every cell is within the cell limits when it
// is added, and a Put only becomes the engine's Put (toMutation) when it holds at least one cell.
import { InvalidArgumentError } from '../../common/errors.js';
import type * as engine from '../../common/mutations.js';
import {
  type BytesLike,
  checkCellSize,
  checkRoomFor,
  familyArg,
  qualifierArg,
  quoteBytes,
  timestampArg,
  valueArg,
} from './checks.js';
import { Mutation } from './mutation.js';

export class Put extends Mutation {
  readonly #timestamp: number | undefined;
  readonly #cells: engine.PutCell[] = [];

  /**
   * `timestamp` (ms) is the default version of every cell added without one; without it the
   * region server stamps each cell with its clock (HBase's LATEST_TIMESTAMP).
   */
  constructor(row: BytesLike, timestamp?: number) {
    super(row);
    this.#timestamp = timestamp === undefined ? undefined : timestampArg(timestamp);
  }

  /** Adds `family:qualifier` = `value`, at `timestamp` (ms) when given. */
  addColumn(family: BytesLike, qualifier: BytesLike, value: BytesLike): this;
  addColumn(family: BytesLike, qualifier: BytesLike, timestamp: number, value: BytesLike): this;
  addColumn(
    family: BytesLike,
    qualifier: BytesLike,
    timestampOrValue: number | BytesLike,
    value?: BytesLike,
  ): this {
    const withTimestamp = value !== undefined;
    const cell = {
      family: familyArg(family),
      qualifier: qualifierArg(qualifier),
      value: valueArg(withTimestamp ? value : timestampOrValue),
    };
    const timestamp = withTimestamp ? timestampArg(timestampOrValue) : this.#timestamp;
    checkCellSize(this.getRow(), cell.family, cell.qualifier, cell.value);
    checkRoomFor(this.#cells.length, () => `Put for row ${quoteBytes(this.getRow())}`);
    this.#cells.push(timestamp === undefined ? cell : { ...cell, timestamp });
    return this;
  }

  isEmpty(): boolean {
    return this.#cells.length === 0;
  }

  /** Cells added so far. */
  size(): number {
    return this.#cells.length;
  }

  /** The engine's Put; an empty Put is refused (HBase: IllegalArgumentException). */
  toMutation(): engine.Put {
    if (this.#cells.length === 0) {
      throw new InvalidArgumentError(
        `Put for row ${quoteBytes(this.getRow())} has no columns; add one with addColumn`,
      );
    }
    return this.withDurability({ type: 'put', row: this.getRow(), cells: [...this.#cells] });
  }

  /** The same as toMutation (Row). */
  toOperation(): engine.Put {
    return this.toMutation();
  }
}
