// The `meta` table itself: its name, its one family and the qualifiers of its rows, its schema,
// and its single region. Invariant: meta has exactly one region, covering every key, with id 1.
import { EMPTY_BYTES } from '../../common/bytes.js';
import { familyDescriptor, type TableDescriptor } from '../../common/operations.js';
import { makeRegionInfo, type RegionInfo } from '../../regionserver/region-info.js';
import { META_BLOCK_BYTES, META_MAX_VERSIONS } from './limits.js';

/** The catalog table, in the reserved `colonnade` namespace (HBase's `hbase:meta`). */
export const META_TABLE_NAME = 'colonnade:meta';
/** The only family of meta, on every row (HBase's catalog family). */
export const META_FAMILY_NAME = 'info';
/** META_FAMILY_NAME as bytes. Shared: never mutate it. */
export const META_FAMILY: Buffer = Buffer.from(META_FAMILY_NAME, 'latin1');

const qualifier = (name: string): Buffer => Buffer.from(name, 'latin1');

/** The qualifiers of meta's rows (HBase's names). Shared buffers: never mutate them. */
export const MetaQualifier = Object.freeze({
  /** Region rows: the RegionInfo (region-info-codec.ts). */
  regioninfo: qualifier('regioninfo'),
  /** Region rows: `host:port` of the server, empty when on none. */
  server: qualifier('server'),
  /** Region rows: the server's start code, 8 bytes big-endian; empty when on no server. */
  serverstartcode: qualifier('serverstartcode'),
  /** Region rows: `host,port,startcode`; empty when on no server. */
  sn: qualifier('sn'),
  /** Region rows: the RegionState; table rows: the TableState. UTF-8 text. */
  state: qualifier('state'),
  /** Region rows: the sequence id the region opened with, 8 bytes big-endian. */
  seqnumDuringOpen: qualifier('seqnumDuringOpen'),
  /** Region rows: 1 byte, 0x01 when the region is offline (a split parent), else 0x00. */
  offline: qualifier('offline'),
  /** Region rows: 1 byte, 0x01 when the region is a split parent, else 0x00. */
  split: qualifier('split'),
  /** Region rows: the daughters' RegionInfos of a split parent, empty otherwise. */
  splitA: qualifier('splitA'),
  splitB: qualifier('splitB'),
  /** Table rows: the TableDescriptor (table-descriptor-codec.ts). */
  descriptor: qualifier('descriptor'),
});

/**
 * Meta's schema, after HBase's: 3 versions (an operator can see what a row held before), in
 * memory, 8 KiB blocks for point lookups, SYNC_WAL. Bloom ROW rather than HBase's ROWCOL: meta is
 * read by whole-row gets and by scans (location lookups are reversed scans, which no Bloom filter
 * helps), never one column at a time, so a row Bloom answers every get a row-column one would, at
 * one entry per row instead of one per cell (a region row has ten).
 */
export const META_TABLE_DESCRIPTOR: TableDescriptor = Object.freeze({
  name: META_TABLE_NAME,
  families: Object.freeze([
    Object.freeze(
      familyDescriptor(META_FAMILY_NAME, {
        maxVersions: META_MAX_VERSIONS,
        inMemory: true,
        bloomType: 'ROW',
        blockSizeBytes: META_BLOCK_BYTES,
      }),
    ),
  ]),
  durability: 'SYNC_WAL',
});

/** Meta's one region: every key, region id 1 (its location is kept in the coordinator). */
export const META_REGION_INFO: RegionInfo = Object.freeze(
  makeRegionInfo(META_TABLE_NAME, EMPTY_BYTES, EMPTY_BYTES, 1),
);
