// PE's write tests: sequentialWrite (row i) and randomWrite (a random row of the key range), one
// Put per row of `columns` cells in each of `families` families, values from generateData. With
// autoFlush false (the default) they go through a BufferedMutator of --bufferSize bytes; with
// autoFlush true one put per call, or --multiPut puts per call.
import { Put } from '../client/index.js';
import { BufferedMutator } from './buffered-mutator.js';
import { formatRow, generateData, randomRow } from './keys.js';
import { CELL_FIXED_BYTES } from './limits.js';
import { valueLength, type PeClient, type PeClientContext } from './test-base.js';

/** Row i's Put, and its size as the write buffer counts it. */
export function makePut(ctx: PeClientContext, rowNumber: number): { put: Put; bytes: number } {
  const row = formatRow(rowNumber);
  const put = new Put(row).setDurability(ctx.options.writeToWAL ? 'SYNC_WAL' : 'SKIP_WAL');
  let bytes = 0;
  for (const family of ctx.families) {
    for (const qualifier of ctx.qualifiers) {
      const value = generateData(ctx.rng, valueLength(ctx));
      put.addColumn(family, qualifier, value);
      bytes += CELL_FIXED_BYTES + row.length + family.length + qualifier.length + value.length;
    }
  }
  return { put, bytes };
}

function writeClient(ctx: PeClientContext, rowOf: (i: number) => number): PeClient {
  const { autoFlush, multiPut, bufferSize } = ctx.options;
  const mutator = autoFlush ? undefined : new BufferedMutator(ctx.table, bufferSize);
  let batch: Put[] = [];
  return {
    async testRow(i) {
      const { put, bytes } = makePut(ctx, rowOf(i));
      if (mutator !== undefined) {
        await mutator.mutate(put, bytes);
        return true;
      }
      if (multiPut === 0) {
        await ctx.table.put(put);
        return true;
      }
      batch.push(put);
      if (batch.length < multiPut) return false;
      const full = batch;
      batch = [];
      await ctx.table.put(full);
      return true;
    },
    async takedown() {
      // HBase leaves a last partial multiPut batch unsent; we send it, so every row is written.
      if (batch.length > 0) await ctx.table.put(batch);
      batch = [];
      await mutator?.close();
    },
  };
}

export function sequentialWrite(ctx: PeClientContext): PeClient {
  return writeClient(ctx, (i) => i);
}

export function randomWrite(ctx: PeClientContext): PeClient {
  return writeClient(ctx, () => randomRow(ctx.rng, ctx.options.totalRows));
}
