// `create`: a table from families given as names or `{NAME => ...}` hashes, and table options in a
// hash without NAME — SPLITS, NUMREGIONS with SPLITALGO (HBase's RegionSplitter algorithms),
// DURABILITY, MAX_FILESIZE, MEMSTORE_FLUSHSIZE. Prints `Created table t` and echoes the table.
import type { FamilySpec, TableSpec } from '../../client/admin.js';
import { bytesArg, integerArg, nameArg, Options, textOf } from '../args.js';
import { ShellCommandError } from '../errors.js';
import { SHELL_PRESPLIT_REGIONS_MAX } from '../limits.js';
import { printValue } from '../printer.js';
import type { ShellValue } from '../values.js';
import { arg, type Command } from './command.js';
import { familySpec, type TableSettings, tableSettings, withTuning } from './schema.js';

/** RegionSplitter's HexStringSplit and DecimalStringSplit: n regions over 8-digit keys. */
function stringSplit(radix: 16 | 10, regions: number): Buffer[] {
  const range = radix === 16 ? 0x1_0000_0000n : 100_000_000n;
  const size = range / BigInt(regions);
  const keys: Buffer[] = [];
  for (let i = 1; i < regions; i++) {
    keys.push(Buffer.from((size * BigInt(i)).toString(radix).padStart(8, '0'), 'latin1'));
  }
  return keys;
}

/** UniformSplit: n regions over 8-byte keys, evenly spaced. */
function uniformSplit(regions: number): Buffer[] {
  const keys: Buffer[] = [];
  for (let i = 1; i < regions; i++) {
    const key = Buffer.alloc(8);
    key.writeBigUInt64BE(((1n << 64n) * BigInt(i)) / BigInt(regions));
    keys.push(key);
  }
  return keys;
}

function presplit(options: Options): Buffer[] | undefined {
  const splits = options.take('SPLITS');
  const numRegions = options.take('NUMREGIONS');
  const algorithm = options.take('SPLITALGO');
  if (options.take('SPLITS_FILE') !== undefined) {
    throw new ShellCommandError(
      'SPLITS_FILE is not supported (the shell runs on the server); give SPLITS => [...]',
    );
  }
  if (splits !== undefined) {
    if (splits.kind !== 'array')
      throw new ShellCommandError(`SPLITS must be an Array, got ${printValue(splits)}`);
    return splits.items.map((item, i) => bytesArg(item, `SPLITS[${i}]`));
  }
  if (numRegions === undefined && algorithm === undefined) return undefined;
  if (numRegions === undefined) throw new ShellCommandError('Number of regions must be specified');
  if (algorithm === undefined) throw new ShellCommandError('Split algorithm must be specified');
  const regions = integerArg(numRegions, 'NUMREGIONS', 2, SHELL_PRESPLIT_REGIONS_MAX);
  const name = textOf(algorithm) ?? '';
  if (name === 'HexStringSplit') return stringSplit(16, regions);
  if (name === 'DecimalStringSplit') return stringSplit(10, regions);
  if (name === 'UniformSplit') return uniformSplit(regions);
  throw new ShellCommandError(
    `SPLITALGO ${printValue(algorithm)} is not known; ` +
      'use HexStringSplit, DecimalStringSplit or UniformSplit',
  );
}

interface ParsedCreate {
  readonly spec: TableSpec;
  /** MAX_FILESIZE and MEMSTORE_FLUSHSIZE, which createTable does not take: set by a modify. */
  readonly tuning: TableSettings;
  readonly warnings: readonly string[];
}

/** admin.rb's create: strings and hashes with NAME are families; other hashes, table options. */
export function parseCreate(table: string, rest: readonly ShellValue[]): ParsedCreate {
  const families: FamilySpec[] = [];
  const warnings: string[] = [];
  const settings: TableSettings = {};
  let splitKeys: Buffer[] | undefined;
  for (const value of rest) {
    if (value.kind === 'hash' && !new Options(value).has('NAME')) {
      const options = new Options(value);
      splitKeys = presplit(options) ?? splitKeys;
      tableSettings(options, settings);
      for (const key of options.untaken()) warnings.push(`Unknown argument ignored: ${key}`);
    } else if (value.kind === 'hash' || value.kind === 'string' || value.kind === 'constant') {
      const family = familySpec(value);
      families.push(family.spec);
      warnings.push(...family.warnings);
    } else {
      throw new ShellCommandError(`${printValue(value)} is not of Hash or String type`);
    }
  }
  if (families.length === 0)
    throw new ShellCommandError('Table must have at least one column family');
  const spec: TableSpec = {
    name: table,
    families,
    ...(splitKeys === undefined ? {} : { splitKeys }),
    ...(settings.durability === undefined ? {} : { durability: settings.durability }),
  };
  return { spec, tuning: settings, warnings };
}

export const create: Command = {
  name: 'create',
  group: 'ddl',
  minArgs: 1,
  maxArgs: Infinity,
  help: `Creates a table. Pass a table name, and a set of column family
specifications (at least one), and, optionally, table configuration.
Column specification can be a simple string (name), or a dictionary
(dictionaries are described below in main help output), necessarily
including NAME attribute.
Examples:

Create a table with namespace=ns1 and table qualifier=t1
  colonnade> create 'ns1:t1', {NAME => 'f1', VERSIONS => 5}

Create a table with namespace=default and table qualifier=t1
  colonnade> create 't1', {NAME => 'f1'}, {NAME => 'f2'}, {NAME => 'f3'}
  colonnade> # The above in shorthand would be the following:
  colonnade> create 't1', 'f1', 'f2', 'f3'
  colonnade> create 't1', {NAME => 'f1', VERSIONS => 1, TTL => 2592000, BLOCKCACHE => true}

Table configuration options can be put at the end.
Examples:

  colonnade> create 'ns1:t1', 'f1', SPLITS => ['10', '20', '30', '40']
  colonnade> create 't1', 'f1', SPLITS => ['10', '20', '30', '40']
  colonnade> create 't1', 'f1', {DURABILITY => 'ASYNC_WAL'}
  colonnade> # Optionally pre-split the table into NUMREGIONS, using
  colonnade> # SPLITALGO ("HexStringSplit", "DecimalStringSplit" or "UniformSplit")
  colonnade> create 't1', 'f1', {NUMREGIONS => 15, SPLITALGO => 'HexStringSplit'}

Family attributes: VERSIONS, MIN_VERSIONS, TTL, KEEP_DELETED_CELLS, BLOOMFILTER
(NONE, ROW, ROWCOL), BLOCKSIZE, BLOCKCACHE, IN_MEMORY. Others are reported and ignored.
`,
  async run(ctx, args) {
    const table = nameArg(arg(args, 0), 'table name');
    const { spec, tuning, warnings } = parseCreate(table, args.slice(1));
    for (const warning of warnings) ctx.out.line(warning);
    const admin = ctx.backend.admin();
    await ctx.wait(admin.createTable(spec));
    if (tuning.maxFileBytes !== undefined || tuning.memstoreFlushBytes !== undefined) {
      const created = await ctx.wait(admin.describeTable(table));
      await ctx.wait(admin.modifyTable(withTuning(created, tuning)));
    }
    ctx.markEnd();
    ctx.out.line(`Created table ${table}`);
    return { value: { object: `Hbase::Table - ${table}` } };
  },
};
