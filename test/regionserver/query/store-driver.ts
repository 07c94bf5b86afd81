// Test-only: a tiny region over StoreScanner and CompactionScanner with the reference model's
// interface (memstore and files as arrays, ArrayScanners as sources), so the two can be compared.
// It plays the region's part of a read: merging families, start/stop rows, reversal and limits.
import { type Cell, compareBytes, EMPTY_BYTES, nextKeyAfter } from '../../../src/common/index.js';
import type { ColumnSelection, FamilyDescriptor } from '../../../src/common/operations.js';
import type { Filter } from '../../../src/regionserver/filter/filter.js';
import { CompactionScanner, StoreScanner } from '../../../src/regionserver/query/index.js';
import {
  ALL_TIME,
  earliestPutTs,
  type ModelCompactOptions,
  type ModelReadOptions,
  type ModelRow,
  type ModelScanOptions,
} from '../model/hbase-model.js';
import { ArrayScanner } from '../support/array-scanner.js';

export interface DriverOptions {
  /** Sources answer through promises. */
  readonly async?: boolean;
  /** Cells per CompactionScanner.next call. Default 3 (small, to cross slice boundaries). */
  readonly sliceCells?: number;
}

interface DriverStore {
  readonly family: FamilyDescriptor;
  readonly name: Buffer;
  memstore: Cell[];
  files: Cell[][];
}

export class StoreDriver {
  readonly #stores: DriverStore[];
  readonly #options: DriverOptions;

  constructor(families: readonly FamilyDescriptor[], options: DriverOptions = {}) {
    this.#stores = families
      .map((family) => ({ family, name: Buffer.from(family.name), memstore: [], files: [] }))
      .sort((a, b) => compareBytes(a.name, b.name));
    this.#options = options;
  }

  apply(cells: readonly Cell[]): void {
    for (const cell of cells) this.#store(cell.family).memstore.push(cell);
  }

  files(family: string): readonly (readonly Cell[])[] {
    return this.#store(Buffer.from(family)).files;
  }

  async flush(nowMs: number, options: ModelCompactOptions = {}): Promise<void> {
    for (const store of this.#stores) {
      if (store.memstore.length === 0) continue;
      const file = await this.#compact(store, [store.memstore], false, nowMs, options);
      store.memstore = [];
      store.files.push(file);
    }
  }

  async compact(
    family: string,
    fileIndexes: readonly number[],
    major: boolean,
    nowMs: number,
    options: ModelCompactOptions = {},
  ): Promise<void> {
    const store = this.#store(Buffer.from(family));
    const chosen = [...new Set(fileIndexes)].sort((a, b) => a - b);
    if (chosen.length === 0) return;
    const inputs = chosen.map((i) => store.files[i] as Cell[]);
    const merged = await this.#compact(store, inputs, major, nowMs, options);
    const kept = store.files.filter((_, i) => !chosen.includes(i));
    kept.splice(chosen[0] as number, 0, merged);
    store.files = kept;
  }

  async get(row: Buffer, options: ModelReadOptions, filter?: Filter): Promise<Cell[]> {
    // As the region's gets: the scanners stop at the end of the row.
    const scanners = this.#open(options, filter, true);
    const out: Cell[] = [];
    try {
      for (const scanner of scanners) {
        await scanner.seekToRow(row);
        const at = scanner.peekRow();
        if (at !== undefined && at.equals(row)) await scanner.readRow(out);
      }
    } finally {
      for (const scanner of scanners) scanner.close();
    }
    return out;
  }

  async scan(options: ModelScanOptions, filter?: Filter): Promise<ModelRow[]> {
    const scanners = this.#open(options, filter);
    try {
      return options.reversed === true
        ? await reversedScan(scanners, options)
        : await forwardScan(scanners, options);
    } finally {
      for (const scanner of scanners) scanner.close();
    }
  }

