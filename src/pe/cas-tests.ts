// PE's CAS-like tests (HBase's CASTableTest): increment, append, checkAndMutate, checkAndPut and
// checkAndDelete on rows 0..rows of every client, so that clients overlap on the key space, on the
// qualifier named after the test class (e.g. info0:IncrementTest).
import {
  Append,
  CheckAndMutate,
  Delete,
  Increment,
  Put,
  RowMutations,
  type CheckAndMutateAction,
} from '../client/index.js';
import { PE_COMMANDS } from './commands.js';
import { formatRow } from './keys.js';
import { perRow, type PeClient, type PeClientContext } from './test-base.js';

function qualifierOf(ctx: PeClientContext): string {
  return PE_COMMANDS[ctx.options.test].className;
}

export function increment(ctx: PeClientContext): PeClient {
  const qualifier = qualifierOf(ctx);
  return perRow(async (i) => {
    const op = new Increment(formatRow(i));
    // As HBase: more families raise the work factor of one increment.
    for (const family of ctx.families) op.addColumn(family, qualifier, 1n);
    await ctx.table.increment(op);
  });
}

export function append(ctx: PeClientContext): PeClient {
  const qualifier = qualifierOf(ctx);
  return perRow(async (i) => {
    const row = formatRow(i);
    const op = new Append(row);
    for (const family of ctx.families) op.addColumn(family, qualifier, row);
    await ctx.table.append(op);
  });
}

/**
 * HBase's checkAndXXX tests: put a known value (the row key) into info0:<test>, then check that it
 * equals what was put and, if so, apply `action`.
 */
function checkAnd(
  ctx: PeClientContext,
  action: (row: Buffer, family: string, qualifier: string, put: Put) => CheckAndMutateAction,
): PeClient {
  const qualifier = qualifierOf(ctx);
  const [family = ''] = ctx.families;
  return perRow(async (i) => {
    const row = formatRow(i);
    const put = new Put(row).addColumn(family, qualifier, row);
    await ctx.table.put(put);
    const check = CheckAndMutate.newBuilder(row)
      .ifEquals(family, qualifier, row)
      .build(action(row, family, qualifier, put));
    await ctx.table.checkAndMutate(check);
  });
}

export function checkAndMutate(ctx: PeClientContext): PeClient {
  return checkAnd(ctx, (row, _family, _qualifier, put) => new RowMutations(row).add(put));
}

export function checkAndPut(ctx: PeClientContext): PeClient {
  return checkAnd(ctx, (_row, _family, _qualifier, put) => put);
}

export function checkAndDelete(ctx: PeClientContext): PeClient {
  return checkAnd(ctx, (row, family, qualifier) => new Delete(row).addColumn(family, qualifier));
}
