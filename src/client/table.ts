// HBase's Table: the data operations on one table, each sent to the region server holding its
// row (found through meta, cached) and retried with backoff until the operation's deadline.
// Invariant: every operation is checked and converted before the first call, so bad input fails
// at once with a typed error; lists keep the request's order in their results.
import { InternalError, InvalidArgumentError, LimitExceededError } from '../common/errors.js';
import {
  describeValue,
  getResult,
  planAction,
  writeResult,
  type BatchAction,
  type PlannedAction,
} from './actions.js';
import { runBatch } from './batch-runner.js';
import { callRegion, type ClientContext, type RegionCall } from './client-context.js';
import {
  RetriesExhaustedWithDetailsError,
  TableNotEnabledError,
  TableNotFoundError,
} from './errors.js';
import { BATCH_ACTIONS_MAX } from './limits.js';
import {
  Append,
  CheckAndMutate,
  CheckAndMutateResult,
  Delete,
  Get,
  Increment,
  Put,
  Result,
  RowMutations,
  Scan,
  type BytesLike,
} from './ops/index.js';
import { ResultScanner } from './result-scanner.js';
import { describeOperation } from './retry.js';

type Class<T> = Function & { readonly prototype: T };

function checkInstance<T>(value: unknown, type: Class<T>, what: string): T {
  if (!(value instanceof type)) {
    throw new InvalidArgumentError(`${what} takes a ${type.name}; got ${describeValue(value)}`);
  }
  return value as T;
}

export class Table {
  readonly #ctx: ClientContext;
  readonly #name: string;

  /** Use Connection.getTable. */
  constructor(ctx: ClientContext, name: string) {
    this.#ctx = ctx;
    this.#name = name;
  }

  getName(): string {
    return this.#name;
  }