  #store(family: Buffer): DriverStore {
    const store = this.#stores.find((s) => s.name.equals(family));
    if (store === undefined) throw new Error(`no family ${family.toString()}`);
    return store;
  }

  async #compact(
    store: DriverStore,
    inputs: readonly (readonly Cell[])[],
    major: boolean,
    nowMs: number,
    options: ModelCompactOptions,
  ): Promise<Cell[]> {
    const async = this.#options.async ?? false;
    const scanner = new CompactionScanner(
      inputs.map((cells) => new ArrayScanner(cells, { async })),
      {
        family: store.family,
        mode: major ? 'drop-deletes' : 'retain-deletes',
        nowMs,
        smallestReadPoint: options.smallestReadPoint ?? Number.MAX_SAFE_INTEGER,
        earliestPutTs: earliestPutTs(inputs.flat()),
        timeToPurgeDeletesMs: options.timeToPurgeDeletesMs ?? 0,
      },
    );
    const out: Cell[] = [];
    const slice: Cell[] = [];
    for (;;) {
      slice.length = 0;
      const more = await scanner.next(slice, this.#options.sliceCells ?? 3);
      out.push(...slice);
      if (!more) return out;
    }
  }

  #open(options: ModelReadOptions, filter: Filter | undefined, singleRow = false): StoreScanner[] {
    const async = this.#options.async ?? false;
    return this.#select(options.columns).map(
      ({ store, qualifiers }) =>
        new StoreScanner(
          [store.memstore, ...store.files].map((cells) => new ArrayScanner(cells, { async })),
          {
            family: store.family,
            qualifiers,
            timeRange: options.timeRange ?? ALL_TIME,
            maxVersions: options.maxVersions ?? 1,
            raw: options.raw ?? false,
            readPoint: options.readPoint ?? Number.MAX_SAFE_INTEGER,
            nowMs: options.nowMs,
            filter,
            singleRow,
            ...(options.maxResultsPerFamily === undefined
              ? {}
              : { maxResultsPerFamily: options.maxResultsPerFamily }),
            ...(options.rowOffsetPerFamily === undefined
              ? {}
              : { rowOffsetPerFamily: options.rowOffsetPerFamily }),
          },
        ),
    );
  }

  #select(
    columns: readonly ColumnSelection[] | undefined,
  ): { store: DriverStore; qualifiers: readonly Buffer[] | undefined }[] {
    if (columns === undefined || columns.length === 0) {
      return this.#stores.map((store) => ({ store, qualifiers: undefined }));
    }
    return this.#stores
      .filter((store) => columns.some((c) => c.family.equals(store.name)))
      .map((store) => {
        const mine = columns.filter((c) => c.family.equals(store.name));
        const whole = mine.some((c) => c.qualifiers === undefined || c.qualifiers.length === 0);
        return { store, qualifiers: whole ? undefined : mine.flatMap((c) => c.qualifiers ?? []) };
      });
  }
}

async function readAt(scanners: readonly StoreScanner[], row: Buffer): Promise<Cell[]> {
  const cells: Cell[] = [];
  for (const scanner of scanners) {
    const at = scanner.peekRow();
    if (at !== undefined && at.equals(row)) await scanner.readRow(cells);
  }
  return cells;
}

async function forwardScan(
  scanners: readonly StoreScanner[],
  options: ModelScanOptions,
): Promise<ModelRow[]> {
  const start = options.startRow ?? EMPTY_BYTES;
  const from =
    start.length > 0 && options.startRowInclusive === false ? nextKeyAfter(start) : start;
  for (const scanner of scanners) await scanner.seekToRow(from);
  const stop = options.stopRow ?? EMPTY_BYTES;
  const out: ModelRow[] = [];
  for (;;) {
    let row: Buffer | undefined;
    for (const scanner of scanners) {
      const at = scanner.peekRow();
      if (at !== undefined && (row === undefined || compareBytes(at, row) < 0)) row = at;
    }
    if (row === undefined) return out;
    if (stop.length > 0) {
      const c = compareBytes(row, stop);
      if (c > 0 || (c === 0 && options.stopRowInclusive !== true)) return out;
    }
    const cells = await readAt(scanners, row);
    if (cells.length > 0) out.push({ row, cells });
    if (options.limit !== undefined && out.length >= options.limit) return out;
  }
}

async function lastRowBefore(
  scanners: readonly StoreScanner[],
  row: Buffer | undefined,
): Promise<Buffer | undefined> {
  let best: Buffer | undefined;
  for (const scanner of scanners) {
    const found = await scanner.lastRowBefore(row);
    if (found !== undefined && (best === undefined || compareBytes(found, best) > 0)) best = found;
  }
  return best;
}

async function reversedScan(
  scanners: readonly StoreScanner[],
  options: ModelScanOptions,
): Promise<ModelRow[]> {
  const start = options.startRow ?? EMPTY_BYTES;
  const stop = options.stopRow ?? EMPTY_BYTES;
  let candidate =
    start.length === 0
      ? await lastRowBefore(scanners, undefined)
      : await lastRowBefore(
          scanners,
          options.startRowInclusive === false ? start : nextKeyAfter(start),
        );
  const out: ModelRow[] = [];
  while (candidate !== undefined) {
    if (stop.length > 0) {
      const c = compareBytes(candidate, stop);
      if (c < 0 || (c === 0 && options.stopRowInclusive !== true)) return out;
    }
    for (const scanner of scanners) await scanner.seekToRow(candidate);
    const cells = await readAt(scanners, candidate);
    if (cells.length > 0) out.push({ row: candidate, cells });
    if (options.limit !== undefined && out.length >= options.limit) return out;
    candidate = await lastRowBefore(scanners, candidate);
  }
  return out;
}
