// Record framing (pure): a 12-byte frame header (body length, body CRC32C, CRC32C of those 8
// bytes) before each body, and the 8-byte file preamble. Invariant: a frame whose header checks
// out has a trustworthy length, so a body cut short by the file's end is a torn tail, not damage.
import { crc32c } from '@node-rs/crc32';
import { assert } from '../../common/assert.js';
import {
  entryBodyBytes,
  headerBodyBytes,
  trailerBodyBytes,
  writeEntryBody,
  writeHeaderBody,
  writeTrailerBody,
  type WalHeader,
  type WalTrailer,
} from './codec.js';
import type { WalEntry } from './entry.js';
import { WalCorruptError } from './errors.js';
import { WAL_RECORD_BYTES_MAX } from './limits.js';

/** "CWAL", the format version (u16) and two zero bytes. */
export const WAL_MAGIC: Buffer = Buffer.from('CWAL', 'latin1');
export const WAL_FORMAT_VERSION = 1;
export const PREAMBLE_BYTES = 8;
export const FRAME_HEADER_BYTES = 12;

const PREAMBLE: Buffer = Buffer.alloc(PREAMBLE_BYTES);
WAL_MAGIC.copy(PREAMBLE, 0);
PREAMBLE.writeUInt16BE(WAL_FORMAT_VERSION, 4);

export function writePreamble(target: Buffer, offset: number): number {
  return offset + PREAMBLE.copy(target, offset);
}

/**
 * Checks the preamble in `bytes` (which may be a prefix of the file): 'ok', 'short' when the bytes
 * so far match but are too few, or a WalCorruptError (not a WAL file, or a version we cannot read).
 */
export function checkPreamble(bytes: Buffer): 'ok' | 'short' {
  const have = Math.min(bytes.length, PREAMBLE_BYTES);
  if (!bytes.subarray(0, have).equals(PREAMBLE.subarray(0, have))) {
    const magicOk = have >= 6 && bytes.subarray(0, 4).equals(WAL_MAGIC);
    const otherVersion = magicOk && bytes.readUInt16BE(4) !== WAL_FORMAT_VERSION;
    throw new WalCorruptError(
      otherVersion
        ? `WAL format version ${bytes.readUInt16BE(4)} is unknown; ` +
            `this reader reads version ${WAL_FORMAT_VERSION}`
        : 'the file does not start with the WAL preamble ("CWAL", version, two zero bytes)',
    );
  }
  return have === PREAMBLE_BYTES ? 'ok' : 'short';
}

/** Fills in the frame header at `offset` for the `bodyBytes`-byte body written just after it. */
export function sealFrame(target: Buffer, offset: number, bodyBytes: number): number {
  if (!(bodyBytes > 0 && bodyBytes <= WAL_RECORD_BYTES_MAX))
    assert(false, `record body of ${bodyBytes} bytes`);
  const bodyStart = offset + FRAME_HEADER_BYTES;
  const end = bodyStart + bodyBytes;
  target.writeUInt32BE(bodyBytes, offset);
  target.writeUInt32BE(crc32c(target.subarray(bodyStart, end)) >>> 0, offset + 4);
  target.writeUInt32BE(crc32c(target.subarray(offset, offset + 8)) >>> 0, offset + 8);
  return end;
}

/** The bytes of an entry's whole record (frame header and body). */
export function entryRecordBytes(entry: WalEntry): number {
  return FRAME_HEADER_BYTES + entryBodyBytes(entry);
}

/** Writes an entry's record at `offset` (room for entryRecordBytes); returns its end. */
export function writeEntryRecord(entry: WalEntry, target: Buffer, offset: number): number {
  const end = writeEntryBody(entry, target, offset + FRAME_HEADER_BYTES);
  return sealFrame(target, offset, end - offset - FRAME_HEADER_BYTES);
}

/** One entry as one record, in one buffer. */
export function encodeEntry(entry: WalEntry): Buffer {
  const out = Buffer.allocUnsafe(entryRecordBytes(entry));
  const end = writeEntryRecord(entry, out, 0);
  if (end !== out.length)
    assert(false, `entry record is ${end} bytes; ${out.length} were computed`);
  return out;
}

/** A new file's first bytes: the preamble, then the header record. */
export function encodeFileStart(header: WalHeader): Buffer {
  const bodyBytes = headerBodyBytes(header);
  const out = Buffer.allocUnsafe(PREAMBLE_BYTES + FRAME_HEADER_BYTES + bodyBytes);
  const at = writePreamble(out, 0);
  writeHeaderBody(header, out, at + FRAME_HEADER_BYTES);
  sealFrame(out, at, bodyBytes);
  return out;
}

/** A closed file's last record. */
export function encodeTrailer(trailer: WalTrailer): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER_BYTES + trailerBodyBytes());
  writeTrailerBody(trailer, out, FRAME_HEADER_BYTES);
  sealFrame(out, 0, trailerBodyBytes());
  return out;
}

export type FrameScan =
  /** A whole record whose body matched its CRC; `body` is a view of the scanned buffer. */
  | { readonly kind: 'record'; readonly body: Buffer; readonly end: number }
  /** The buffer ends inside this frame; `needBytes` from `offset` would hold all of it. */
  | { readonly kind: 'incomplete'; readonly needBytes: number }
  /** A whole record whose body failed its CRC. */
  | { readonly kind: 'bad-body'; readonly end: number };

/** Looks at the frame starting at `offset`; a frame header that fails its CRC is corrupt. */
export function scanFrame(bytes: Buffer, offset: number): FrameScan {
  const available = bytes.length - offset;
  if (available < FRAME_HEADER_BYTES) return { kind: 'incomplete', needBytes: FRAME_HEADER_BYTES };
  const headerCrc = bytes.readUInt32BE(offset + 8);
  if (crc32c(bytes.subarray(offset, offset + 8)) >>> 0 !== headerCrc) {
    throw new WalCorruptError('the frame header fails its checksum');
  }
  const bodyBytes = bytes.readUInt32BE(offset);
  if (bodyBytes === 0 || bodyBytes > WAL_RECORD_BYTES_MAX) {
    throw new WalCorruptError(
      `the record body is ${bodyBytes} bytes; it must be 1 to WAL_RECORD_BYTES_MAX ` +
        `(${WAL_RECORD_BYTES_MAX})`,
    );
  }
  const needBytes = FRAME_HEADER_BYTES + bodyBytes;
  if (available < needBytes) return { kind: 'incomplete', needBytes };
  const end = offset + needBytes;
  const body = bytes.subarray(offset + FRAME_HEADER_BYTES, end);
  if (crc32c(body) >>> 0 !== bytes.readUInt32BE(offset + 4)) return { kind: 'bad-body', end };
  return { kind: 'record', body, end };
}