  /** One row (an empty Result when nothing matches), or many in request order. */
  get(get: Get): Promise<Result>;
  get(gets: readonly Get[]): Promise<Result[]>;
  async get(get: Get | readonly Get[]): Promise<Result | Result[]> {
    if (Array.isArray(get)) return this.#list(get as readonly unknown[], Get, 'get');
    const one = checkInstance(get, Get, 'Table.get');
    const spec = one.toSpec();
    return this.#call('get', one.getRow(), true, async (stub, region, timeoutMs) => {
      const { cells } = await stub.get({ region, get: spec }, { timeoutMs });
      return getResult(one, cells.list);
    });
  }

  /** Whether the Get matches a cell (HBase's exists; only existence crosses the wire back). */
  exists(get: Get): Promise<boolean>;
  exists(gets: readonly Get[]): Promise<boolean[]>;
  async exists(get: Get | readonly Get[]): Promise<boolean | boolean[]> {
    const probe = (g: unknown): Get =>
      checkInstance(g, Get, 'Table.exists').clone().setCheckExistenceOnly(true);
    if (Array.isArray(get)) {
      const results = await this.get((get as readonly unknown[]).map(probe));
      return results.map((r) => r.getExists() === true);
    }
    return (await this.get(probe(get))).getExists() === true;
  }

  put(put: Put | readonly Put[]): Promise<void> {
    return this.#write(put, Put, 'put');
  }

  delete(del: Delete | readonly Delete[]): Promise<void> {
    return this.#write(del, Delete, 'delete');
  }

  /**
   * Gets and writes of many rows (HBase's batch): grouped per region server, sent in parallel,
   * each retried on its own. Results in request order: the Get's Result, the new values of an
   * Increment or Append, an empty Result for the others. If any action fails, the call fails
   * with RetriesExhaustedWithDetails, whose `results` hold every outcome.
   */
  async batch(actions: readonly BatchAction[]): Promise<Result[]> {
    const planned = this.#plan(actions, 'Table.batch');
    return this.#run(planned, 'batch');
  }

  /** Atomic additions to counters of one row; their new values (unless setReturnResults(false)). */
  async increment(increment: Increment): Promise<Result> {
    const inc = checkInstance(increment, Increment, 'Table.increment');
    return this.#mutateRow('increment', inc.getRow(), inc.toOperation(), false, (cells) =>
      writeResult(cells, inc.isReturnResults()),
    );
  }

  /** HBase's incrementColumnValue: one counter, its new value. */
  async incrementColumnValue(
    row: BytesLike,
    family: BytesLike,
    qualifier: BytesLike,
    amount: bigint,
  ): Promise<bigint> {
    const result = await this.increment(new Increment(row).addColumn(family, qualifier, amount));
    const value = result.getValueAsBigInt(family, qualifier);
    if (value === undefined) throw new InternalError('the increment returned no value');
    return value;
  }

  /** Appends to values of one row, atomically; the new values (unless setReturnResults(false)). */
  async append(append: Append): Promise<Result> {
    const app = checkInstance(append, Append, 'Table.append');
    return this.#mutateRow('append', app.getRow(), app.toOperation(), false, (cells) =>
      writeResult(cells, app.isReturnResults()),
    );
  }

  /** Puts and Deletes of one row, applied atomically. */
  async mutateRow(mutations: RowMutations): Promise<Result> {
    const rm = checkInstance(mutations, RowMutations, 'Table.mutateRow');
    return this.#mutateRow('mutateRow', rm.getRow(), rm.toOperation(), true, (c) => writeResult(c));
  }

  /** An atomic check (HBase's `value op stored`) and, when it holds, the action. */
  async checkAndMutate(checkAndMutate: CheckAndMutate): Promise<CheckAndMutateResult> {
    const cam = checkInstance(checkAndMutate, CheckAndMutate, 'Table.checkAndMutate');
    const operation = cam.toOperation();
    return this.#call('checkAndMutate', cam.getRow(), false, async (stub, region, timeoutMs) => {
      const answer = await stub.checkAndMutate(
        { region, checkAndMutate: operation },
        { timeoutMs },
      );
      return new CheckAndMutateResult(answer.success, writeResult(answer.cells.list));
    });
  }

  /** Rows in scan order across every region; close it (or finish a `for await`) when done. */
  getScanner(scan: Scan): ResultScanner {
    return new ResultScanner(this.#ctx, this.#name, checkInstance(scan, Scan, 'Table.getScanner'));
  }

  #call<T>(what: string, row: Buffer, idempotent: boolean, call: RegionCall<T>): Promise<T> {
    return callRegion(this.#ctx, what, this.#name, row, idempotent, call);
  }

  #mutateRow(
    what: string,
    row: Buffer,
    operation: unknown,
    idempotent: boolean,
    toResult: (cells: Parameters<typeof writeResult>[0]) => Result,
  ): Promise<Result> {
    return this.#call(what, row, idempotent, async (stub, region, timeoutMs) => {
      const { cells } = await stub.mutateRow({ region, operation }, { timeoutMs });
      return toResult(cells.list);
    });
  }

  async #write(value: unknown, type: Class<Put | Delete>, what: 'put' | 'delete'): Promise<void> {
    if (Array.isArray(value)) {
      await this.#list(value as readonly unknown[], type, what);
      return;
    }
    const one = checkInstance(value, type, `Table.${what}`);
    const mutation = one.toMutation();
    await this.#call(what, one.getRow(), true, async (stub, region, timeoutMs) => {
      await stub.mutate({ region, mutations: [mutation] }, { timeoutMs });
    });
  }

  async #list(
    items: readonly unknown[],
    type: Class<Get | Put | Delete>,
    what: string,
  ): Promise<Result[]> {
    items.forEach((item, i) => checkInstance(item, type, `Table.${what} item ${i}`));
    return this.#run(this.#plan(items, `Table.${what}`), what);
  }

  #plan(actions: readonly unknown[], what: string): PlannedAction[] {
    if (!Array.isArray(actions)) {
      throw new InvalidArgumentError(`${what} takes an array; got ${describeValue(actions)}`);
    }
    if (actions.length > BATCH_ACTIONS_MAX) {
      throw new LimitExceededError(
        `${what} got ${actions.length} actions; BATCH_ACTIONS_MAX is ${BATCH_ACTIONS_MAX}`,
      );
    }
    return actions.map((action, i) => planAction(action, i));
  }

  async #run(planned: readonly PlannedAction[], what: string): Promise<Result[]> {
    if (planned.length === 0) return [];
    const outcomes = await runBatch(
      this.#ctx,
      this.#name,
      planned,
      describeOperation(`${what} of ${planned.length} actions`, this.#name),
    );
    const failures = planned.flatMap((p, i) => {
      const outcome = outcomes[i];
      return outcome instanceof Error ? [{ index: i, row: p.row, error: outcome }] : [];
    });
    if (failures.length === 0) return outcomes as Result[];
    const tableWide = failures.find(
      (f) => f.error instanceof TableNotFoundError || f.error instanceof TableNotEnabledError,
    );
    if (tableWide !== undefined) throw tableWide.error;
    const first = failures[0]?.error;
    throw new RetriesExhaustedWithDetailsError(
      `${what} on table ${this.#name}: ${failures.length} of ${planned.length} actions failed; ` +
        `the first: ${first?.message ?? ''}`,
      { failures, results: outcomes, cause: first },
    );
  }
}
