// Table.batch's engine (HBase's AsyncProcess): each round locates every pending action, sends the
// gets, puts and deletes grouped per region server as multi calls (a region's puts and deletes
// as one batch action, which the server applies as one batchMutate) and the other writes as
// mutateRow calls, all in parallel, then retries only the actions that failed retriably, after
// a pause. Invariant: every action ends with exactly one outcome, a Result or an error.
import type { Cell } from '../common/cell.js';
import { assert } from '../common/assert.js';
import { fromWire, InternalError } from '../common/errors.js';
import type { Mutation } from '../common/mutations.js';
import type { MultiAction, MultiResult } from '../regionserver/service/protocol.js';
import type { PlannedAction } from './actions.js';
import type { ClientContext } from './client-context.js';
import { MULTI_ACTIONS_PER_CALL_MAX, RETRY_CAUSES_KEPT } from './limits.js';
import type { Result } from './ops/index.js';
import type { RegionLocation } from './region-cache.js';
import { asError, Attempts } from './retry.js';
import { isRetriable } from './retry-policy.js';

interface Located {
  readonly action: PlannedAction;
  readonly location: RegionLocation;
}

/** One round's bookkeeping: the outcomes so far and the actions to try again. */
class Round {
  readonly retry: PlannedAction[] = [];
  constructor(
    readonly ctx: ClientContext,
    readonly outcomes: (Result | Error | undefined)[],
    readonly causes: Map<number, Error[]>,
  ) {}

  succeeded(action: PlannedAction, cells: readonly Cell[]): void {
    this.outcomes[action.index] = action.toResult(cells);
  }

  failed(action: PlannedAction, error: unknown, location?: RegionLocation): void {
    const e = asError(error);
    if (location !== undefined) this.ctx.locator.forget(location, e);
    if (!isRetriable(e, action.idempotent)) {
      this.outcomes[action.index] = e;
      return;
    }
    const causes = this.causes.get(action.index) ?? [];
    causes.push(e);
    this.causes.set(action.index, causes.slice(-RETRY_CAUSES_KEPT));
    this.retry.push(action);
  }
}

/** Runs the actions; outcomes in the actions' index order (indexes 0 .. count - 1). */
export async function runBatch(
  ctx: ClientContext,
  table: string,
  actions: readonly PlannedAction[],
  what: string,
): Promise<(Result | Error)[]> {
  const outcomes: (Result | Error | undefined)[] = new Array(actions.length).fill(undefined);
  const causes = new Map<number, Error[]>();
  const attempts = new Attempts(ctx.settings, what);
  let pending = actions;
  while (pending.length > 0) {
    attempts.begin();
    const round = new Round(ctx, outcomes, causes);
    await runRound(round, table, pending, attempts.rpcTimeoutMs());
    pending = round.retry;
    if (pending.length === 0) break;
    const pause = attempts.nextPauseMs();
    if (pause === undefined) {
      for (const action of pending) {
        outcomes[action.index] = attempts.exhausted(causes.get(action.index) ?? []);
      }
      break;
    }
    await attempts.sleep(pause);
  }
  return outcomes.map((o, i) => {
    if (o === undefined) assert(false, `batch action ${i} has an outcome`);
    return o;
  });
}

async function runRound(
  round: Round,
  table: string,
  pending: readonly PlannedAction[],
  timeoutMs: number,
): Promise<void> {
  const byServer = new Map<string, Located[]>();
  const singles: Located[] = [];
  for (const action of pending) {
    let location: RegionLocation;
    try {
      location = await round.ctx.locator.locate(table, action.row, timeoutMs);
    } catch (error) {
      round.failed(action, error);
      continue;
    }
    if (action.multi === undefined) {
      singles.push({ action, location });
      continue;
    }
    const group = byServer.get(location.address) ?? [];
    group.push({ action, location });
    byServer.set(location.address, group);
  }
  const calls: Promise<void>[] = [];
  for (const [address, group] of byServer) {
    for (let i = 0; i < group.length; i += MULTI_ACTIONS_PER_CALL_MAX) {
      const chunk = group.slice(i, i + MULTI_ACTIONS_PER_CALL_MAX);
      calls.push(sendMulti(round, address, chunk, timeoutMs));
    }
  }
  for (const located of singles) calls.push(sendSingle(round, located, timeoutMs));
  await Promise.all(calls);
}

/** A multi action and the batch actions it carries. */
interface Carried {
  readonly action: MultiAction;
  readonly members: readonly Located[];
}

/**
 * The chunk's multi actions: gets one each; each region's puts and deletes, in their order, as
 * one `mutate` action (unless `pack` is false: then one each).
 */
function carriedActions(chunk: readonly Located[], pack: boolean): Carried[] {
  const out: Carried[] = [];
  const byRegion = new Map<string, { mutations: Mutation[]; members: Located[] }>();
  for (const located of chunk) {
    const region = located.location.info.encodedName;
    const mutation = located.action.mutation;
    if (!pack || mutation === undefined) {
      const multi = located.action.multi as (region: string) => MultiAction;
      out.push({ action: multi(region), members: [located] });
      continue;
    }
    const group = byRegion.get(region) ?? { mutations: [], members: [] };
    group.mutations.push(mutation);
    group.members.push(located);
    byRegion.set(region, group);
  }
  for (const [region, { mutations, members }] of byRegion) {
    out.push({ action: { kind: 'mutate', region, mutations }, members });
  }
  return out;
}

async function sendMulti(
  round: Round,
  address: string,
  chunk: readonly Located[],
  timeoutMs: number,
  pack = true,
): Promise<void> {
  const carried = carriedActions(chunk, pack);
  let results: readonly MultiResult[];
  try {
    const stub = round.ctx.locator.stub(address);
    ({ results } = await stub.multi({ actions: carried.map((c) => c.action) }, { timeoutMs }));
  } catch (error) {
    for (const { action, location } of chunk) round.failed(action, error, location);
    return;
  }
  // A region's batch refused for one of its mutations (a bad family, a cell too large): sent
  // again one by one, so that each action gets its own outcome, as HBase reports them.
  const again: Located[] = [];
  carried.forEach(({ members }, i) => {
    const result = results[i];
    if (result === undefined) {
      const error = new InternalError(`multi answered ${results.length} of ${carried.length}`);
      for (const { action } of members) round.failed(action, error);
    } else if (result.ok) {
      for (const { action } of members) round.succeeded(action, result.cells.list);
    } else {
      const error = fromWire(result.error);
      if (members.length > 1 && !isRetriable(error, true)) again.push(...members);
      else for (const { action, location } of members) round.failed(action, error, location);
    }
  });
  if (again.length > 0) await sendMulti(round, address, again, timeoutMs, false);
}

async function sendSingle(round: Round, located: Located, timeoutMs: number): Promise<void> {
  const { action, location } = located;
  try {
    const stub = round.ctx.locator.stub(location.address);
    const { cells } = await stub.mutateRow(
      { region: location.info.encodedName, operation: action.operation },
      { timeoutMs },
    );
    round.succeeded(action, cells.list);
  } catch (error) {
    round.failed(action, error, location);
  }
}
