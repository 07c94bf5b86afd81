// HBase's Get: a read of one row. Invariant: the row is a valid key and toSpec gives the engine's
// GetSpec with only the options that were set (the server applies HBase's defaults to the rest).
import type { GetSpec } from '../../common/operations.js';
import { type BytesLike, booleanArg, rowArg } from './checks.js';
import { Query } from './query.js';

export class Get extends Query {
  readonly #row: Buffer;
  #existenceOnly: boolean | undefined;

  constructor(row: BytesLike) {
    super();
    this.#row = rowArg(row);
  }

  getRow(): Buffer {
    return this.#row;
  }

  /** true: only whether the row has a matching cell (Table.exists). */
  setCheckExistenceOnly(existenceOnly: boolean): this {
    this.#existenceOnly = booleanArg(existenceOnly, 'checkExistenceOnly');
    return this;
  }

  isCheckExistenceOnly(): boolean {
    return this.#existenceOnly ?? false;
  }

  /** A copy with every option (HBase's `new Get(get)`). */
  clone(): Get {
    const copy = new Get(this.#row);
    copy.copyQueryFrom(this);
    copy.#existenceOnly = this.#existenceOnly;
    return copy;
  }

  toSpec(): GetSpec {
    const spec: { -readonly [K in keyof GetSpec]: GetSpec[K] } = { row: this.#row };
    this.readOptionsInto(spec);
    if (this.#existenceOnly !== undefined) spec.existenceOnly = this.#existenceOnly;
    return spec;
  }
}
