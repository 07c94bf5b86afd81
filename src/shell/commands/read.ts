// The read commands: get (one row, `COLUMN`/`CELL`), scan (rows streamed as they come, `ROW`/
// `COLUMN+CELL`) and count (progress every INTERVAL rows). Scans stop at LIMIT, at the session's
// output-row limit, or as soon as the session's signal aborts, and always close their scanner.
import type { Result } from '../../client/ops/index.js';
import { toStringBinary } from '../../common/bytes.js';
import type { FilterSpec } from '../../common/filter/spec.js';
import { bytesArg, integerArg, nameArg, Options } from '../args.js';
import type { ShellScanner } from '../backend.js';
import { cellColumn, cellText } from '../format/cells.js';
import {
  SHELL_COUNT_CACHE_DEFAULT_ROWS,
  SHELL_COUNT_INTERVAL_DEFAULT_ROWS,
  SHELL_COUNT_ROWS_MAX,
} from '../limits.js';
import type { ShellValue } from '../values.js';
import { arg, type Command, type CommandContext } from './command.js';
import { GET_HELP, SCAN_HELP, COUNT_HELP } from './read-help.js';
import { getPlan, scanPlan } from './read-options.js';

/** Each result of the scanner, waiting under the session's signal; the scanner is always closed. */
async function forEachResult(
  ctx: CommandContext,
  scanner: ShellScanner,
  visit: (result: Result) => boolean,
): Promise<void> {
  const iterator = scanner[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await ctx.wait(iterator.next());
      if (next.done === true) return;
      if (!visit(next.value)) return;
    }
  } finally {
    await scanner.close().catch(() => undefined);
  }
}

const get: Command = {
  name: 'get',
  group: 'dml',
  minArgs: 2,
  maxArgs: Infinity,
  help: GET_HELP,
  async run(ctx, args) {
    const table = ctx.backend.table(nameArg(arg(args, 0), 'table name'));
    ctx.out.header(['COLUMN', 'CELL']);
    const plan = getPlan(bytesArg(arg(args, 1), 'row'), args.slice(2), ctx.settings.timeZone);
    const result = await ctx.wait(table.get(plan.query));
    for (const cell of result.rawCells()) {
      ctx.out.row([cellColumn(cell, plan.format), cellText(cell, plan.format)]);
    }
    ctx.out.line(`${result.isEmpty() ? 0 : 1} row(s)`);
    return undefined;
  },
};

const scan: Command = {
  name: 'scan',
  group: 'dml',
  minArgs: 1,
  maxArgs: 2,
  help: SCAN_HELP,
  async run(ctx, args) {
    const table = ctx.backend.table(nameArg(arg(args, 0), 'table name'));
    ctx.out.header(['ROW', 'COLUMN+CELL']);
    const plan = scanPlan(new Options(args[1], 'scan options'), ctx.settings.timeZone);
    const rowsMax = Math.min(plan.limit ?? Infinity, ctx.settings.outputRowsMax);
    let rows = 0;
    await forEachResult(ctx, table.getScanner(plan.query), (result) => {
      const key = plan.format.formatter(result.getRow() ?? Buffer.alloc(0));
      for (const cell of result.rawCells()) {
        ctx.out.row([
          key,
          `column=${cellColumn(cell, plan.format)}, ${cellText(cell, plan.format)}`,
        ]);
      }
      ctx.out.flush();
      rows++;
      return rows < rowsMax;
    });
    if (rows >= ctx.settings.outputRowsMax && rows < (plan.limit ?? Infinity)) {
      ctx.out.line(
        `Stopped after ${rows} rows (the shell's output limit); use LIMIT or STARTROW to see more`,
      );
    }
    ctx.out.line(`${rows} row(s)`);
    return undefined;
  },
};

/** count's options: a hash, or HBase's old form with the interval as an integer. */
function countOptions(value: ShellValue | undefined): Options {
  if (value !== undefined && value.kind === 'integer') {
    return new Options({
      kind: 'hash',
      entries: [[{ kind: 'string', bytes: Buffer.from('INTERVAL') }, value]],
    });
  }
  return new Options(value, 'count options');
}

const FIRST_KEY_ONLY: FilterSpec = { type: 'FirstKeyOnlyFilter' };

const count: Command = {
  name: 'count',
  group: 'dml',
  minArgs: 1,
  maxArgs: 2,
  help: COUNT_HELP,
  async run(ctx, args) {
    const table = ctx.backend.table(nameArg(arg(args, 0), 'table name'));
    const options = countOptions(args[1]);
    const intervalValue = options.take('INTERVAL');
    const interval =
      intervalValue === undefined
        ? SHELL_COUNT_INTERVAL_DEFAULT_ROWS
        : integerArg(intervalValue, 'INTERVAL', 1, SHELL_COUNT_ROWS_MAX);
    const plan = scanPlan(options, ctx.settings.timeZone);
    const scan = plan.query;
    if (!options.has('CACHE')) scan.setCaching(SHELL_COUNT_CACHE_DEFAULT_ROWS);
    if (!options.has('CACHE_BLOCKS')) scan.setCacheBlocks(false);
    const filter = scan.getFilter();
    scan.setFilter(
      filter === undefined
        ? FIRST_KEY_ONLY
        : { type: 'FilterList', op: 'MUST_PASS_ALL', filters: [filter, FIRST_KEY_ONLY] },
    );
    const rowsMax = Math.min(plan.limit ?? Infinity, SHELL_COUNT_ROWS_MAX);
    let rows = 0;
    await forEachResult(ctx, table.getScanner(scan), (result) => {
      rows++;
      if (rows % interval === 0) {
        ctx.out.row([
          `Current count: ${rows}, row: ${toStringBinary(result.getRow() ?? Buffer.alloc(0))}`,
        ]);
        ctx.out.flush();
      }
      return rows < rowsMax;
    });
    ctx.out.line(`${rows} row(s)`);
    return { value: rows };
  },
};

export const READ_COMMANDS: readonly Command[] = [get, scan, count];
