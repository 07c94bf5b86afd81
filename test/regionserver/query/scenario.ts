// Test-only: scripted scenarios run against both the implementation (StoreDriver over StoreScanner
// and CompactionScanner) and the reference model, checking that they agree on every read; reads
// come back as short strings ("row/family:qualifier/ts/Type/value") for golden assertions.
import { expect } from 'vitest';
import { type Cell, CellType, cellTypeName, makeCell } from '../../../src/common/index.js';
import {
  familyDescriptor,
  type FamilyDescriptor,
  type ColumnSelection,
} from '../../../src/common/operations.js';
import type { Filter } from '../../../src/regionserver/filter/filter.js';
import {
  HBaseModel,
  type ModelCompactOptions,
  type ModelReadOptions,
  type ModelRow,
  type ModelScanOptions,
} from '../model/hbase-model.js';
import { type DriverOptions, StoreDriver } from './store-driver.js';

/** "Now" in scenarios unless told: late enough that small timestamps are in the past. */
export const NOW_MS = 1_000_000;

export function show(cell: Cell): string {
  const qualifier = cell.qualifier.toString('latin1');
  const where = `${cell.row.toString('latin1')}/${cell.family.toString('latin1')}:${qualifier}`;
  return `${where}/${cell.timestamp}/${cellTypeName(cell.type)}/${cell.value.toString('latin1')}`;
}

export function showRows(rows: readonly ModelRow[]): string[][] {
  return rows.map((r) => r.cells.map(show));
}

export type PartialRead = Partial<ModelReadOptions>;

export class Scenario {
  readonly model: HBaseModel;
  readonly driver: StoreDriver;
  readonly #families: readonly string[];
  #sequenceId = 0;

  /** One family "f" with these settings, or several families. */
  constructor(
    families: Partial<Omit<FamilyDescriptor, 'name'>> | readonly FamilyDescriptor[] = {},
    options: DriverOptions = {},
  ) {
    const list = Array.isArray(families)
      ? (families as readonly FamilyDescriptor[])
      : [familyDescriptor('f', families as Partial<Omit<FamilyDescriptor, 'name'>>)];
    this.#families = list.map((f) => f.name);
    this.model = new HBaseModel(list);
    this.driver = new StoreDriver(list, options);
  }

  get lastSequenceId(): number {
    return this.#sequenceId;
  }

  /** A Put; the value defaults to "v<ts>". Returns its sequence id. */
  put(row: string, qualifier: string, timestamp: number, value?: string, family = 'f'): number {
    return this.#write(row, family, qualifier, timestamp, CellType.Put, value ?? `v${timestamp}`);
  }

  /** A delete marker (family markers take no qualifier). Returns its sequence id. */
  delete(type: CellType, row: string, qualifier: string, timestamp: number, family = 'f'): number {
    return this.#write(row, family, qualifier, timestamp, type, '');
  }

  async flush(nowMs = NOW_MS, options: ModelCompactOptions = {}): Promise<void> {
    this.model.flush(nowMs, options);
    await this.driver.flush(nowMs, options);
    this.#expectSameFiles();
  }

  /** Compacts every file of the family (major: drop deletes) or the given ones. */
  async compact(
    major: boolean,
    nowMs = NOW_MS,
    options: ModelCompactOptions & { family?: string; files?: readonly number[] } = {},
  ): Promise<void> {
    const family = options.family ?? 'f';
    const files = options.files ?? this.model.files(family).map((_, i) => i);
    this.model.compact(family, files, major, nowMs, options);
    await this.driver.compact(family, files, major, nowMs, options);
    this.#expectSameFiles();
  }

  /** A Get through both; they must agree. */
  async get(row: string, options: PartialRead = {}, filter?: Filter): Promise<string[]> {
    const full = { nowMs: NOW_MS, ...options };
    const actual = (await this.driver.get(Buffer.from(row), full, filter)).map(show);
    if (filter === undefined) {
      expect(actual).toEqual(this.model.get(Buffer.from(row), full).map(show));
    }
    return actual;
  }

  async scan(options: Partial<ModelScanOptions> = {}, filter?: Filter): Promise<string[][]> {
    const full = { nowMs: NOW_MS, ...options };
    const actual = showRows(await this.driver.scan(full, filter));
    if (filter === undefined) expect(actual).toEqual(showRows(this.model.scan(full)));
    return actual;
  }

  #write(
    row: string,
    family: string,
    qualifier: string,
    timestamp: number,
    type: CellType,
    value: string,
  ): number {
    this.#sequenceId++;
    const cell = makeCell({
      row,
      family,
      qualifier,
      timestamp,
      type,
      value,
      sequenceId: this.#sequenceId,
    });
    this.model.apply([cell]);
    this.driver.apply([cell]);
    return this.#sequenceId;
  }

  #expectSameFiles(): void {
    for (const family of this.#families) {
      const model = this.model.files(family).map((file) => file.map(show));
      expect(this.driver.files(family).map((file) => file.map(show))).toEqual(model);
    }
  }
}

export function columns(family: string, ...qualifiers: string[]): ColumnSelection[] {
  return qualifiers.length === 0
    ? [{ family: Buffer.from(family) }]
    : [{ family: Buffer.from(family), qualifiers: qualifiers.map((q) => Buffer.from(q)) }];
}
