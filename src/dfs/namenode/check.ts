// Shape checks of RPC requests: the RPC layer only checks that a body is a map, so each field a
// handler uses is checked here and a bad one fails with InvalidArgument naming it.
import { InvalidArgumentError, LimitExceededError } from '../../common/errors.js';
import type { Block, DatanodeInfo, DatanodeUsage, ReplicaReport, ReplicaState } from '../types.js';

/** Client names, datanode ids and addresses longer than this are refused. */
export const NAME_BYTES_MAX = 1_024;
/** Characters of a bad value quoted in an error message. */
const SHOWN_CHARS_MAX = 64;
/** Datanodes in one request's list (pipelines, exclusions, recovery targets). */
export const DATANODE_LIST_MAX = 1_024;

const REPLICA_STATES: ReadonlySet<string> = new Set<ReplicaState>([
  'finalized',
  'rbw',
  'rwr',
  'rur',
  'temporary',
]);

function fail(field: string, value: unknown, expected: string): never {
  const shown = typeof value === 'string' ? `'${value.slice(0, SHOWN_CHARS_MAX)}'` : String(value);
  throw new InvalidArgumentError(`${field} is ${shown}; expected ${expected}`);
}

export function checkName(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > NAME_BYTES_MAX) {
    fail(field, value, `a string of 1..${NAME_BYTES_MAX} characters`);
  }
  return value;
}

export function checkString(value: unknown, field: string): string {
  if (typeof value !== 'string') fail(field, value, 'a string');
  return value;
}

export function checkCount(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    fail(field, value, 'an integer ≥ 0');
  }
  return value;
}

export function checkBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') fail(field, value, 'true or false');
  return value;
}

function checkMap(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(field, value, 'a map');
  }
  return value as Record<string, unknown>;
}

function checkArray(value: unknown, field: string, max: number): unknown[] {
  if (!Array.isArray(value)) fail(field, value, 'a list');
  if (value.length > max) {
    throw new LimitExceededError(`${field} has ${value.length} entries; the limit is ${max}`);
  }
  return value;
}

export function checkBlock(value: unknown, field: string): Block {
  const map = checkMap(value, field);
  return {
    blockId: checkCount(map['blockId'], `${field}.blockId`),
    genStamp: checkCount(map['genStamp'], `${field}.genStamp`),
    numBytes: checkCount(map['numBytes'], `${field}.numBytes`),
  };
}

export function checkBlockOrNull(value: unknown, field: string): Block | null {
  return value === null || value === undefined ? null : checkBlock(value, field);
}

export function checkDatanode(value: unknown, field: string): DatanodeInfo {
  const map = checkMap(value, field);
  return {
    datanodeId: checkName(map['datanodeId'], `${field}.datanodeId`),
    address: checkName(map['address'], `${field}.address`),
  };
}

export function checkDatanodes(value: unknown, field: string): DatanodeInfo[] {
  if (value === undefined) return [];
  return checkArray(value, field, DATANODE_LIST_MAX).map((d, i) =>
    checkDatanode(d, `${field}[${i}]`),
  );
}

export function checkUsage(value: unknown): DatanodeUsage {
  const map = checkMap(value, 'usage');
  return {
    capacityBytes: checkCount(map['capacityBytes'], 'usage.capacityBytes'),
    usedBytes: checkCount(map['usedBytes'], 'usage.usedBytes'),
    remainingBytes: checkCount(map['remainingBytes'], 'usage.remainingBytes'),
    activeTransfers: checkCount(map['activeTransfers'], 'usage.activeTransfers'),
  };
}

export function checkReplicas(value: unknown, field: string, max: number): ReplicaReport[] {
  return checkArray(value, field, max).map((r, i) => {
    const map = checkMap(r, `${field}[${i}]`);
    const state = map['state'];
    if (typeof state !== 'string' || !REPLICA_STATES.has(state)) {
      fail(`${field}[${i}].state`, state, [...REPLICA_STATES].join(' | '));
    }
    return {
      blockId: checkCount(map['blockId'], `${field}[${i}].blockId`),
      genStamp: checkCount(map['genStamp'], `${field}[${i}].genStamp`),
      numBytes: checkCount(map['numBytes'], `${field}[${i}].numBytes`),
      state: state as ReplicaState,
    };
  });
}

export function checkBlockIds(value: unknown, field: string, max: number): number[] {
  return checkArray(value, field, max).map((id, i) => checkCount(id, `${field}[${i}]`));
}

export function checkBadReplicas(
  value: unknown,
  max: number,
): { block: Block; datanodeId: string }[] {
  return checkArray(value, 'replicas', max).map((r, i) => {
    const map = checkMap(r, `replicas[${i}]`);
    return {
      block: checkBlock(map['block'], `replicas[${i}].block`),
      datanodeId: checkName(map['datanodeId'], `replicas[${i}].datanodeId`),
    };
  });
}
