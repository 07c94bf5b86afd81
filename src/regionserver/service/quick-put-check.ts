// The common, well-formed Put checked without building a single path string: a batch of 2,000
// puts otherwise made about six strings per cell (`mutations[12].cells[0].family`, ...) only to
// throw them away, which was a fifth of what a region server allocated per put. Anything this
// check does not accept goes to the full check (request-checks.ts), which names what is wrong, so
// the two must accept exactly the same puts and build the same value.
import type { Put, PutCell } from '../../common/mutations.js';
import { DURABILITIES, type Durability } from '../../common/operations.js';
import { REQUEST_LIST_ITEMS_MAX } from './limits.js';

type Fields = Readonly<Record<string, unknown>>;

function isFields(value: unknown): value is Fields {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value)
  );
}

function quickPutCell(value: unknown): PutCell | undefined {
  if (!isFields(value)) return undefined;
  const family = value['family'];
  const qualifier = value['qualifier'];
  const bytes = value['value'];
  const timestamp = value['timestamp'];
  if (!Buffer.isBuffer(family) || !Buffer.isBuffer(qualifier) || !Buffer.isBuffer(bytes)) {
    return undefined;
  }
  if (timestamp === undefined) return { family, qualifier, value: bytes };
  if (!Number.isSafeInteger(timestamp)) return undefined;
  return { family, qualifier, value: bytes, timestamp: timestamp as number };
}

/** `value` as a Put when it is a well-formed one; undefined for anything else (even a good Delete). */
export function quickPut(value: unknown): Put | undefined {
  if (!isFields(value) || value['type'] !== 'put') return undefined;
  const row = value['row'];
  const list = value['cells'];
  const durability = value['durability'];
  if (!Buffer.isBuffer(row) || !Array.isArray(list) || list.length > REQUEST_LIST_ITEMS_MAX) {
    return undefined;
  }
  if (durability !== undefined && !DURABILITIES.includes(durability as Durability)) {
    return undefined;
  }
  const cells: PutCell[] = [];
  for (const item of list as readonly unknown[]) {
    const cell = quickPutCell(item);
    if (cell === undefined) return undefined;
    cells.push(cell);
  }
  return durability === undefined
    ? { type: 'put', row, cells }
    : { type: 'put', row, cells, durability: durability as Durability };
}
