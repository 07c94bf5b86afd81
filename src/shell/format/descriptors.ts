// Table and family descriptors as HBase 2.x's `describe` prints them: a family as
// `{NAME => 'f', BLOOMFILTER => 'ROW', ...}` with every attribute (defaults included, in the
// order of HBase's transcript), TTL in PrettyPrinter's words, and the table's non-default
// attributes as `, {TABLE_ATTRIBUTES => {...}}` sorted by key.
import {
  type FamilyDescriptor,
  type TableDescriptor,
  TTL_FOREVER_SECONDS,
} from '../../common/operations.js';

const MINUTE_S = 60;
const HOUR_S = 3600;
const DAY_S = 86_400;

const plural = (n: number, word: string, pluralOf = n): string =>
  `${n} ${word}${pluralOf === 1 ? '' : 'S'}`;

/**
 * HBase's PrettyPrinter for a TTL in seconds: `FOREVER`, `30 SECONDS`, or `90061 SECONDS (1 DAY
 * 1 HOUR 1 MINUTE 1 SECOND)`. As in HBase, the SECOND word takes its plural from the minutes.
 */
export function humanReadableTtl(seconds: number): string {
  if (seconds === TTL_FOREVER_SECONDS) return 'FOREVER';
  if (seconds < MINUTE_S) return plural(seconds, 'SECOND');
  const days = Math.floor(seconds / DAY_S);
  const hours = Math.floor((seconds - days * DAY_S) / HOUR_S);
  const minutes = Math.floor((seconds - days * DAY_S - hours * HOUR_S) / MINUTE_S);
  const rest = seconds - days * DAY_S - hours * HOUR_S - minutes * MINUTE_S;
  const parts: string[] = [];
  if (days > 0) parts.push(plural(days, 'DAY'));
  if (hours > 0) parts.push(plural(hours, 'HOUR'));
  if (minutes > 0) parts.push(plural(minutes, 'MINUTE'));
  if (rest > 0) parts.push(plural(rest, 'SECOND', minutes));
  return `${seconds} SECONDS (${parts.join(' ')})`;
}

const quoted = (key: string, value: string): string => `${key} => '${value}'`;

/** One family's line in `describe`. Colonnade keeps no encoding, compression or replication. */
export function describeFamily(family: FamilyDescriptor): string {
  const fields = [
    quoted('NAME', family.name),
    quoted('BLOOMFILTER', family.bloomType),
    quoted('IN_MEMORY', String(family.inMemory)),
    quoted('VERSIONS', String(family.maxVersions)),
    quoted('KEEP_DELETED_CELLS', family.keepDeletedCells),
    quoted('DATA_BLOCK_ENCODING', 'NONE'),
    quoted('COMPRESSION', 'NONE'),
    quoted('TTL', humanReadableTtl(family.ttlSeconds)),
    quoted('MIN_VERSIONS', String(family.minVersions)),
    quoted('BLOCKCACHE', String(family.blockCache)),
    quoted('BLOCKSIZE', String(family.blockSizeBytes)),
    quoted('REPLICATION_SCOPE', '0'),
  ];
  return `{${fields.join(', ')}}`;
}

/** `, {TABLE_ATTRIBUTES => {...}}` for a table with non-default attributes, else ''. */
export function describeTableAttributes(table: TableDescriptor): string {
  const attributes: [string, string][] = [];
  if (table.durability !== 'USE_DEFAULT') attributes.push(['DURABILITY', table.durability]);
  if (table.maxFileBytes !== undefined)
    attributes.push(['MAX_FILESIZE', String(table.maxFileBytes)]);
  if (table.memstoreFlushBytes !== undefined) {
    attributes.push(['MEMSTORE_FLUSHSIZE', String(table.memstoreFlushBytes)]);
  }
  if (attributes.length === 0) return '';
  attributes.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `, {TABLE_ATTRIBUTES => {${attributes.map(([k, v]) => quoted(k, v)).join(', ')}}}`;
}
