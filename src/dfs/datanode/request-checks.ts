// Shape checks of the requests a datanode serves: the RPC layer only checks that a body is a map, so
// every field is checked here before use. A bad field is an InvalidArgumentError naming it.
import { InvalidArgumentError } from '../../common/errors.js';
import { parseHostPort } from '../../common/host-port.js';
import { chunksOf } from '../checksum.js';
import {
  BLOCK_BYTES_MAX,
  CHECKSUM_BYTES,
  CHUNK_BYTES,
  PACKET_BYTES,
  REPLICATION_MAX,
} from '../limits.js';
import type { PacketRequest, PipelineStage } from '../protocol.js';
import type { Block, DatanodeInfo } from '../types.js';

/** A packet may carry a little more than PACKET_BYTES (a re-sent partial chunk). */
export const PACKET_DATA_BYTES_MAX = 2 * PACKET_BYTES;

type Fields = Readonly<Record<string, unknown>>;

function fields(value: unknown, what: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(`${what} must be a map`);
  }
  return value as Fields;
}

/** A non-negative safe integer. */
export function count(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(`${what} must be a non-negative integer, got ${String(value)}`);
  }
  return value;
}

function bool(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw new InvalidArgumentError(`${what} must be a boolean`);
  return value;
}

function bytes(value: unknown, what: string): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new InvalidArgumentError(`${what} must be bytes`);
  return value;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new InvalidArgumentError(`${what} must be a string`);
  return value;
}

export function checkBlock(value: unknown, what = 'block'): Block {
  const f = fields(value, what);
  const numBytes = count(f['numBytes'], `${what}.numBytes`);
  if (numBytes > BLOCK_BYTES_MAX) {
    throw new InvalidArgumentError(
      `${what} has ${numBytes} bytes; the limit is ${BLOCK_BYTES_MAX}`,
    );
  }
  return {
    blockId: count(f['blockId'], `${what}.blockId`),
    genStamp: count(f['genStamp'], `${what}.genStamp`),
    numBytes,
  };
}

export function checkDatanode(value: unknown, what: string): DatanodeInfo {
  const f = fields(value, what);
  const address = text(f['address'], `${what}.address`);
  parseHostPort(address);
  return { datanodeId: text(f['datanodeId'], `${what}.datanodeId`), address };
}

export function checkDatanodes(value: unknown, what: string): DatanodeInfo[] {
  if (!Array.isArray(value)) throw new InvalidArgumentError(`${what} must be a list`);
  if (value.length > REPLICATION_MAX) {
    throw new InvalidArgumentError(
      `${what} names ${value.length} datanodes; the limit is ${REPLICATION_MAX}`,
    );
  }
  return value.map((d, i) => checkDatanode(d, `${what}[${i}]`));
}

const STAGES: readonly PipelineStage[] = ['create', 'append', 'recover', 'transfer'];

export function checkStage(value: unknown): PipelineStage {
  const stage = STAGES.find((s) => s === value);
  if (stage === undefined) {
    throw new InvalidArgumentError(
      `stage must be one of ${STAGES.join(', ')}, got ${String(value)}`,
    );
  }
  return stage;
}

/** Checks every field of a packet, and that its checksums cover its data exactly. */
export function checkPacket(value: unknown): PacketRequest {
  const f = fields(value, 'packet');
  const data = bytes(f['data'], 'packet.data');
  const checksums = bytes(f['checksums'], 'packet.checksums');
  if (data.length > PACKET_DATA_BYTES_MAX) {
    throw new InvalidArgumentError(
      `packet carries ${data.length} bytes; the limit is ${PACKET_DATA_BYTES_MAX}`,
    );
  }
  if (checksums.length !== chunksOf(data.length) * CHECKSUM_BYTES) {
    throw new InvalidArgumentError(
      `packet has ${checksums.length} checksum bytes for ${data.length} data bytes; expected ${
        chunksOf(data.length) * CHECKSUM_BYTES
      }`,
    );
  }
  const offset = count(f['offset'], 'packet.offset');
  if (data.length > 0 && offset % CHUNK_BYTES !== 0) {
    throw new InvalidArgumentError(`packet offset ${offset} is not a multiple of ${CHUNK_BYTES}`);
  }
  return {
    blockId: count(f['blockId'], 'packet.blockId'),
    genStamp: count(f['genStamp'], 'packet.genStamp'),
    seqno: count(f['seqno'], 'packet.seqno'),
    offset,
    data,
    checksums,
    last: bool(f['last'], 'packet.last'),
    sync: bool(f['sync'], 'packet.sync'),
  };
}

export function checkRequest(value: unknown, what: string): Fields {
  return fields(value, what);
}

export { bool as checkBool, text as checkText };
