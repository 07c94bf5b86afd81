// A scripted ShellBackend for the session tests that need no cluster: tables whose scanners yield
// rows from a generator (slowly or forever), calls that hang or throw, and a record of what the
// shell asked for (the Scans and Gets it built), so that aborts and limits can be observed.
import { Result, type Get, type Scan } from '../../../src/client/ops/index.js';
import { makeCell } from '../../../src/common/cell.js';
import type { TableDescriptor } from '../../../src/common/operations.js';
import { familyDescriptor } from '../../../src/common/operations.js';
import { TableNotFoundError } from '../../../src/client/errors.js';
import type {
  ShellAdmin,
  ShellBackend,
  ShellScanner,
  ShellTable,
} from '../../../src/shell/index.js';

export function rowResult(row: string, value = 'v'): Result {
  return new Result([makeCell({ row, family: 'f', qualifier: 'q', timestamp: 1, value })]);
}

export interface FakeTable {
  /** Results a scan yields, in order; may be endless. */
  rows?: () => Iterable<Result>;
  /** Wait this long before each result (real time, so that aborts land mid-scan). */
  delayMs?: number;
  get?: (get: Get) => Promise<Result>;
}

export class FakeBackend implements ShellBackend {
  readonly tables = new Map<string, FakeTable>();
  readonly scans: Scan[] = [];
  readonly gets: Get[] = [];
  scannersClosed = 0;
  /** Overrides of admin methods (e.g. one that hangs or throws). */
  readonly adminOverrides: Partial<ShellAdmin> = {};

  admin(): ShellAdmin {
    const describeTable = async (name: string): Promise<TableDescriptor> => {
      if (!this.tables.has(name)) throw new TableNotFoundError(`table ${name} not found`);
      return { name, families: [familyDescriptor('f')], durability: 'USE_DEFAULT' };
    };
    const unsupported = (): Promise<never> => Promise.reject(new Error('not in the fake'));
    const base: ShellAdmin = {
      createTable: unsupported,
      listTables: async () => Promise.all([...this.tables.keys()].map(describeTable)),
      describeTable,
      disableTable: unsupported,
      enableTable: unsupported,
      deleteTable: unsupported,
      truncateTable: unsupported,
      modifyTable: unsupported,
      createNamespace: unsupported,
      deleteNamespace: unsupported,
      listNamespaces: async () => ['default'],
      split: unsupported,
      mergeRegions: unsupported,
      move: unsupported,
      flush: unsupported,
      compact: unsupported,
      getRegions: unsupported,
      balance: unsupported,
      clusterStatus: unsupported,
    };
    return { ...base, ...this.adminOverrides };
  }

  table(name: string): ShellTable {
    const fake = this.tables.get(name) ?? {};
    const fail = (): Promise<never> =>
      Promise.reject(new TableNotFoundError(`table ${name} not found`));
    return {
      get: async (get) => {
        this.gets.push(get);
        return fake.get === undefined ? new Result([]) : fake.get(get);
      },
      put: fail,
      delete: fail,
      increment: fail,
      append: fail,
      getScanner: (scan) => this.#scanner(fake, scan),
    };
  }

  clearRegionCache(): void {}

  #scanner(fake: FakeTable, scan: Scan): ShellScanner {
    this.scans.push(scan);
    const iterator = (fake.rows?.() ?? [])[Symbol.iterator]();
    let closed = false;
    const close = async (): Promise<void> => {
      if (!closed) this.scannersClosed++;
      closed = true;
    };
    const delayMs = fake.delayMs ?? 0;
    return {
      close,
      [Symbol.asyncIterator]: () => ({
        next: async (): Promise<IteratorResult<Result>> => {
          if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
          if (closed) return { done: true, value: undefined };
          const next = iterator.next();
          return next.done === true
            ? { done: true, value: undefined }
            : { done: false, value: next.value };
        },
      }),
    };
  }
}

/** Rows r0000, r0001, ... without end. */
export function* endlessRows(): Generator<Result> {
  for (let i = 0; ; i++) yield rowResult(`r${String(i).padStart(4, '0')}`);
}
