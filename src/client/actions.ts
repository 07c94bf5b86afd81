// The client's operations as the calls that carry them (pure): a Get, Put or Delete becomes a
// multi action; an Increment, Append or RowMutations a mutateRow operation; and what each call
// returns becomes its Result. Invariant: an operation is converted (and so checked) before any
// call is made, so bad input fails at once, naming the action.
import { type Cell } from '../common/cell.js';
import { compareCells } from '../common/cell-comparator.js';
import { InvalidArgumentError } from '../common/errors.js';
import type { Mutation, RowOperation } from '../common/mutations.js';
import type { MultiAction } from '../regionserver/service/protocol.js';
import { Append, Delete, Get, Increment, Put, Result, RowMutations } from './ops/index.js';

/** What Table.batch takes (HBase's Row): reads and writes, each on one row. */
export type BatchAction = Get | Put | Delete | Increment | Append | RowMutations;

export interface PlannedAction {
  readonly index: number;
  readonly row: Buffer;
  /** Safe to send twice (an increment, append or checkAndMutate is not). */
  readonly idempotent: boolean;
  /** The multi action on a region (gets, puts, deletes). */
  readonly multi: ((region: string) => MultiAction) | undefined;
  /** A put's or delete's mutation: a region's several ride in one multi action. */
  readonly mutation?: Mutation;
  /** The mutateRow operation (increments, appends, RowMutations). */
  readonly operation: RowOperation | undefined;
  readonly toResult: (cells: readonly Cell[]) => Result;
}

/** A Get's Result: the cells (in the server's cell order), or only whether the row matched. */
export function getResult(get: Get, cells: readonly Cell[]): Result {
  if (get.isCheckExistenceOnly()) return new Result([], { exists: cells.length > 0 });
  return cells.length === 0 ? Result.EMPTY : new Result(cells);
}

/** The cells a write returned (an increment's new values), put in cell order for a Result. */
export function writeResult(cells: readonly Cell[], wanted = true): Result {
  if (!wanted || cells.length === 0) return Result.EMPTY;
  return new Result([...cells].sort(compareCells));
}

const empty = (): Result => Result.EMPTY;

/** Converts action `index` of a batch; InvalidArgument naming it when it is not one. */
export function planAction(action: unknown, index: number): PlannedAction {
  if (action instanceof Get) {
    const get = action.toSpec();
    return {
      index,
      row: action.getRow(),
      idempotent: true,
      multi: (region) => ({ kind: 'get', region, get }),
      operation: undefined,
      toResult: (cells) => getResult(action, cells),
    };
  }
  if (action instanceof Put || action instanceof Delete) {
    const mutation = action.toMutation();
    return {
      index,
      row: action.getRow(),
      idempotent: true,
      multi: (region) => ({ kind: 'mutate', region, mutations: [mutation] }),
      mutation,
      operation: undefined,
      toResult: empty,
    };
  }
  if (action instanceof Increment || action instanceof Append) {
    const wanted = action.isReturnResults();
    return {
      index,
      row: action.getRow(),
      idempotent: false,
      multi: undefined,
      operation: action.toOperation(),
      toResult: (cells) => writeResult(cells, wanted),
    };
  }
  if (action instanceof RowMutations) {
    return {
      index,
      row: action.getRow(),
      idempotent: true,
      multi: undefined,
      operation: action.toOperation(),
      toResult: empty,
    };
  }
  throw new InvalidArgumentError(
    `action ${index} is ${describeValue(action)}; a batch takes Get, Put, Delete, Increment, ` +
      'Append and RowMutations objects',
  );
}

/** A value as an error message names it: its class, or its type. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' ? `a ${name}` : 'an object';
  }
  return `a ${typeof value}`;
}
