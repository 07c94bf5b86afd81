// The bare constants the HBase shell defines (hbase_constants.rb plus the family and table
// descriptor keys it imports): each stands for the string of its name, ENDROW for 'STOPROW'.
// Invariant: a constant the parser accepts is in this table; any other capitalised name is a
// NameError, as Ruby's "uninitialized constant".

// prettier-ignore
const NAMES = [
  // Family attributes (hbase-features.md §4.1).
  'NAME', 'VERSIONS', 'MIN_VERSIONS', 'TTL', 'KEEP_DELETED_CELLS', 'BLOOMFILTER', 'BLOCKSIZE',
  'BLOCKCACHE', 'IN_MEMORY', 'IN_MEMORY_COMPACTION', 'COMPRESSION', 'COMPRESSION_COMPACT',
  'DATA_BLOCK_ENCODING', 'REPLICATION_SCOPE', 'CACHE_DATA_ON_WRITE', 'CACHE_INDEX_ON_WRITE',
  'CACHE_BLOOMS_ON_WRITE', 'EVICT_BLOCKS_ON_CLOSE', 'PREFETCH_BLOCKS_ON_OPEN', 'COMPRESS_TAGS',
  'ENCRYPTION', 'ENCRYPTION_KEY', 'IS_MOB', 'MOB_THRESHOLD', 'NEW_VERSION_BEHAVIOR',
  'STORAGE_POLICY', 'DFS_REPLICATION', 'CONFIGURATION', 'METADATA',
  // Table attributes and create/alter options (§4.2).
  'MAX_FILESIZE', 'MEMSTORE_FLUSHSIZE', 'READONLY', 'DURABILITY', 'COMPACTION_ENABLED',
  'SPLIT_ENABLED', 'MERGE_ENABLED', 'NORMALIZATION_ENABLED', 'REGION_REPLICATION', 'PRIORITY',
  'OWNER', 'SPLITS', 'SPLITS_FILE', 'NUMREGIONS', 'SPLITALGO', 'METHOD', 'REOPEN_REGIONS',
  'PRESERVE_SPLITS', 'COPROCESSOR', 'SPLIT_POLICY',
  // Reads (§5.1 get/scan/count).
  'COLUMN', 'COLUMNS', 'TIMESTAMP', 'TIMERANGE', 'STARTROW', 'STOPROW', 'ENDROW',
  'ROWPREFIXFILTER', 'LIMIT', 'FILTER', 'RAW', 'REVERSED', 'CACHE', 'CACHE_BLOCKS', 'MAXLENGTH',
  'BATCH', 'MAX_RESULT_SIZE', 'ALL_METRICS', 'METRICS', 'INTERVAL', 'CONSISTENCY',
  'REGION_REPLICA_ID', 'ISOLATION_LEVEL', 'ALLOW_PARTIAL_RESULTS', 'FORMATTER', 'FORMATTER_CLASS',
  // Mutations and security.
  'ATTRIBUTES', 'VISIBILITY', 'AUTHORIZATIONS',
  // Miscellaneous names the shell defines.
  'SKIP_FLUSH', 'USER', 'TABLE', 'NAMESPACE', 'TYPE', 'NONE', 'VALUE', 'STATE', 'CONFIG', 'DATA',
  'SERVER_NAME', 'POLICY', 'REGIONSERVER', 'STARTKEY', 'ENDKEY',
] as const;

const ALIASES: ReadonlyMap<string, string> = new Map([['ENDROW', 'STOPROW']]);
const KNOWN: ReadonlySet<string> = new Set(NAMES);

/** Every constant a shell line may name, sorted (for completion and help). */
export const SHELL_CONSTANTS: readonly string[] = [...NAMES].sort();

export function isShellConstant(name: string): boolean {
  return KNOWN.has(name);
}

/** The string a constant stands for (its own name, but for aliases). */
export function constantValue(name: string): string {
  return ALIASES.get(name) ?? name;
}
