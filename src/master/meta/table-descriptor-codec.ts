// A TableDescriptor as meta stores it (`info:descriptor` of a table row): a msgpack map of its
// fields. Invariant: the same check runs on encode (InvalidArgument) and on decode (CorruptMeta),
// so only a descriptor that would be accepted for writing ever decodes, and decode(encode(x)) = x.
import { pack } from 'msgpackr';
import type { TableDescriptor } from '../../common/operations.js';
import { checkTableDescriptor } from '../../common/table-descriptor-check.js';
import { asCorrupt, unpackAt } from './region-info-codec.js';

/** Checks the descriptor (InvalidArgument naming the field) and encodes it. */
export { checkTableDescriptor };

export function encodeTableDescriptor(descriptor: TableDescriptor): Buffer {
  return pack(checkTableDescriptor(descriptor));
}

/** Decodes and checks a stored descriptor; anything else is CorruptMeta naming `where`. */
export function decodeTableDescriptor(bytes: Buffer, where: string): TableDescriptor {
  const value = unpackAt(bytes, where);
  return asCorrupt(() => checkTableDescriptor(value), where);
}
