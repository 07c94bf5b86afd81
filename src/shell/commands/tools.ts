// HBase's "tools" and the region-level reads: split, flush, compact, major_compact, balancer,
// move, merge_region, list_regions, get_splits and show_filters. Colonnade's Admin works on whole
// tables, so split/flush/compact take a table name (not a region) and no column family.
import { toStringBinary } from '../../common/bytes.js';
import { FILTER_LANGUAGE_NAMES } from '../../common/filter/index.js';
import type { TableRegion } from '../../master/protocol.js';
import { bytesArg, listArg, nameArg, textOf } from '../args.js';
import { ShellCommandError } from '../errors.js';
import { arg, type Command } from './command.js';

function noFamily(command: string, family: unknown): void {
  if (family !== undefined) {
    throw new ShellCommandError(
      `${command} of one column family is not supported; ${command} the whole table`,
    );
  }
}

const split: Command = {
  name: 'split',
  group: 'tools',
  minArgs: 1,
  maxArgs: 2,
  help: `Split an entire table. With the second parameter, the region holding that
row is split there instead. Examples:
    split 'TABLENAME'
    split 'TABLENAME', 'splitKey'
`,
  async run(ctx, args) {
    const table = nameArg(arg(args, 0), 'table name');
    const point = args[1] === undefined ? undefined : bytesArg(args[1], 'split key');
    await ctx.wait(ctx.backend.admin().split(table, point));
    ctx.backend.clearRegionCache(table);
    return undefined;
  },
};

const flush: Command = {
  name: 'flush',
  group: 'tools',
  minArgs: 1,
  maxArgs: 2,
  help: `Flush all regions in passed table. Examples:

  colonnade> flush 'TABLENAME'
`,
  async run(ctx, args) {
    noFamily('flush', args[1]);
    await ctx.wait(ctx.backend.admin().flush(nameArg(arg(args, 0), 'table name')));
    return undefined;
  },
};

function compactCommand(name: 'compact' | 'major_compact', major: boolean): Command {
  const kind = major ? 'major compaction' : 'compaction';
  return {
    name,
    group: 'tools',
    minArgs: 1,
    maxArgs: 3,
    help: `Run ${kind} on passed table. Examples:
Compact all regions in a table:
  colonnade> ${name} 't1'
  colonnade> ${name} 'ns1:t1'
`,
    async run(ctx, args) {
      noFamily(name, args[1]);
      await ctx.wait(ctx.backend.admin().compact(nameArg(arg(args, 0), 'table name'), major));
      return undefined;
    },
  };
}

const balancer: Command = {
  name: 'balancer',
  group: 'tools',
  minArgs: 0,
  maxArgs: 1,
  help: `Trigger the cluster balancer. Returns true if balancer ran.
Examples:

  colonnade> balancer
  colonnade> balancer 'force'
`,
  async run(ctx, args) {
    const force = args[0];
    if (force !== undefined && textOf(force) !== 'force') {
      throw new ShellCommandError(`Invalid argument ${textOf(force) ?? 'nil'}.`);
    }
    await ctx.wait(ctx.backend.admin().balance());
    ctx.out.row(['true']);
    return { value: true };
  },
};

const move: Command = {
  name: 'move',
  group: 'tools',
  minArgs: 1,
  maxArgs: 2,
  help: `Move a region.  Optionally specify target regionserver else we choose one
at random.  NOTE: You pass the encoded region name, not the region name so
this command is a little different to the others.  The encoded region name
is the hash suffix on region names: e.g. if the region name were
TestTable,0094429456,1289497600452.527db22f95c8a9e0116f0cc13c680396. then
the encoded region name portion is 527db22f95c8a9e0116f0cc13c680396
A server name is its host, port plus startcode. For example:
host187.example.com,60020,1289493121758
Examples:

  colonnade> move 'ENCODED_REGIONNAME'
  colonnade> move 'ENCODED_REGIONNAME', 'SERVER_NAME'
`,
  async run(ctx, args) {
    const region = nameArg(arg(args, 0), 'encoded region name');
    const server = args[1] === undefined ? undefined : nameArg(args[1], 'server name');
    await ctx.wait(ctx.backend.admin().move(region, server));
    return undefined;
  },
};

