// HBase's Increment: atomic additions to 8-byte big-endian counters of one row. Invariant: every
// delta is a bigint within a signed 64-bit long, and an empty Increment is never sent.
import { InvalidArgumentError } from '../../common/errors.js';
import type * as engine from '../../common/mutations.js';
import {
  type BytesLike,
  booleanArg,
  checkRoomFor,
  deltaArg,
  familyArg,
  qualifierArg,
  quoteBytes,
} from './checks.js';
import { Mutation } from './mutation.js';

type IncrementColumn = engine.Increment['columns'][number];

export class Increment extends Mutation {
  readonly #columns: IncrementColumn[] = [];
  #returnResults = true;

  constructor(row: BytesLike) {
    super(row);
  }

  /** Adds `delta` to `family:qualifier` (a missing cell counts as 0); deltas are bigints: 1n. */
  addColumn(family: BytesLike, qualifier: BytesLike, delta: bigint): this {
    const column = { family: familyArg(family), qualifier: qualifierArg(qualifier) };
    const amount = deltaArg(delta);
    checkRoomFor(this.#columns.length, () => `Increment for row ${quoteBytes(this.getRow())}`);
    this.#columns.push({ ...column, amount });
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

  /** The engine's Increment; one with no columns is refused, as in HBase. */
  toOperation(): engine.Increment {
    if (this.#columns.length === 0) {
      throw new InvalidArgumentError(
        `Increment for row ${quoteBytes(this.getRow())} has no columns; add one with addColumn`,
      );
    }
    return this.withDurability({
      type: 'increment',
      row: this.getRow(),
      columns: [...this.#columns],
    });
  }
}
