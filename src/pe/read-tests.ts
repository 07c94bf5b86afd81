// PE's get tests: sequentialRead (row i of the client's range) and randomRead (a random row of the
// key range; with --multiGet, batches of that many gets).
import { Get } from '../client/index.js';
import { formatRow, randomRow } from './keys.js';
import {
  noteGet,
  perRow,
  selectColumns,
  type PeClient,
  type PeClientContext,
} from './test-base.js';

function getOf(ctx: PeClientContext, row: number): Get {
  return selectColumns(new Get(formatRow(row)), ctx);
}

export function sequentialRead(ctx: PeClientContext): PeClient {
  return perRow(async (i) => noteGet(ctx, await ctx.table.get(getOf(ctx, i))));
}

export function randomRead(ctx: PeClientContext): PeClient {
  const { multiGet, totalRows } = ctx.options;
  if (multiGet === 0) {
    return perRow(async () =>
      noteGet(ctx, await ctx.table.get(getOf(ctx, randomRow(ctx.rng, totalRows)))),
    );
  }
  let gets: Get[] = [];
  const send = async (): Promise<void> => {
    const full = gets;
    gets = [];
    for (const result of await ctx.table.get(full)) noteGet(ctx, result);
  };
  return {
    async testRow() {
      gets.push(getOf(ctx, randomRow(ctx.rng, totalRows)));
      if (gets.length < multiGet) return false;
      await send();
      return true;
    },
    async takedown() {
      if (gets.length > 0) await send();
    },
  };
}
