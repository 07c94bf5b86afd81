// HBase's CheckAndMutate (2.4+): an atomic compare-and-set on one row, built by its Builder.
// Invariant: a built CheckAndMutate has exactly one condition and an action on the checked row.
// The comparison reads `value op stored`, as in HBase and the engine (see CheckCondition).
import { bytesEqual } from '../../common/bytes.js';
import { InvalidArgumentError } from '../../common/errors.js';
import { checkFilterSpec } from '../../common/filter/check.js';
import { COMPARE_OPS, type CompareOp, type FilterSpec } from '../../common/filter/spec.js';
import type * as engine from '../../common/mutations.js';
import type { TimeRange } from '../../common/operations.js';
import { Append } from './append.js';
import {
  type BytesLike,
  familyArg,
  qualifierArg,
  quoteBytes,
  rowArg,
  timeRangeArg,
  valueArg,
} from './checks.js';
import { Delete } from './delete.js';
import { Increment } from './increment.js';
import { Put } from './put.js';
import { RowMutations } from './row-mutations.js';

/** What a CheckAndMutate may do when its condition holds. */
export type CheckAndMutateAction = Put | Delete | Increment | Append | RowMutations;

type ColumnCondition = Extract<engine.CheckCondition, { kind: 'column' }>;
type Condition =
  Omit<ColumnCondition, 'timeRange'> | { readonly kind: 'filter'; readonly filter: FilterSpec };

export class CheckAndMutate {
  readonly #row: Buffer;
  readonly #condition: engine.CheckCondition;
  readonly #action: CheckAndMutateAction;

  /** Use CheckAndMutate.newBuilder(row). */
  private constructor(row: Buffer, condition: engine.CheckCondition, action: CheckAndMutateAction) {
    this.#row = row;
    this.#condition = condition;
    this.#action = action;
  }

  static newBuilder(row: BytesLike): CheckAndMutateBuilder {
    return new CheckAndMutateBuilder(rowArg(row), (r, c, a) => new CheckAndMutate(r, c, a));
  }

  getRow(): Buffer {
    return this.#row;
  }

  getAction(): CheckAndMutateAction {
    return this.#action;
  }

  /** The engine's request; converts the action now (an empty Put is refused). */
  toOperation(): engine.CheckAndMutate {
    return { row: this.#row, condition: this.#condition, action: this.#action.toOperation() };
  }
}

type Make = (
  row: Buffer,
  condition: engine.CheckCondition,
  action: CheckAndMutateAction,
) => CheckAndMutate;

/**
 * Sets one condition, optionally a time range, then `build(action)`. Only the newest version of
 * the column (within the time range) is checked. `ifMatches(f, q, op, v)` compares as HBase does,
 * `v op stored`: 'LESS' passes when v < the stored value, 'GREATER' when v > it.
 */
export class CheckAndMutateBuilder {
  readonly #row: Buffer;
  readonly #make: Make;
  #condition: Condition | undefined;
  #timeRange: TimeRange | undefined;

  /** Use CheckAndMutate.newBuilder(row). */
  constructor(row: Buffer, make: Make) {
    this.#row = row;
    this.#make = make;
  }

  /** The column must not exist. */
  ifNotExists(family: BytesLike, qualifier: BytesLike): this {
    return this.#column(family, qualifier, 'EQUAL', null);
  }

  /** The column's newest value must equal `value`. */
  ifEquals(family: BytesLike, qualifier: BytesLike, value: BytesLike): this {
    return this.#column(family, qualifier, 'EQUAL', valueArg(value));
  }

  /** `value op stored` must hold (see the class comment); or the row must pass `filter`. */
  ifMatches(filter: FilterSpec): this;
  ifMatches(family: BytesLike, qualifier: BytesLike, op: CompareOp, value: BytesLike): this;
  ifMatches(
    familyOrFilter: BytesLike | FilterSpec,
    qualifier?: BytesLike,
    op?: CompareOp,
    value?: BytesLike,
  ): this {
    if (typeof familyOrFilter === 'string' || familyOrFilter instanceof Uint8Array) {
      return this.#column(familyOrFilter, qualifier, compareOpArg(op), valueArg(value));
    }
    return this.#set({ kind: 'filter', filter: checkFilterSpec(familyOrFilter) });
  }

  /** Checks only versions in [minTs, maxTs) (ms). */
  timeRange(minTs: number, maxTs: number): this {
    this.#timeRange = timeRangeArg(minTs, maxTs);
    return this;
  }

  /** The action must be on the checked row (HBase: IllegalArgumentException). */
  build(action: CheckAndMutateAction): CheckAndMutate {
    const condition = this.#condition;
    if (condition === undefined) {
      throw new InvalidArgumentError(
        `CheckAndMutate on row ${quoteBytes(this.#row)} has no condition; ` +
          'call ifNotExists, ifEquals or ifMatches before build',
      );
    }
    if (!isAction(action)) {
      throw new InvalidArgumentError(
        'CheckAndMutate takes a Put, Delete, Increment, Append or RowMutations',
      );
    }
    if (!bytesEqual(action.getRow(), this.#row)) {
      throw new InvalidArgumentError(
        `the action's row ${quoteBytes(action.getRow())} is not the checked row ` +
          quoteBytes(this.#row),
      );
    }
    const full: engine.CheckCondition =
      this.#timeRange === undefined ? condition : { ...condition, timeRange: this.#timeRange };
    return this.#make(this.#row, full, action);
  }

  #column(family: BytesLike, qualifier: unknown, op: CompareOp, value: Buffer | null): this {
    return this.#set({
      kind: 'column',
      family: familyArg(family),
      qualifier: qualifierArg(qualifier),
      op,
      value,
    });
  }

  #set(condition: Condition): this {
    if (this.#condition !== undefined) {
      throw new InvalidArgumentError(
        `CheckAndMutate on row ${quoteBytes(this.#row)} already has a condition; it takes one`,
      );
    }
    this.#condition = condition;
    return this;
  }
}

function compareOpArg(op: unknown): CompareOp {
  const found = COMPARE_OPS.find((o) => o === op);
  if (found === undefined) {
    throw new InvalidArgumentError(
      `compare op is ${String(op)}; it must be one of ${COMPARE_OPS.join(', ')}`,
    );
  }
  return found;
}

function isAction(action: unknown): action is CheckAndMutateAction {
  return (
    action instanceof Put ||
    action instanceof Delete ||
    action instanceof Increment ||
    action instanceof Append ||
    action instanceof RowMutations
  );
}
