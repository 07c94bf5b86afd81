// The edit union: every mutation of the namespace as a record that carries its own timestamp, so
// that replaying the log reproduces the namespace exactly. Encoded as CRC32C + msgpack.
import { pack, unpack } from 'msgpackr';
import { crc32cOf } from '../checksum.js';

/** A block as the client reports it when committing: id, stamp and final length. */
export interface CommittedBlock {
  readonly blockId: number;
  readonly genStamp: number;
  readonly numBytes: number;
}

export type Edit =
  | { readonly kind: 'mkdirs'; readonly path: string; readonly timeMs: number }
  | {
      readonly kind: 'create';
      readonly path: string;
      readonly fileId: number;
      readonly clientName: string;
      readonly overwrite: boolean;
      readonly createParent: boolean;
      readonly replication: number;
      readonly blockBytes: number;
      readonly timeMs: number;
    }
  | {
      readonly kind: 'addBlock';
      readonly path: string;
      readonly clientName: string;
      /** The block just written (committed with its length), or null for a first block. */
      readonly previous: CommittedBlock | null;
      readonly blockId: number;
      readonly genStamp: number;
      readonly timeMs: number;
    }
  | {
      readonly kind: 'abandonBlock';
      readonly path: string;
      readonly clientName: string;
      readonly blockId: number;
      readonly timeMs: number;
    }
  /** Commits the last block's length without closing the file (complete() still waiting). */
  | {
      readonly kind: 'commitLast';
      readonly path: string;
      readonly clientName: string;
      readonly last: CommittedBlock;
      readonly timeMs: number;
    }
  | {
      readonly kind: 'close';
      readonly path: string;
      readonly clientName: string;
      readonly last: CommittedBlock | null;
      readonly timeMs: number;
    }
  /** Moves the generation stamp counter on (a stamp handed out for pipeline or lease recovery). */
  | { readonly kind: 'setGenStamp'; readonly genStamp: number; readonly timeMs: number }
  | {
      readonly kind: 'updatePipeline';
      readonly path: string;
      readonly clientName: string;
      readonly blockId: number;
      readonly genStamp: number;
      readonly numBytes: number;
      readonly timeMs: number;
    }
  | {
      readonly kind: 'append';
      readonly path: string;
      readonly clientName: string;
      /** The reopened partial last block's new stamp; null when there is none to reopen. */
      readonly newGenStamp: number | null;
      readonly timeMs: number;
    }
  /** Takes a file from its writer (lease recovery): `clientName` is the new holder. */
  | {
      readonly kind: 'reassignLease';
      readonly path: string;
      readonly clientName: string;
      readonly timeMs: number;
    }
  /** The outcome of a block recovery: the last block's new stamp and length. */
  | {
      readonly kind: 'syncBlock';
      readonly path: string;
      readonly blockId: number;
      readonly genStamp: number;
      readonly numBytes: number;
      readonly close: boolean;
      readonly timeMs: number;
    }
  | {
      readonly kind: 'delete';
      readonly path: string;
      readonly recursive: boolean;
      readonly timeMs: number;
    }
  | {
      readonly kind: 'rename';
      readonly src: string;
      readonly dst: string;
      readonly timeMs: number;
    };

export type EditKind = Edit['kind'];

const EDIT_KINDS: ReadonlySet<string> = new Set<EditKind>([
  'mkdirs',
  'create',
  'addBlock',
  'abandonBlock',
  'commitLast',
  'close',
  'setGenStamp',
  'updatePipeline',
  'append',
  'reassignLease',
  'syncBlock',
  'delete',
  'rename',
]);

const CRC_BYTES = 4;

/** CRC32C (big-endian) of the msgpack body, then the body. */
export function encodeEdit(edit: Edit): Uint8Array {
  const body = pack(edit);
  const out = Buffer.allocUnsafe(CRC_BYTES + body.length);
  out.writeUInt32BE(crc32cOf(body), 0);
  body.copy(out, CRC_BYTES);
  return out;
}

/** The edit, or undefined when the record is truncated, garbled or of an unknown kind. */
export function decodeEdit(record: Uint8Array): Edit | undefined {
  if (record.length <= CRC_BYTES) return undefined;
  const bytes = Buffer.from(record.buffer, record.byteOffset, record.byteLength);
  const body = bytes.subarray(CRC_BYTES);
  if (bytes.readUInt32BE(0) !== crc32cOf(body)) return undefined;
  let value: unknown;
  try {
    value = unpack(body);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const kind = (value as { kind?: unknown }).kind;
  if (typeof kind !== 'string' || !EDIT_KINDS.has(kind)) return undefined;
  if (typeof (value as { timeMs?: unknown }).timeMs !== 'number') return undefined;
  return value as Edit;
}
