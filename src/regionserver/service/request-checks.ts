// The region server's requests as they arrive (msgpack-decoded, any shape), checked into the
// engine's types: gets, scans, puts and deletes, and the master's region and table descriptors.
// A wrong field is an InvalidArgumentError naming it; limits on sizes stay the engine's to check.
import { checkFilterSpec } from '../../common/filter/check.js';
import type {
  Append,
  CheckAndMutate,
  CheckCondition,
  Delete,
  DeleteTarget,
  Increment,
  Mutation,
  Put,
  PutCell,
  RowMutations,
  RowOperation,
} from '../../common/mutations.js';
import { COMPARE_OPS } from '../../common/filter/spec.js';
import {
  type ColumnSelection,
  DURABILITIES,
  type GetSpec,
  type ReadOptions,
  type ScanSpec,
  type TimeRange,
} from '../../common/operations.js';
import { InvalidArgumentError } from '../../common/errors.js';
import {
  bigintAt,
  bytesAt,
  bytesOrNullAt,
  type Fields,
  integerAt,
  listAt,
  objectAt,
  oneOfAt,
  booleanAt,
  optionalBooleanAt,
  optionalBytesAt,
  optionalIntegerAt,
  optionalOneOfAt,
  stringAt,
} from '../../common/shape.js';
import { makeRegionInfo, type RegionInfo } from '../region-info.js';
import { MUTATIONS_PER_CALL_MAX, REQUEST_LIST_ITEMS_MAX } from './limits.js';
import { quickPut } from './quick-put-check.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Copies `value` into `out[key]` only when it is defined (exactOptionalPropertyTypes). */
function put<T extends object, K extends keyof T>(out: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) out[key] = value;
}

function timeRangeAt(value: unknown, path: string): TimeRange {
  const fields = objectAt(value, path);
  return {
    minTs: integerAt(fields['minTs'], `${path}.minTs`),
    maxTs: integerAt(fields['maxTs'], `${path}.maxTs`),
  };
}

// Paths are built only when a check fails: a get names its columns on every call.
function columnsAt(value: unknown, path: string): ColumnSelection[] {
  const list = listAt(value, path, REQUEST_LIST_ITEMS_MAX);
  const out: ColumnSelection[] = [];
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const fields = isFields(item) ? item : objectAt(item, `${path}[${i}]`);
    const family = fields['family'];
    const column: { family: Buffer; qualifiers?: Buffer[] } = {
      family: Buffer.isBuffer(family) ? family : bytesAt(family, `${path}[${i}].family`),
    };
    const qualifiers = fields['qualifiers'];
    if (qualifiers !== undefined) column.qualifiers = qualifiersAt(qualifiers, path, i);
    out.push(column);
  }
  return out;
}

function qualifiersAt(value: unknown, path: string, i: number): Buffer[] {
  const list = Array.isArray(value) && value.length <= REQUEST_LIST_ITEMS_MAX ? value : undefined;
  const items = list ?? listAt(value, `${path}[${i}].qualifiers`, REQUEST_LIST_ITEMS_MAX);
  for (let j = 0; j < items.length; j++) {
    if (!Buffer.isBuffer(items[j])) bytesAt(items[j], `${path}[${i}].qualifiers[${j}]`);
  }
  return items as Buffer[];
}

function isFields(value: unknown): value is Fields {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value)
  );
}

/** Fills `out` with the read options `fields` sets. Paths are made only for the fields present. */
function readOptionsInto(out: Mutable<ReadOptions>, fields: Fields, path: string): void {
  const { columns, timeRange, maxVersions, filter, cacheBlocks, raw } = fields;
  const { maxResultsPerFamily, rowOffsetPerFamily } = fields;
  if (columns !== undefined) out.columns = columnsAt(columns, `${path}.columns`);
  if (timeRange !== undefined) out.timeRange = timeRangeAt(timeRange, `${path}.timeRange`);
  if (maxVersions !== undefined) out.maxVersions = integerAt(maxVersions, `${path}.maxVersions`);
  if (filter !== undefined) out.filter = checkFilterSpec(filter, `${path}.filter`);
  if (cacheBlocks !== undefined) out.cacheBlocks = booleanAt(cacheBlocks, `${path}.cacheBlocks`);
  if (raw !== undefined) out.raw = booleanAt(raw, `${path}.raw`);
  if (maxResultsPerFamily !== undefined) {
    out.maxResultsPerFamily = integerAt(maxResultsPerFamily, `${path}.maxResultsPerFamily`);
  }
  if (rowOffsetPerFamily !== undefined) {
    out.rowOffsetPerFamily = integerAt(rowOffsetPerFamily, `${path}.rowOffsetPerFamily`);
  }
}

