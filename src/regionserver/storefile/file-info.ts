// The file-info block: every StoreFileInfo field (keys stored without values). Invariant: a decoded
// file info is self-consistent (keys present exactly when there are entries, deletes <= entries).
import type { Cell } from '../../common/cell.js';
import type { BloomType } from '../../common/operations.js';
import { BlockType, frameBlock, unframeBlock } from './block-frame.js';
import { ByteReader, varintBytes, writeU64, writeVarint } from './codec.js';
import { encodeKey, KeyView, keyBytesOf } from './key.js';
import type { StoreFileInfo } from './types.js';

const BLOOM_CODES: readonly BloomType[] = ['NONE', 'ROW', 'ROWCOL'];
const FLAG_MAJOR_COMPACTED = 1;

function optionalKeyBytes(key: Cell | undefined): number {
  const n = key === undefined ? 0 : keyBytesOf(key);
  return varintBytes(n) + n;
}

function writeOptionalKey(buf: Buffer, p: number, key: Cell | undefined): number {
  if (key === undefined) return writeVarint(buf, p, 0);
  return encodeKey(key, buf, writeVarint(buf, p, keyBytesOf(key)));
}

/**
 * Payload: maxSequenceId varint, minTimestamp u64, maxTimestamp u64, earliestPutTimestamp u64,
 * entryCount varint,
 * deleteCount varint, dataBytes varint, bloomType u8, flags u8, then firstKey and lastKey, each a
 * varint length (0: none) and a key.
 */
export function encodeFileInfo(info: StoreFileInfo): Buffer {
  const bytes =
    varintBytes(info.maxSequenceId) +
    24 +
    varintBytes(info.entryCount) +
    varintBytes(info.deleteCount) +
    varintBytes(info.dataBytes) +
    2 +
    optionalKeyBytes(info.firstKey) +
    optionalKeyBytes(info.lastKey);
  const buf = Buffer.allocUnsafe(bytes);
  let p = writeVarint(buf, 0, info.maxSequenceId);
  p = writeU64(buf, p, info.minTimestamp);
  p = writeU64(buf, p, info.maxTimestamp);
  p = writeU64(buf, p, info.earliestPutTimestamp);
  p = writeVarint(buf, p, info.entryCount);
  p = writeVarint(buf, p, info.deleteCount);
  p = writeVarint(buf, p, info.dataBytes);
  buf[p++] = BLOOM_CODES.indexOf(info.bloomType);
  buf[p++] = info.majorCompacted ? FLAG_MAJOR_COMPACTED : 0;
  p = writeOptionalKey(buf, p, info.firstKey);
  writeOptionalKey(buf, p, info.lastKey);
  return frameBlock(BlockType.FileInfo, buf);
}

export function decodeFileInfo(framed: Buffer, what: string): StoreFileInfo {
  const payload = unframeBlock(framed, BlockType.FileInfo, what);
  const r: ByteReader = new ByteReader(payload, what);
  const maxSequenceId = r.varint('max sequence id');
  const minTimestamp = r.u64('min timestamp');
  const maxTimestamp = r.u64('max timestamp');
  const earliestPutTimestamp = r.u64('earliest Put timestamp');
  const entryCount = r.varint('entry count');
  const deleteCount = r.varint('delete count');
  const dataBytes = r.varint('data bytes');
  const bloomCode = r.u8('Bloom type');
  const bloomType = BLOOM_CODES[bloomCode];
  if (bloomType === undefined) r.fail(`Bloom type code ${bloomCode} is unknown`);
  const flags = r.u8('flags');
  if ((flags & ~FLAG_MAJOR_COMPACTED) !== 0) r.fail(`flags 0x${flags.toString(16)} are unknown`);
  const view = new KeyView();
  const firstKey = readOptionalKey(r, payload, view, 'first key');
  const lastKey = readOptionalKey(r, payload, view, 'last key');
  r.expectEnd();
  if (
    (entryCount === 0) !== (firstKey === undefined) ||
    (firstKey === undefined) !== (lastKey === undefined)
  ) {
    r.fail(`${entryCount} entries disagree with the first and last keys`);
  }
  if (deleteCount > entryCount) r.fail(`${deleteCount} deletes among ${entryCount} entries`);
  if (entryCount > 0 && minTimestamp > maxTimestamp) {
    r.fail(`min timestamp ${minTimestamp} is above max timestamp ${maxTimestamp}`);
  }
  return {
    maxSequenceId,
    minTimestamp,
    maxTimestamp,
    earliestPutTimestamp,
    entryCount,
    deleteCount,
    firstKey,
    lastKey,
    bloomType,
    majorCompacted: flags === FLAG_MAJOR_COMPACTED,
    dataBytes,
  };
}

function readOptionalKey(
  r: ByteReader,
  payload: Buffer,
  view: KeyView,
  what: string,
): Cell | undefined {
  const len = r.length(`${what} length`, r.remaining);
  if (len === 0) return undefined;
  const off = r.pos;
  r.bytes(len, what);
  if (!view.parse(payload, off, off + len, false)) r.fail(`${what} is malformed`);
  return view.toCell();
}
