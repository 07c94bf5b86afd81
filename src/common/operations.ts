// The data shapes of table operations, shared by the client and the region server: schema
// (family and table descriptors), durability, time ranges, gets and scans. Plain objects only,
// so that they cross the wire unchanged; the server validates every field it is given.
import type { FilterSpec } from './filter/spec.js';

/** HBase's Durability: how far a mutation's WAL entry must get before it is acknowledged. */
export type Durability = 'USE_DEFAULT' | 'SKIP_WAL' | 'ASYNC_WAL' | 'SYNC_WAL' | 'FSYNC_WAL';

export type BloomType = 'NONE' | 'ROW' | 'ROWCOL';
export type KeepDeletedCells = 'FALSE' | 'TRUE' | 'TTL';

/** Every Durability, for checks of values from outside. */
export const DURABILITIES: readonly Durability[] = [
  'USE_DEFAULT',
  'SKIP_WAL',
  'ASYNC_WAL',
  'SYNC_WAL',
  'FSYNC_WAL',
];
export const BLOOM_TYPES: readonly BloomType[] = ['NONE', 'ROW', 'ROWCOL'];
export const KEEP_DELETED_CELLS_VALUES: readonly KeepDeletedCells[] = ['FALSE', 'TRUE', 'TTL'];

/** HBase's TTL => FOREVER (Integer.MAX_VALUE seconds). */
export const TTL_FOREVER_SECONDS = 2_147_483_647;

/** A column family's schema, HBase's defaults unless told (see hbase-features.md §4.1). */
export interface FamilyDescriptor {
  readonly name: string;
  /** VERSIONS: default 1. */
  readonly maxVersions: number;
  /** MIN_VERSIONS: default 0; must be below maxVersions. */
  readonly minVersions: number;
  /** TTL in seconds: default TTL_FOREVER_SECONDS. */
  readonly ttlSeconds: number;
  readonly keepDeletedCells: KeepDeletedCells;
  readonly bloomType: BloomType;
  /** BLOCKSIZE: data block target, default 64 KiB. */
  readonly blockSizeBytes: number;
  /** BLOCKCACHE: cache data blocks (index and Bloom are always kept). Default true. */
  readonly blockCache: boolean;
  readonly inMemory: boolean;
}

export const FAMILY_DEFAULTS: Omit<FamilyDescriptor, 'name'> = {
  maxVersions: 1,
  minVersions: 0,
  ttlSeconds: TTL_FOREVER_SECONDS,
  keepDeletedCells: 'FALSE',
  bloomType: 'ROW',
  blockSizeBytes: 64 * 1024,
  blockCache: true,
  inMemory: false,
};

export function familyDescriptor(
  name: string,
  overrides: Partial<Omit<FamilyDescriptor, 'name'>> = {},
): FamilyDescriptor {
  return { name, ...FAMILY_DEFAULTS, ...overrides };
}

export interface TableDescriptor {
  /** `namespace:qualifier`, or a bare qualifier in the default namespace. */
  readonly name: string;
  readonly families: readonly FamilyDescriptor[];
  /** The table's durability; USE_DEFAULT means SYNC_WAL. */
  readonly durability: Durability;
  /** MEMSTORE_FLUSHSIZE override in bytes; undefined = the server's default. */
  readonly memstoreFlushBytes?: number;
  /** MAX_FILESIZE override in bytes (split threshold); undefined = the server's default. */
  readonly maxFileBytes?: number;
}

/** Half-open [minTs, maxTs), as HBase's TimeRange. */
export interface TimeRange {
  readonly minTs: number;
  readonly maxTs: number;
}

/** A column selection: a whole family (no qualifiers) or some of its qualifiers. */
export interface ColumnSelection {
  readonly family: Buffer;
  /** Undefined: every qualifier of the family. */
  readonly qualifiers?: readonly Buffer[];
}

/** What Get and Scan share. */
export interface ReadOptions {
  /** Undefined or empty: every family. */
  readonly columns?: readonly ColumnSelection[];
  /** Default [0, LATEST_TIMESTAMP]... i.e. every timestamp. */
  readonly timeRange?: TimeRange;
  /** Versions per column (readVersions); default 1; capped by the family's VERSIONS. */
  readonly maxVersions?: number;
  readonly filter?: FilterSpec;
  /** setCacheBlocks: default true. */
  readonly cacheBlocks?: boolean;
  /** Raw: delete markers and deleted cells are returned. */
  readonly raw?: boolean;
  /** setMaxResultsPerColumnFamily / setRowOffsetPerColumnFamily. */
  readonly maxResultsPerFamily?: number;
  readonly rowOffsetPerFamily?: number;
}

export interface GetSpec extends ReadOptions {
  readonly row: Buffer;
  /** setCheckExistenceOnly: only whether the row has a matching cell. */
  readonly existenceOnly?: boolean;
}

export interface ScanSpec extends ReadOptions {
  /** Inclusive unless startRowInclusive is false; empty = start of table (end when reversed). */
  readonly startRow?: Buffer;
  readonly startRowInclusive?: boolean;
  /** Exclusive unless stopRowInclusive is true; empty = end of table (start when reversed). */
  readonly stopRow?: Buffer;
  readonly stopRowInclusive?: boolean;
  readonly reversed?: boolean;
  /** Total rows (setLimit). */
  readonly limit?: number;
  /** Cells per result at most (setBatch), splitting wide rows. */
  readonly batch?: number;
}