export function checkGetSpec(value: unknown, path = 'get'): GetSpec {
  const fields = objectAt(value, path);
  const out: Mutable<GetSpec> = { row: bytesAt(fields['row'], `${path}.row`) };
  readOptionsInto(out, fields, path);
  const existenceOnly = fields['existenceOnly'];
  if (existenceOnly !== undefined) {
    out.existenceOnly = booleanAt(existenceOnly, `${path}.existenceOnly`);
  }
  return out;
}

export function checkScanSpec(value: unknown, path = 'scan'): ScanSpec {
  const fields = objectAt(value, path);
  const out: Mutable<ScanSpec> = {};
  readOptionsInto(out, fields, path);
  put(out, 'startRow', optionalBytesAt(fields['startRow'], `${path}.startRow`));
  put(out, 'stopRow', optionalBytesAt(fields['stopRow'], `${path}.stopRow`));
  put(
    out,
    'startRowInclusive',
    optionalBooleanAt(fields['startRowInclusive'], `${path}.startRowInclusive`),
  );
  put(
    out,
    'stopRowInclusive',
    optionalBooleanAt(fields['stopRowInclusive'], `${path}.stopRowInclusive`),
  );
  put(out, 'reversed', optionalBooleanAt(fields['reversed'], `${path}.reversed`));
  put(out, 'limit', optionalIntegerAt(fields['limit'], `${path}.limit`));
  put(out, 'batch', optionalIntegerAt(fields['batch'], `${path}.batch`));
  return out;
}

function putCellAt(value: unknown, path: string): PutCell {
  const fields = objectAt(value, path);
  const cell: { -readonly [K in keyof PutCell]: PutCell[K] } = {
    family: bytesAt(fields['family'], `${path}.family`),
    qualifier: bytesAt(fields['qualifier'], `${path}.qualifier`),
    value: bytesAt(fields['value'], `${path}.value`),
  };
  put(cell, 'timestamp', optionalIntegerAt(fields['timestamp'], `${path}.timestamp`));
  return cell;
}

function deleteTargetAt(value: unknown, path: string): DeleteTarget {
  const fields = objectAt(value, path);
  const kind = oneOfAt(fields['kind'], `${path}.kind`, [
    'version',
    'column',
    'family',
    'familyVersion',
  ] as const);
  const family = bytesAt(fields['family'], `${path}.family`);
  const timestamp = optionalIntegerAt(fields['timestamp'], `${path}.timestamp`);
  switch (kind) {
    case 'version':
    case 'column': {
      const qualifier = bytesAt(fields['qualifier'], `${path}.qualifier`);
      return timestamp === undefined
        ? { kind, family, qualifier }
        : { kind, family, qualifier, timestamp };
    }
    case 'family':
      return timestamp === undefined ? { kind, family } : { kind, family, timestamp };
    case 'familyVersion':
      return { kind, family, timestamp: integerAt(fields['timestamp'], `${path}.timestamp`) };
  }
}

export function checkMutation(value: unknown, path: string): Mutation {
  const fields = objectAt(value, path);
  const type = oneOfAt(fields['type'], `${path}.type`, ['put', 'delete'] as const);
  const row = bytesAt(fields['row'], `${path}.row`);
  const durability = optionalOneOfAt(fields['durability'], `${path}.durability`, DURABILITIES);
  if (type === 'put') {
    const cells = listAt(fields['cells'], `${path}.cells`, REQUEST_LIST_ITEMS_MAX).map((c, i) =>
      putCellAt(c, `${path}.cells[${i}]`),
    );
    const out: { -readonly [K in keyof Put]: Put[K] } = { type, row, cells };
    put(out, 'durability', durability);
    return out;
  }
  const targets = listAt(fields['targets'], `${path}.targets`, REQUEST_LIST_ITEMS_MAX).map((t, i) =>
    deleteTargetAt(t, `${path}.targets[${i}]`),
  );
  const out: { -readonly [K in keyof Delete]: Delete[K] } = { type, row, targets };
  put(out, 'timestamp', optionalIntegerAt(fields['timestamp'], `${path}.timestamp`));
  put(out, 'durability', durability);
  return out;
}

export function checkMutations(value: unknown, path = 'mutations'): Mutation[] {
  // quickPut takes the usual well-formed puts without making a path string; the rest (and
  // anything wrong) go through checkMutation, whose errors name the field.
  return listAt(value, path, MUTATIONS_PER_CALL_MAX).map(
    (m, i) => quickPut(m) ?? checkMutation(m, `${path}[${i}]`),
  );
}

