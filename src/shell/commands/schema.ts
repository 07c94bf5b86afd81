// Column family and table options as `create` and `alter` take them (hbase-features.md §4):
// NAME, VERSIONS, TTL, BLOOMFILTER... onto the SDK's FamilySpec, DURABILITY, MAX_FILESIZE and
// MEMSTORE_FLUSHSIZE onto the table. Keys Colonnade does not keep are reported, never dropped
// silently; a value it cannot use is a ShellCommandError naming it.
import type { FamilySpec, ModifyTableSpec } from '../../client/admin.js';
import { COUNT_MAX } from '../../client/ops/limits.js';
import {
  BLOOM_TYPES,
  type BloomType,
  DURABILITIES,
  type Durability,
  type FamilyDescriptor,
  type KeepDeletedCells,
  type TableDescriptor,
  TTL_FOREVER_SECONDS,
} from '../../common/operations.js';
import { booleanArg, integerArg, nameArg, Options, textOf } from '../args.js';
import { ShellCommandError } from '../errors.js';
import { printValue } from '../printer.js';
import type { ShellValue } from '../values.js';

type MutableFamily = {
  -readonly [K in keyof Omit<FamilyDescriptor, 'name'>]?: FamilyDescriptor[K];
};

/** Family keys HBase has and Colonnade does not keep, with the value that is their default. */
const DEFAULT_ONLY_FAMILY_KEYS: ReadonlyMap<string, string> = new Map([
  ['COMPRESSION', 'NONE'],
  ['DATA_BLOCK_ENCODING', 'NONE'],
  ['REPLICATION_SCOPE', '0'],
]);

const INT_MAX = 2_147_483_647;
const UNIT_SECONDS: ReadonlyMap<string, number> = new Map([
  ['SECOND', 1],
  ['MINUTE', 60],
  ['HOUR', 3600],
  ['DAY', 86_400],
]);

