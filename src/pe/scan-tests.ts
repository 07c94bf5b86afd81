// PE's scan tests: scan and reverseScan (one scanner per client, one row per testRow),
// randomSeekScan (up to 120 rows from a random row), scanRange10..10000 (a random start, stop
// N rows on) and filterScan (a whole-table scan for a random value). Caching and cacheBlocks as
// the options say.
import { Scan, type ResultScanner } from '../client/index.js';
import type { FilterSpec } from '../common/filter/spec.js';
import { formatRow, generateData, randomRow } from './keys.js';
import { RANDOM_SEEK_SCAN_PAGE_ROWS } from './limits.js';
import {
  perRow,
  selectColumns,
  valueLength,
  type PeClient,
  type PeClientContext,
} from './test-base.js';

function newScan(ctx: PeClientContext): Scan {
  return new Scan().setCaching(ctx.options.caching).setCacheBlocks(ctx.options.cacheBlocks);
}

/** Reads the scanner to its end, counting rows; always closes it. */
async function drain(ctx: PeClientContext, scanner: ResultScanner): Promise<void> {
  try {
    for await (const _row of scanner) ctx.counters.scannedRows += 1;
  } finally {
    await scanner.close();
  }
}

/** One scanner per client, opened at the first row; each testRow takes one row from it. */
function rowByRow(ctx: PeClientContext, open: () => Scan): PeClient {
  let scanner: ResultScanner | undefined;
  return {
    async testRow() {
      scanner ??= ctx.table.getScanner(selectColumns(open(), ctx));
      const next = await scanner.next();
      if (next.done !== true) ctx.counters.scannedRows += 1;
      return true;
    },
    async takedown() {
      await scanner?.close();
    },
  };
}

export function scan(ctx: PeClientContext): PeClient {
  return rowByRow(ctx, () => newScan(ctx).withStartRow(formatRow(ctx.startRow)));
}

export function reverseScan(ctx: PeClientContext): PeClient {
  return rowByRow(ctx, () => newScan(ctx).setReversed(true));
}

export function randomSeekScan(ctx: PeClientContext): PeClient {
  const page: FilterSpec = {
    type: 'FilterList',
    op: 'MUST_PASS_ALL',
    filters: [
      {
        type: 'WhileMatchFilter',
        filter: { type: 'PageFilter', pageSize: RANDOM_SEEK_SCAN_PAGE_ROWS },
      },
    ],
  };
  return perRow(async () => {
    const start = formatRow(randomRow(ctx.rng, ctx.options.totalRows));
    const query = selectColumns(newScan(ctx).withStartRow(start), ctx).setFilter(page);
    await drain(ctx, ctx.table.getScanner(query));
  });
}

/** scanRangeN: from a random row to N rows on (HBase's generateStartAndStopRows). */
export function scanRange(rows: number): (ctx: PeClientContext) => PeClient {
  return (ctx) =>
    perRow(async () => {
      const start = randomRow(ctx.rng, ctx.options.totalRows);
      const query = newScan(ctx)
        .withStartRow(formatRow(start))
        .withStopRow(formatRow(start + rows));
      await drain(ctx, ctx.table.getScanner(selectColumns(query, ctx)));
    });
}

/** A full scan for the rows whose info0:0 equals a freshly generated value (HBase's). */
export function filterScan(ctx: PeClientContext): PeClient {
  const [family = ''] = ctx.families;
  const [firstQualifier = ''] = ctx.qualifiers;
  return perRow(async () => {
    const value = generateData(ctx.rng, valueLength(ctx));
    const filter: FilterSpec = {
      type: 'FilterList',
      op: 'MUST_PASS_ALL',
      filters: [
        {
          type: 'SingleColumnValueFilter',
          family: Buffer.from(family),
          qualifier: Buffer.from(firstQualifier),
          op: 'EQUAL',
          comparator: { type: 'binary', value },
          filterIfMissing: false,
          latestVersionOnly: true,
        },
      ],
    };
    const query = newScan(ctx).setFilter(filter);
    if (ctx.options.addColumns) {
      for (const qualifier of ctx.qualifiers) query.addColumn(family, qualifier);
    } else {
      query.addFamily(family);
    }
    await drain(ctx, ctx.table.getScanner(query));
  });
}
