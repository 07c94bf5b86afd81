// A TableDescriptor from outside (a request, a stored copy), checked field by field: a storable
// table name, 1 .. TABLE_FAMILIES_MAX families with legal, distinct names, versions with
// 1 <= maxVersions and 0 <= minVersions <= maxVersions, positive TTL, block size and overrides.
// Every failure is an InvalidArgumentError (or LimitExceeded) naming the field.
import { validateFamilyName } from './cell.js';
import { InvalidArgumentError, LimitExceededError } from './errors.js';
import { TABLE_FAMILIES_MAX, TABLE_NAME_BYTES_MAX } from './limits.js';
import {
  BLOOM_TYPES,
  DURABILITIES,
  type FamilyDescriptor,
  KEEP_DELETED_CELLS_VALUES,
  type TableDescriptor,
} from './operations.js';
import {
  booleanAt,
  type Fields,
  integerAt,
  listAt,
  objectAt,
  oneOfAt,
  optionalIntegerAt,
  stringAt,
} from './shape.js';

/**
 * A table name that can be stored: non-empty, well-formed Unicode (it must survive UTF-8 both
 * ways) and at most TABLE_NAME_BYTES_MAX bytes. Returns its UTF-8 bytes.
 */
export function tableNameBytes(table: string): Buffer {
  if (table.length === 0) throw new InvalidArgumentError('table name is empty');
  const bytes = Buffer.from(table, 'utf8');
  if (bytes.length > TABLE_NAME_BYTES_MAX) {
    throw new LimitExceededError(
      `table name is ${bytes.length} bytes; TABLE_NAME_BYTES_MAX is ${TABLE_NAME_BYTES_MAX}`,
    );
  }
  if (bytes.toString('utf8') !== table) {
    throw new InvalidArgumentError(
      `table name ${JSON.stringify(table)} is not well-formed Unicode (a lone surrogate)`,
    );
  }
  return bytes;
}

/** The integer field `key` of `fields`, at least `min`. */
function integerFrom(fields: Fields, key: string, min: number, path: string): number {
  return atLeast(integerAt(fields[key], `${path}.${key}`), min, `${path}.${key}`);
}

function atLeast(value: number, min: number, path: string): number {
  if (value < min)
    throw new InvalidArgumentError(`${path} is ${value}; it must be at least ${min}`);
  return value;
}

function optionalAtLeast(value: unknown, min: number, path: string): number | undefined {
  const n = optionalIntegerAt(value, path);
  return n === undefined ? undefined : atLeast(n, min, path);
}

function familyAt(value: unknown, path: string): FamilyDescriptor {
  const fields = objectAt(value, path);
  const name = stringAt(fields['name'], `${path}.name`);
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.toString('utf8') !== name) {
    throw new InvalidArgumentError(`${path}.name is not well-formed Unicode`);
  }
  validateFamilyName(nameBytes);
  const maxVersions = integerFrom(fields, 'maxVersions', 1, path);
  const minVersions = integerFrom(fields, 'minVersions', 0, path);
  if (minVersions > maxVersions) {
    throw new InvalidArgumentError(
      `${path}.minVersions is ${minVersions}; it must not exceed maxVersions (${maxVersions})`,
    );
  }
  return {
    name,
    maxVersions,
    minVersions,
    ttlSeconds: integerFrom(fields, 'ttlSeconds', 1, path),
    keepDeletedCells: oneOfAt(
      fields['keepDeletedCells'],
      `${path}.keepDeletedCells`,
      KEEP_DELETED_CELLS_VALUES,
    ),
    bloomType: oneOfAt(fields['bloomType'], `${path}.bloomType`, BLOOM_TYPES),
    blockSizeBytes: integerFrom(fields, 'blockSizeBytes', 1, path),
    blockCache: booleanAt(fields['blockCache'], `${path}.blockCache`),
    inMemory: booleanAt(fields['inMemory'], `${path}.inMemory`),
  };
}

/**
 * A descriptor meta can store, from a value of any shape (InvalidArgument naming the field): a
 * storable table name, 1 .. TABLE_FAMILIES_MAX families with legal, distinct names, versions
 * with 1 <= maxVersions and 0 <= minVersions <= maxVersions, positive TTL, block size and
 * overrides. Returns a plain copy holding only the descriptor's fields.
 */
export function checkTableDescriptor(value: unknown, path = 'descriptor'): TableDescriptor {
  const fields = objectAt(value, path);
  const name = stringAt(fields['name'], `${path}.name`);
  tableNameBytes(name);
  const list = listAt(fields['families'], `${path}.families`, TABLE_FAMILIES_MAX);
  if (list.length === 0) throw new InvalidArgumentError(`${path}.families is empty`);
  const families = list.map((f, i) => familyAt(f, `${path}.families[${i}]`));
  const names = new Set(families.map((f) => f.name));
  if (names.size !== families.length) {
    throw new InvalidArgumentError(`${path}.families names a family twice`);
  }
  const durability = oneOfAt(fields['durability'], `${path}.durability`, DURABILITIES);
  const out: { -readonly [K in keyof TableDescriptor]: TableDescriptor[K] } = {
    name,
    families,
    durability,
  };
  const flush = optionalAtLeast(fields['memstoreFlushBytes'], 1, `${path}.memstoreFlushBytes`);
  if (flush !== undefined) out.memstoreFlushBytes = flush;
  const maxFile = optionalAtLeast(fields['maxFileBytes'], 1, `${path}.maxFileBytes`);
  if (maxFile !== undefined) out.maxFileBytes = maxFile;
  return out;
}
