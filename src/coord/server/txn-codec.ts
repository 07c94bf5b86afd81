// A Raft log entry of the coordinator: the transaction, the member and request that proposed it
// (so that member can answer its client when it applies the entry), and the proposer's clock.
import { Packr } from 'msgpackr';
import { assert } from '../../common/assert.js';
import type { Txn } from '../tree/types.js';

export interface LogRecord {
  readonly origin: number;
  readonly requestId: number;
  readonly timeMs: number;
  readonly txn: Txn;
}

const packr = new Packr({ useRecords: false, mapsAsObjects: true });

export function encodeRecord(record: LogRecord): Uint8Array {
  return packr.pack([record.origin, record.requestId, record.timeMs, record.txn]);
}

export function decodeRecord(data: Uint8Array): LogRecord {
  const value: unknown = packr.unpack(data);
  assert(Array.isArray(value) && value.length === 4, 'log record is a 4-element array');
  const [origin, requestId, timeMs, txn] = value as [number, number, number, Txn];
  return { origin, requestId, timeMs, txn };
}