const mergeRegion: Command = {
  name: 'merge_region',
  group: 'tools',
  minArgs: 1,
  maxArgs: 3,
  help: `Merge two adjacent regions. Pass their encoded region names (the hash
suffix of a region name, as list_regions shows it). Examples:

  colonnade> merge_region 'FULL_REGIONNAME', 'FULL_REGIONNAME'
  colonnade> merge_region 'ENCODED_REGIONNAME', 'ENCODED_REGIONNAME'
  colonnade> merge_region ['ENCODED_REGIONNAME', 'ENCODED_REGIONNAME']
`,
  async run(ctx, args) {
    const first = arg(args, 0);
    const names = (first.kind === 'array' ? listArg(first) : args.slice(0, 2)).map((v) =>
      encodedName(nameArg(v, 'region name')),
    );
    if (names.length !== 2)
      throw new ShellCommandError(`merge_region takes two regions, got ${names.length}`);
    await ctx.wait(ctx.backend.admin().mergeRegions(names[0] as string, names[1] as string));
    return undefined;
  },
};

/** The encoded name of a full region name (`t,start,id.ENCODED.`), or the name as given. */
function encodedName(name: string): string {
  const match = /\.([0-9a-f]{32})\.$/.exec(name);
  return match?.[1] ?? name;
}

/** HBase's region name: `table,startKey,regionId.encoded.`. */
function regionName(region: TableRegion): string {
  return `${region.table},${toStringBinary(region.startKey)},${region.regionId}.${region.region}.`;
}

const LIST_REGIONS_COLUMNS = [
  'SERVER_NAME',
  'REGION_NAME',
  'START_KEY',
  'END_KEY',
  'STATE',
] as const;

const listRegions: Command = {
  name: 'list_regions',
  group: 'ddl',
  minArgs: 1,
  maxArgs: 3,
  help: `List the regions of a table with their servers, row ranges and states.
Examples:
  colonnade> list_regions 'table_name'
`,
  async run(ctx, args) {
    const regions = await ctx.wait(
      ctx.backend.admin().getRegions(nameArg(arg(args, 0), 'table name')),
    );
    const rows = regions.map((r) => [
      r.server,
      regionName(r),
      toStringBinary(r.startKey),
      toStringBinary(r.endKey),
      r.state,
    ]);
    const widths = LIST_REGIONS_COLUMNS.map((h, i) =>
      Math.max(h.length, ...rows.map((row) => (row[i] as string).length)),
    );
    ctx.out.line(
      LIST_REGIONS_COLUMNS.map((h, i) => ` ${h.padStart(widths[i] as number)} |`).join(''),
    );
    ctx.out.line(widths.map((w) => ` ${'-'.repeat(w)} |`).join(''));
    for (const row of rows)
      ctx.out.line(row.map((cell, i) => ` ${cell.padEnd(widths[i] as number)} |`).join(''));
    ctx.out.line(` ${rows.length} rows`);
    return undefined;
  },
};

const getSplits: Command = {
  name: 'get_splits',
  group: 'dml',
  minArgs: 1,
  maxArgs: 1,
  help: `Get the splits of the named table:
  colonnade> get_splits 't1'
  colonnade> get_splits 'ns1:t1'
`,
  async run(ctx, args) {
    const regions = await ctx.wait(
      ctx.backend.admin().getRegions(nameArg(arg(args, 0), 'table name')),
    );
    const splits = regions.map((r) => toStringBinary(r.startKey)).filter((k) => k !== '');
    ctx.out.line(`Total number of splits = ${splits.length + 1}`);
    for (const key of splits) ctx.out.line(key);
    if (splits.length === 0) ctx.out.line(); // Ruby's `puts []` prints an empty line
    return { value: splits };
  },
};

const showFilters: Command = {
  name: 'show_filters',
  group: 'ddl',
  minArgs: 0,
  maxArgs: 0,
  help: `Show all the filters in the filter language. For example:

  colonnade> show_filters

  ColumnPrefixFilter
  TimestampsFilter
  PageFilter
  .....
  KeyOnlyFilter
`,
  async run(ctx) {
    for (const name of FILTER_LANGUAGE_NAMES) ctx.out.row([name]);
    return undefined;
  },
};

export const TOOL_COMMANDS: readonly Command[] = [
  split,
  flush,
  compactCommand('compact', false),
  compactCommand('major_compact', true),
  balancer,
  move,
  mergeRegion,
  listRegions,
  getSplits,
  showFilters,
];
