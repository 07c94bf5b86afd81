// What a region row links to: the server it is on (three columns that must agree) and a split
// parent's daughters (which must split the parent's range in two). Invariant: only agreeing
// server columns and well-formed daughters are written or read back.
import { bytesEqual, EMPTY_BYTES } from '../../common/bytes.js';
import { InvalidArgumentError } from '../../common/errors.js';
import type { RegionInfo } from '../../regionserver/region-info.js';
import { CorruptMetaError } from './errors.js';
import { describeKey, u64Bytes } from './meta-bytes.js';
import { u64Value } from './meta-columns.js';
import { MetaQualifier as Q } from './meta-table.js';
import { asCorrupt } from './region-info-codec.js';
import {
  formatServerName,
  parseServerName,
  serverAddress,
  type ServerName,
} from './server-name.js';

/** A split parent's daughters: `a` from the parent's start key, `b` up to its end key. */
export interface SplitDaughters {
  readonly a: RegionInfo;
  readonly b: RegionInfo;
}

/**
 * Daughters fit their parent: the parent is offline; both are of its table with larger region
 * ids (so a lookup meets a daughter before the parent sharing its start key); a starts at the
 * parent's start key, b ends at its end key, and a ends where b starts. InvalidArgument otherwise.
 */
export function checkDaughters(
  parent: RegionInfo,
  daughters: SplitDaughters,
  offline: boolean,
): void {
  const { a, b } = daughters;
  const name = `split parent ${parent.encodedName}`;
  if (!offline) throw new InvalidArgumentError(`${name} has daughters but is not offline`);
  for (const daughter of [a, b]) {
    if (daughter.table !== parent.table) {
      throw new InvalidArgumentError(
        `${name} of ${parent.table} has a daughter of ${daughter.table}`,
      );
    }
    if (daughter.regionId <= parent.regionId) {
      throw new InvalidArgumentError(
        `${name} has region id ${parent.regionId}; its daughter ${daughter.encodedName} has ` +
          `${daughter.regionId}, which must be larger`,
      );
    }
  }
  const fits =
    bytesEqual(a.startKey, parent.startKey) &&
    bytesEqual(b.endKey, parent.endKey) &&
    a.endKey.length > 0 &&
    bytesEqual(a.endKey, b.startKey);
  if (!fits) {
    throw new InvalidArgumentError(
      `${name} covers ["${describeKey(parent.startKey)}", "${describeKey(parent.endKey)}"); ` +
        `its daughters cover ["${describeKey(a.startKey)}", "${describeKey(a.endKey)}") and ` +
        `["${describeKey(b.startKey)}", "${describeKey(b.endKey)}"), which do not split it in two`,
    );
  }
}

/** `info:server`, `info:serverstartcode` and `info:sn`, all empty when there is no server. */
export function serverColumns(server: ServerName | undefined): [Buffer, Buffer][] {
  if (server === undefined) {
    return [
      [Q.server, EMPTY_BYTES],
      [Q.serverstartcode, EMPTY_BYTES],
      [Q.sn, EMPTY_BYTES],
    ];
  }
  return [
    [Q.server, Buffer.from(serverAddress(server), 'utf8')],
    [Q.serverstartcode, u64Bytes(server.startCode)],
    [Q.sn, Buffer.from(formatServerName(server), 'utf8')],
  ];
}

interface Column {
  readonly value: Buffer | undefined;
  readonly where: string;
}

const isEmpty = (column: Column): boolean =>
  column.value === undefined || column.value.length === 0;

/**
 * The server the three columns name: undefined when all are empty; otherwise `sn` must parse and
 * `server` and `serverstartcode` must say the same. CorruptMeta naming the column that does not.
 */
export function decodeServer(
  server: Column,
  startCode: Column,
  sn: Column,
): ServerName | undefined {
  const empty = [server, startCode, sn].filter(isEmpty);
  if (empty.length === 3) return undefined;
  const missing = empty[0];
  if (missing !== undefined) {
    throw new CorruptMetaError(`${missing.where} is empty but another server column is set`);
  }
  const snText = (sn.value ?? EMPTY_BYTES).toString('utf8');
  const name = asCorrupt(() => parseServerName(snText), sn.where);
  const address = (server.value ?? EMPTY_BYTES).toString('utf8');
  if (address !== serverAddress(name)) {
    throw new CorruptMetaError(
      `${server.where} is "${address.slice(0, 300)}" but ${sn.where} is "${snText}"`,
    );
  }
  const code = u64Value(startCode.value ?? EMPTY_BYTES, startCode.where);
  if (code !== name.startCode) {
    throw new CorruptMetaError(`${startCode.where} is ${code} but ${sn.where} is "${snText}"`);
  }
  return name;
}