/** TTL as HBase's shell takes it: seconds, 'FOREVER', or words like '1 DAY 2 HOURS'. */
export function ttlSeconds(value: ShellValue): number {
  const text = textOf(value)?.trim().toUpperCase();
  if (value.kind === 'integer' || (text !== undefined && /^\d+$/.test(text))) {
    return integerArg(value, 'TTL', 1, INT_MAX);
  }
  if (text === 'FOREVER') return TTL_FOREVER_SECONDS;
  const pretty = text === undefined ? null : /^(\d+) SECONDS? \(/.exec(text);
  if (pretty !== null)
    return integerArg({ kind: 'integer', value: BigInt(pretty[1] as string) }, 'TTL', 1, INT_MAX);
  const words = text === undefined ? [] : [...text.matchAll(/(\d+)\s*(SECOND|MINUTE|HOUR|DAY)S?/g)];
  const spelled = words.map((m) => m[0]).join(' ');
  if (words.length === 0 || spelled.replace(/\s+/g, '') !== (text ?? '').replace(/\s+/g, '')) {
    throw new ShellCommandError(
      `TTL must be seconds, 'FOREVER' or like '1 DAY 2 HOURS', got ${printValue(value)}`,
    );
  }
  const seconds = words.reduce(
    (sum, m) => sum + Number(m[1]) * (UNIT_SECONDS.get(m[2] as string) ?? 0),
    0,
  );
  return integerArg({ kind: 'integer', value: BigInt(seconds) }, 'TTL', 1, INT_MAX);
}

function keepDeletedCells(value: ShellValue): KeepDeletedCells {
  const text = textOf(value)?.toUpperCase();
  if (text === 'TRUE' || text === 'FALSE' || text === 'TTL') return text;
  throw new ShellCommandError(
    `KEEP_DELETED_CELLS must be true, false or 'TTL', got ${printValue(value)}`,
  );
}

function bloomType(value: ShellValue): BloomType {
  const text = textOf(value)?.toUpperCase();
  const found = BLOOM_TYPES.find((t) => t === text);
  if (found === undefined) {
    throw new ShellCommandError(
      `BLOOMFILTER must be one of ${BLOOM_TYPES.join(', ')}, got ${printValue(value)}`,
    );
  }
  return found;
}

/**
 * The family settings in `options` (NAME already taken), onto `into`. Returns the warnings HBase
 * would print for keys that are not kept.
 */
export function familySettings(family: string, options: Options, into: MutableFamily): string[] {
  const take = (key: string, apply: (value: ShellValue) => void): void => {
    const value = options.take(key);
    if (value !== undefined) apply(value);
  };
  take('VERSIONS', (v) => (into.maxVersions = integerArg(v, 'VERSIONS', 1, COUNT_MAX)));
  take('MIN_VERSIONS', (v) => (into.minVersions = integerArg(v, 'MIN_VERSIONS', 0, COUNT_MAX)));
  take('TTL', (v) => (into.ttlSeconds = ttlSeconds(v)));
  take('KEEP_DELETED_CELLS', (v) => (into.keepDeletedCells = keepDeletedCells(v)));
  take('BLOOMFILTER', (v) => (into.bloomType = bloomType(v)));
  take('BLOCKSIZE', (v) => (into.blockSizeBytes = integerArg(v, 'BLOCKSIZE', 1, INT_MAX)));
  take('BLOCKCACHE', (v) => (into.blockCache = booleanArg(v, 'BLOCKCACHE')));
  take('IN_MEMORY', (v) => (into.inMemory = booleanArg(v, 'IN_MEMORY')));
  const warnings: string[] = [];
  for (const [key, defaultValue] of DEFAULT_ONLY_FAMILY_KEYS) {
    const value = options.take(key);
    if (value !== undefined && textOf(value)?.toUpperCase() !== defaultValue) {
      warnings.push(
        `Argument ignored for column family ${family}: ${key} ` +
          `(Colonnade keeps only ${defaultValue})`,
      );
    }
  }
  for (const key of options.untaken()) {
    warnings.push(`Unknown argument ignored for column family ${family}: ${key}`);
  }
  return warnings;
}

/** A family given as `'f'` or `{NAME => 'f', ...}`, with the warnings for keys not kept. */
export function familySpec(value: ShellValue): { spec: FamilySpec; warnings: string[] } {
  if (value.kind === 'string' || value.kind === 'constant') {
    return { spec: { name: nameArg(value, 'column family name') }, warnings: [] };
  }
  const options = new Options(value, 'a column family');
  const nameValue = options.take('NAME');
  if (nameValue === undefined) throw new ShellCommandError('Column family NAME must be specified');
  const name = nameArg(nameValue, 'column family NAME');
  const settings: MutableFamily = {};
  const warnings = familySettings(name, options, settings);
  return { spec: { name, ...settings }, warnings };
}

export interface TableSettings {
  durability?: Durability;
  maxFileBytes?: number;
  memstoreFlushBytes?: number;
}

/** DURABILITY, MAX_FILESIZE and MEMSTORE_FLUSHSIZE from `options`, onto `into`. */
export function tableSettings(options: Options, into: TableSettings): void {
  const durability = options.take('DURABILITY');
  if (durability !== undefined) {
    const text = textOf(durability)?.toUpperCase();
    const found = DURABILITIES.find((d) => d === text);
    if (found === undefined) {
      throw new ShellCommandError(
        `DURABILITY must be one of ${DURABILITIES.join(', ')}, got ${printValue(durability)}`,
      );
    }
    into.durability = found;
  }
  const maxFile = options.take('MAX_FILESIZE');
  if (maxFile !== undefined)
    into.maxFileBytes = integerArg(maxFile, 'MAX_FILESIZE', 1, Number.MAX_SAFE_INTEGER);
  const flush = options.take('MEMSTORE_FLUSHSIZE');
  if (flush !== undefined) {
    into.memstoreFlushBytes = integerArg(flush, 'MEMSTORE_FLUSHSIZE', 1, Number.MAX_SAFE_INTEGER);
  }
}

/** A table's descriptor as a modifyTable spec, with `tuning` (and durability) applied. */
export function withTuning(table: TableDescriptor, tuning: TableSettings): ModifyTableSpec {
  const maxFileBytes = tuning.maxFileBytes ?? table.maxFileBytes;
  const memstoreFlushBytes = tuning.memstoreFlushBytes ?? table.memstoreFlushBytes;
  return {
    name: table.name,
    families: table.families,
    durability: tuning.durability ?? table.durability,
    ...(maxFileBytes === undefined ? {} : { maxFileBytes }),
    ...(memstoreFlushBytes === undefined ? {} : { memstoreFlushBytes }),
  };
}
