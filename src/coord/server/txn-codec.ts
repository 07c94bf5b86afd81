// A Raft log entry of the coordinator: the transaction, the member, incarnation and request that
// proposed it (so that member can answer its client when it applies the entry), and the
// proposer's clock. The incarnation tells a member's lives apart: entries of an earlier life,
// replayed after a restart, carry request ids the new life reuses and must answer no one.
import { Packr } from 'msgpackr';
import { assert } from '../../common/assert.js';
import type { Txn } from '../tree/types.js';

export interface LogRecord {
  readonly origin: number;
  /** The proposing member's life (random per start); 0 in entries written before it existed. */
  readonly incarnation: number;
  readonly requestId: number;
  readonly timeMs: number;
  readonly txn: Txn;
}

const packr = new Packr({ useRecords: false, mapsAsObjects: true });

export function encodeRecord(record: LogRecord): Uint8Array {
  return packr.pack([
    record.origin,
    record.requestId,
    record.timeMs,
    record.txn,
    record.incarnation,
  ]);
}

export function decodeRecord(data: Uint8Array): LogRecord {
  const value: unknown = packr.unpack(data);
  assert(
    Array.isArray(value) && (value.length === 4 || value.length === 5),
    'log record is a 4- or 5-element array',
  );
  const [origin, requestId, timeMs, txn, incarnation] = value as [
    number,
    number,
    number,
    Txn,
    number | undefined,
  ];
  return { origin, incarnation: incarnation ?? 0, requestId, timeMs, txn };
}
