// A region's row in meta, both ways: MetaRegionEntry → Put of `info` columns, and row cells →
// MetaRegionEntry. Invariant: every Put writes every column (an absent value as empty bytes), so a
// row's newest versions always come from one Put, and decoding checks each field and their links.
import { bytesEqual, EMPTY_BYTES } from '../../common/bytes.js';
import type { Cell } from '../../common/cell.js';
import { InvalidArgumentError } from '../../common/errors.js';
import type { Delete, Put } from '../../common/mutations.js';
import type { RegionInfo } from '../../regionserver/region-info.js';
import type { RegionState } from '../assignment/types.js';
import { CorruptMetaError } from './errors.js';
import { checkU64, describeKey, u64Bytes } from './meta-bytes.js';
import {
  flagBytes,
  flagValue,
  metaDelete,
  metaPut,
  newestColumns,
  oneOfValue,
  u64Value,
  type MetaWriteOptions,
} from './meta-columns.js';
import { metaRowKey, metaRowName } from './meta-key.js';
import { MetaQualifier as Q } from './meta-table.js';
import { asCorrupt, decodeRegionInfo, encodeRegionInfo } from './region-info-codec.js';
import {
  checkDaughters,
  decodeServer,
  serverColumns,
  type SplitDaughters,
} from './region-links.js';
import type { ServerName } from './server-name.js';

/** What meta records of one region. */
export interface MetaRegionEntry {
  readonly info: RegionInfo;
  readonly state: RegionState;
  /**
   * The server the region is on: required when OPENING, OPEN or CLOSING; may name the last server
   * in another state (where it was, for retaining assignments); undefined when there is none.
   */
  readonly server: ServerName | undefined;
  /** The sequence id the region reported when it last opened; 0 before any open. */
  readonly openSeqNum: number;
  /** The region is out of service for good (a split parent); not to be assigned. */
  readonly offline: boolean;
  /** A split parent's daughters (and then `offline` is true); undefined for any other region. */
  readonly daughters: SplitDaughters | undefined;
}

/** Every RegionState, kept complete by the compiler (a Record over the union). */
const REGION_STATE_SET: Readonly<Record<RegionState, true>> = {
  OFFLINE: true,
  OPENING: true,
  OPEN: true,
  FAILED_OPEN: true,
  CLOSING: true,
  CLOSED: true,
};
export const REGION_STATES: readonly RegionState[] = Object.freeze(
  Object.keys(REGION_STATE_SET) as RegionState[],
);
/** The states in which a region is on a server, so its row must name one. */
const STATES_ON_A_SERVER: ReadonlySet<RegionState> = new Set(['OPENING', 'OPEN', 'CLOSING']);

/**
 * Checks how an entry's fields fit together (InvalidArgument naming the field): a server in
 * OPENING, OPEN and CLOSING; openSeqNum in 0 .. 2^53 - 1; daughters only on an offline region,
 * splitting its range in two, of the same table, with larger region ids.
 */
export function checkRegionEntry(entry: MetaRegionEntry): void {
  if (STATES_ON_A_SERVER.has(entry.state) && entry.server === undefined) {
    throw new InvalidArgumentError(
      `region ${entry.info.encodedName} is ${entry.state} but its entry names no server`,
    );
  }
  checkU64(entry.openSeqNum, 'openSeqNum');
  if (entry.daughters !== undefined) checkDaughters(entry.info, entry.daughters, entry.offline);
}

/**
 * The Put that records `entry` in meta: every column of the row, so it replaces all of a former
 * Put's values. Refuses an inconsistent entry (InvalidArgument) or a too-long key (LimitExceeded).
 */
export function regionRowPut(entry: MetaRegionEntry, options: MetaWriteOptions = {}): Put {
  checkRegionEntry(entry);
  const { daughters } = entry;
  return metaPut(
    metaRowKey(entry.info),
    [
      [Q.regioninfo, encodeRegionInfo(entry.info)],
      [Q.state, Buffer.from(entry.state, 'utf8')],
      ...serverColumns(entry.server),
      [Q.seqnumDuringOpen, u64Bytes(entry.openSeqNum)],
      [Q.offline, flagBytes(entry.offline)],
      [Q.split, flagBytes(daughters !== undefined)],
      [Q.splitA, daughters === undefined ? EMPTY_BYTES : encodeRegionInfo(daughters.a)],
      [Q.splitB, daughters === undefined ? EMPTY_BYTES : encodeRegionInfo(daughters.b)],
    ],
    options,
  );
}

/** Deletes a region's row (a merged or split parent's, once cleaned up). */
export function regionRowDelete(info: RegionInfo, options: MetaWriteOptions = {}): Delete {
  return metaDelete(metaRowKey(info), options);
}

/**
 * The entry a region row's cells hold (a non-raw Get or scan result of that one row). Every field
 * is checked: a missing `regioninfo` or `state`, a value that does not decode, a RegionInfo that
 * does not give the row's key, or fields that disagree are CorruptMeta naming the row and column.
 * Columns written by every Put but absent here take their empty value (no server, 0, false).
 */
export function parseRegionRow(cells: readonly Cell[]): MetaRegionEntry {
  const { row, values } = newestColumns(cells);
  const name = `meta row ${metaRowName(row)}`;
  const column = (qualifier: Buffer): { value: Buffer | undefined; where: string } => ({
    value: values.get(qualifier.toString('latin1')),
    where: `${name} info:${qualifier.toString('latin1')}`,
  });
  const info = decodeRequired(column(Q.regioninfo), (v, w) => decodeRegionInfo(v, w));
  if (!bytesEqual(metaRowKey(info), row)) {
    throw new CorruptMetaError(
      `${name} info:regioninfo names ${info.table} "${describeKey(info.startKey)}" ` +
        `${info.regionId}, not this row`,
    );
  }
  const state = decodeRequired(column(Q.state), (v, w) => oneOfValue(v, w, REGION_STATES));
  const server = decodeServer(column(Q.server), column(Q.serverstartcode), column(Q.sn));
  const openSeqNum = decodeOptional(column(Q.seqnumDuringOpen), 0, u64Value);
  const offline = decodeOptional(column(Q.offline), false, flagValue);
  const split = decodeOptional(column(Q.split), false, flagValue);
  const a = decodeOptional(column(Q.splitA), undefined, decodeRegionInfo);
  const b = decodeOptional(column(Q.splitB), undefined, decodeRegionInfo);
  if ((a === undefined) !== (b === undefined) || split !== (a !== undefined)) {
    throw new CorruptMetaError(
      `${name}: info:split is ${split} but info:splitA is ${a === undefined ? 'empty' : 'set'} ` +
        `and info:splitB is ${b === undefined ? 'empty' : 'set'}; all three must agree`,
    );
  }
  const daughters = a === undefined || b === undefined ? undefined : { a, b };
  const entry: MetaRegionEntry = { info, state, server, openSeqNum, offline, daughters };
  asCorrupt(() => checkRegionEntry(entry), name);
  return entry;
}

type Decode<T> = (value: Buffer, where: string) => T;

function decodeRequired<T>(
  column: { value: Buffer | undefined; where: string },
  decode: Decode<T>,
): T {
  if (column.value === undefined || column.value.length === 0) {
    throw new CorruptMetaError(`${column.where} is missing`);
  }
  return decode(column.value, column.where);
}

/** An absent or empty value is `empty`; any other is decoded. */
function decodeOptional<T, E>(
  column: { value: Buffer | undefined; where: string },
  empty: E,
  decode: Decode<T>,
): T | E {
  if (column.value === undefined || column.value.length === 0) return empty;
  return decode(column.value, column.where);
}
