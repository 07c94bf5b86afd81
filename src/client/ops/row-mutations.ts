// HBase's RowMutations: Puts and Deletes on one row, applied atomically (Table.mutateRow).
// Invariant: every mutation held is on this object's row, and there are at most ROW_MUTATIONS_MAX.
import { bytesEqual } from '../../common/bytes.js';
import { InvalidArgumentError, LimitExceededError } from '../../common/errors.js';
import type * as engine from '../../common/mutations.js';
import { type BytesLike, quoteBytes, rowArg } from './checks.js';
import { Delete } from './delete.js';
import { ROW_MUTATIONS_MAX } from './limits.js';
import type { Row } from './mutation.js';
import { Put } from './put.js';

export class RowMutations implements Row {
  readonly #row: Buffer;
  readonly #mutations: (Put | Delete)[] = [];

  constructor(row: BytesLike) {
    this.#row = rowArg(row);
  }

  getRow(): Buffer {
    return this.#row;
  }

  /** Adds Puts and Deletes; each must be on this row (HBase: WrongRowIOException). */
  add(mutation: Put | Delete | readonly (Put | Delete)[]): this {
    const list = Array.isArray(mutation) ? mutation : [mutation];
    for (const m of list) this.#addOne(m);
    return this;
  }

  getMutations(): readonly (Put | Delete)[] {
    return [...this.#mutations];
  }

  /** The engine's RowMutations; each Put and Delete is converted now (an empty Put is refused). */
  toOperation(): engine.RowMutations {
    if (this.#mutations.length === 0) {
      throw new InvalidArgumentError(
        `RowMutations for row ${quoteBytes(this.#row)} holds no mutations; add a Put or Delete`,
      );
    }
    return {
      type: 'rowMutations',
      row: this.#row,
      mutations: this.#mutations.map((m) => m.toMutation()),
    };
  }

  #addOne(mutation: unknown): void {
    if (!(mutation instanceof Put) && !(mutation instanceof Delete)) {
      throw new InvalidArgumentError('RowMutations takes only Put and Delete objects');
    }
    if (!bytesEqual(mutation.getRow(), this.#row)) {
      throw new InvalidArgumentError(
        `a mutation on row ${quoteBytes(mutation.getRow())} cannot join ` +
          `RowMutations for row ${quoteBytes(this.#row)}`,
      );
    }
    if (this.#mutations.length >= ROW_MUTATIONS_MAX) {
      throw new LimitExceededError(
        `RowMutations for row ${quoteBytes(this.#row)} already holds ` +
          `${this.#mutations.length} mutations; ROW_MUTATIONS_MAX is ${ROW_MUTATIONS_MAX}`,
      );
    }
    this.#mutations.push(mutation);
  }
}
