// HBase's Delete: delete markers for one row, as the engine's DeleteTargets (hbase-features.md
// §1.4). Invariant: each call maps to exactly the marker kind HBase's Delete writes for it, with
// the constructor's timestamp standing in wherever HBase's code uses it (`this.ts`).
import { bytesEqual } from '../../common/bytes.js';
import type * as engine from '../../common/mutations.js';
import {
  type BytesLike,
  checkRoomFor,
  familyArg,
  qualifierArg,
  quoteBytes,
  timestampArg,
} from './checks.js';
import { Mutation } from './mutation.js';

export class Delete extends Mutation {
  readonly #timestamp: number | undefined;
  #targets: engine.DeleteTarget[] = [];

  /**
   * With nothing added, deletes the whole row: every column of every family with a version at or
   * before `timestamp` (default: now). As HBase's code does (its javadoc says otherwise),
   * `timestamp` is also the default of addFamily, addColumn and addColumns given none.
   */
  constructor(row: BytesLike, timestamp?: number) {
    super(row);
    this.#timestamp = timestamp === undefined ? undefined : timestampArg(timestamp);
  }

  /**
   * Every column of `family` with a version at or before `timestamp` (a DeleteFamily marker).
   * Replaces whatever this Delete held for the family before, as in HBase.
   */
  addFamily(family: BytesLike, timestamp?: number): this {
    const f = familyArg(family);
    const ts = this.#timestampOr(timestamp);
    this.#targets = this.#targets.filter((t) => !bytesEqual(t.family, f));
    this.#add(
      ts === undefined
        ? { kind: 'family', family: f }
        : { kind: 'family', family: f, timestamp: ts },
    );
    return this;
  }

  /** Every column's version at exactly `timestamp` in `family` (a DeleteFamilyVersion marker). */
  addFamilyVersion(family: BytesLike, timestamp: number): this {
    const f = familyArg(family);
    this.#add({ kind: 'familyVersion', family: f, timestamp: timestampArg(timestamp) });
    return this;
  }

  /**
   * One version of `family:qualifier` (a Delete marker): the one at exactly `timestamp`, or without
   * one (and no constructor timestamp) the newest, found by the server ("expensive" in HBase).
   */
  addColumn(family: BytesLike, qualifier: BytesLike, timestamp?: number): this {
    this.#addColumnTarget('version', family, qualifier, timestamp);
    return this;
  }

  /** Every version of `family:qualifier` at or before `timestamp`, default now (DeleteColumn). */
  addColumns(family: BytesLike, qualifier: BytesLike, timestamp?: number): this {
    this.#addColumnTarget('column', family, qualifier, timestamp);
    return this;
  }

  /** True for a whole-row delete. */
  isEmpty(): boolean {
    return this.#targets.length === 0;
  }

  /** Markers added so far. */
  size(): number {
    return this.#targets.length;
  }

  /** The engine's Delete; no targets means the whole row, at the constructor's timestamp. */
  toMutation(): engine.Delete {
    const base = { type: 'delete' as const, row: this.getRow(), targets: [...this.#targets] };
    // The engine reads `timestamp` only for a whole-row delete: send it only then.
    if (this.#targets.length === 0 && this.#timestamp !== undefined) {
      return this.withDurability({ ...base, timestamp: this.#timestamp });
    }
    return this.withDurability(base);
  }

  /** The same as toMutation (Row). */
  toOperation(): engine.Delete {
    return this.toMutation();
  }

  #addColumnTarget(
    kind: 'version' | 'column',
    family: BytesLike,
    qualifier: BytesLike,
    timestamp: number | undefined,
  ): void {
    const f = familyArg(family);
    const q = qualifierArg(qualifier);
    const ts = this.#timestampOr(timestamp);
    this.#add(
      ts === undefined
        ? { kind, family: f, qualifier: q }
        : { kind, family: f, qualifier: q, timestamp: ts },
    );
  }

  #timestampOr(timestamp: number | undefined): number | undefined {
    return timestamp === undefined ? this.#timestamp : timestampArg(timestamp);
  }

  #add(target: engine.DeleteTarget): void {
    checkRoomFor(this.#targets.length, () => `Delete for row ${quoteBytes(this.getRow())}`);
    this.#targets.push(target);
  }
}