/** A region's descriptor from the master; its encoded name must be the one its parts give. */
export function checkRegionInfo(value: unknown, path = 'region'): RegionInfo {
  const fields = objectAt(value, path);
  const table = stringAt(fields['table'], `${path}.table`);
  const startKey = bytesAt(fields['startKey'], `${path}.startKey`);
  const endKey = bytesAt(fields['endKey'], `${path}.endKey`);
  const regionId = integerAt(fields['regionId'], `${path}.regionId`);
  const encodedName = stringAt(fields['encodedName'], `${path}.encodedName`);
  const info = makeRegionInfo(table, startKey, endKey, regionId);
  if (info.encodedName !== encodedName) {
    throw new InvalidArgumentError(
      `${path}.encodedName is ${encodedName}; the table, start key and region id give ` +
        info.encodedName,
    );
  }
  return info;
}

export { checkTableDescriptor } from '../../common/table-descriptor-check.js';

function columnsOf(value: unknown, path: string): readonly unknown[] {
  return listAt(value, path, REQUEST_LIST_ITEMS_MAX);
}

/** A Put, Delete, Increment, Append or RowMutations on one row (mutateRow, checkAndMutate). */
export function checkRowOperation(value: unknown, path = 'operation'): RowOperation {
  const fields = objectAt(value, path);
  const type = oneOfAt(fields['type'], `${path}.type`, [
    'put',
    'delete',
    'increment',
    'append',
    'rowMutations',
  ] as const);
  if (type === 'put' || type === 'delete') return checkMutation(value, path);
  const row = bytesAt(fields['row'], `${path}.row`);
  const durability = optionalOneOfAt(fields['durability'], `${path}.durability`, DURABILITIES);
  if (type === 'rowMutations') {
    const mutations = listAt(fields['mutations'], `${path}.mutations`, MUTATIONS_PER_CALL_MAX).map(
      (m, i) => checkMutation(m, `${path}.mutations[${i}]`),
    );
    const out: RowMutations = { type, row, mutations };
    return out;
  }
  if (type === 'increment') {
    const columns = columnsOf(fields['columns'], `${path}.columns`).map((c, i) => {
      const column = objectAt(c, `${path}.columns[${i}]`);
      return {
        family: bytesAt(column['family'], `${path}.columns[${i}].family`),
        qualifier: bytesAt(column['qualifier'], `${path}.columns[${i}].qualifier`),
        amount: bigintAt(column['amount'], `${path}.columns[${i}].amount`),
      };
    });
    const out: { -readonly [K in keyof Increment]: Increment[K] } = { type, row, columns };
    put(out, 'durability', durability);
    return out;
  }
  const columns = columnsOf(fields['columns'], `${path}.columns`).map((c, i) => {
    const column = objectAt(c, `${path}.columns[${i}]`);
    return {
      family: bytesAt(column['family'], `${path}.columns[${i}].family`),
      qualifier: bytesAt(column['qualifier'], `${path}.columns[${i}].qualifier`),
      value: bytesAt(column['value'], `${path}.columns[${i}].value`),
    };
  });
  const out: { -readonly [K in keyof Append]: Append[K] } = { type, row, columns };
  put(out, 'durability', durability);
  return out;
}

function conditionAt(value: unknown, path: string): CheckCondition {
  const fields = objectAt(value, path);
  const kind = oneOfAt(fields['kind'], `${path}.kind`, ['column', 'filter'] as const);
  const timeRange =
    fields['timeRange'] === undefined
      ? undefined
      : timeRangeAt(fields['timeRange'], `${path}.timeRange`);
  if (kind === 'filter') {
    const filter = checkFilterSpec(fields['filter'], `${path}.filter`);
    return timeRange === undefined ? { kind, filter } : { kind, filter, timeRange };
  }
  const column = {
    kind,
    family: bytesAt(fields['family'], `${path}.family`),
    qualifier: bytesAt(fields['qualifier'], `${path}.qualifier`),
    op: oneOfAt(fields['op'], `${path}.op`, COMPARE_OPS),
    value: bytesOrNullAt(fields['value'], `${path}.value`),
  };
  return timeRange === undefined ? column : { ...column, timeRange };
}

export function checkCheckAndMutate(value: unknown, path = 'checkAndMutate'): CheckAndMutate {
  const fields = objectAt(value, path);
  return {
    row: bytesAt(fields['row'], `${path}.row`),
    condition: conditionAt(fields['condition'], `${path}.condition`),
    action: checkRowOperation(fields['action'], `${path}.action`),
  };
}
