// PE's options (HBase's TestOptions, by HBase's names), checked and completed with HBase's defaults,
// and the row counts worked out as HBase's calculateRowsAndSize does. Pure.
// Invariant: a resolved PeOptions holds only values within their named bounds, and
// totalRows ≥ 1 is the key range every random test draws from.
import { InvalidArgumentError } from '../common/errors.js';
import { BLOOM_TYPES, type BloomType } from '../common/operations.js';
import { isPeTestName, PE_TEST_NAMES, type PeTestName } from './commands.js';
import {
  BLOCK_SIZE_BYTES_DEFAULT,
  BLOCK_SIZE_BYTES_MAX,
  BLOCK_SIZE_BYTES_MIN,
  CACHING_ROWS_DEFAULT,
  CACHING_ROWS_MAX,
  CLIENTS_MAX,
  COLUMNS_MAX,
  CYCLES_MAX,
  FAMILIES_MAX,
  MULTI_OPERATIONS_MAX,
  ONE_GB_BYTES,
  PRESPLIT_REGIONS_MAX,
  ROWS_PER_CLIENT_DEFAULT,
  SIZE_GIB_MAX,
  TABLE_NAME_DEFAULT,
  TOTAL_ROWS_MAX,
  VALUE_BYTES_DEFAULT,
  VALUE_BYTES_MAX,
  WRITE_BUFFER_BYTES_DEFAULT,
  WRITE_BUFFER_BYTES_MAX,
  WRITE_BUFFER_BYTES_MIN,
} from './limits.js';

export interface PeOptions {
  readonly test: PeTestName;
  /** nclients: clients run side by side in this process (HBase's threads of --nomapred). */
  readonly clients: number;
  /** `--rows`: rows each client runs (HBase's perClientRunRows). */
  readonly rows: number;
  /** The key range: rows × clients, or from `--size` (HBase's totalRows). */
  readonly totalRows: number;
  /** `--startRow`: 0 means client i starts at i × rows. */
  readonly startRow: number;
  readonly table: string;
  readonly valueSize: number;
  /** `--valueRandom`: value lengths uniform in [0, valueSize). */
  readonly valueRandom: boolean;
  readonly families: number;
  readonly columns: number;
  /** `--presplit`: regions of the table when (re)created; 0: not pre-split. */
  readonly presplit: number;
  /** false: writes go through a BufferedMutator of `bufferSize` bytes. */
  readonly autoFlush: boolean;
  readonly bufferSize: number;
  /** Puts per batch when autoFlush is true (0: one put per call). */
  readonly multiPut: number;
  /** Gets per batch in randomRead (0: one get per call). */
  readonly multiGet: number;
  /** true: SYNC_WAL; false: SKIP_WAL. */
  readonly writeToWAL: boolean;
  readonly caching: number;
  readonly cacheBlocks: boolean;
  /** Gets and scans name their columns (true) or whole families. */
  readonly addColumns: boolean;
  readonly inMemory: boolean;
  readonly bloomFilter: BloomType;
  readonly blockSize: number;
  /** Every 1/sampleRate-th row is run. */
  readonly sampleRate: number;
  /** Latencies are recorded once this many rows of a client are done. */
  readonly measureAfter: number;
  readonly cycles: number;
  /** Connections the clients share (HBase: one per client unless --oneCon). */
  readonly connections: number;
  /** Accepted as HBase's; clients always run in this process. */
  readonly nomapred: boolean;
  /** Seeds every client's random rows and values (client i: seed + i). */
  readonly seed: number;
}

export type PeOptionsInput = { readonly test: string } & Partial<
  Omit<PeOptions, 'test' | 'totalRows' | 'connections'>
> & {
    /** `--size` in GiB (HBase's): sets totalRows (and rows, unless a random read sets both). */
    readonly size?: number;
    readonly oneCon?: boolean;
    readonly connCount?: number;
    /** Overrides the key range (the benchmarks' shortcut for `--size`). */
    readonly totalRows?: number;
  };

export const PE_DEFAULTS = {
  clients: 1,
  rows: ROWS_PER_CLIENT_DEFAULT,
  startRow: 0,
  table: TABLE_NAME_DEFAULT,
  valueSize: VALUE_BYTES_DEFAULT,
  valueRandom: false,
  families: 1,
  columns: 1,
  presplit: 0,
  autoFlush: false,
  bufferSize: WRITE_BUFFER_BYTES_DEFAULT,
  multiPut: 0,
  multiGet: 0,
  writeToWAL: true,
  caching: CACHING_ROWS_DEFAULT,
  cacheBlocks: true,
  addColumns: true,
  inMemory: false,
  bloomFilter: 'ROW',
  blockSize: BLOCK_SIZE_BYTES_DEFAULT,
  sampleRate: 1,
  measureAfter: 0,
  cycles: 1,
  nomapred: false,
  seed: 1,
} as const satisfies Omit<PeOptions, 'test' | 'totalRows' | 'connections'>;

function integer(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(
      `--${name} is ${String(value)}; it must be an integer in ${min}..${max}`,
    );
  }
  return value;
}

function flag(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') {
    throw new InvalidArgumentError(`--${name} is ${String(value)}; it must be true or false`);
  }
  return value;
}

function testName(name: string): PeTestName {
  if (!isPeTestName(name)) {
    throw new InvalidArgumentError(
      `unknown test '${name}'; the tests are ${PE_TEST_NAMES.join(', ')}`,
    );
  }
  return name;
}

/** HBase's getRowsPerGB: rows of ONE_GB, with the average value length. */
export function rowsPerGb(valueSize: number, valueRandom: boolean, cells: number): number {
  const averageValue = valueRandom ? Math.floor(valueSize / 2) : valueSize;
  return Math.floor(ONE_GB_BYTES / (Math.max(1, averageValue) * cells));
}

/** Checks every option (InvalidArgument naming it) and fills in HBase's defaults. */
export function resolvePeOptions(input: PeOptionsInput): PeOptions {
  const o = { ...PE_DEFAULTS, ...definedOnly(input) };
  const test = testName(input.test);
  const clients = integer(o.clients, 'clients', 1, CLIENTS_MAX);
  const valueSize = integer(o.valueSize, 'valueSize', 0, VALUE_BYTES_MAX);
  const families = integer(o.families, 'families', 1, FAMILIES_MAX);
  const columns = integer(o.columns, 'columns', 1, COLUMNS_MAX);
  const valueRandom = flag(o.valueRandom, 'valueRandom');
  const autoFlush = flag(o.autoFlush, 'autoFlush');
  const multiPut = integer(o.multiPut, 'multiPut', 0, MULTI_OPERATIONS_MAX);
  if (!autoFlush && multiPut > 0) {
    throw new InvalidArgumentError('--multiPut needs --autoFlush=true (as in HBase)');
  }
  const rowCounts = rowsAndTotal(
    input,
    test,
    clients,
    rowsPerGb(valueSize, valueRandom, families * columns),
  );
  const sampleRate = o.sampleRate;
  if (typeof sampleRate !== 'number' || !(sampleRate > 0 && sampleRate <= 1)) {
    throw new InvalidArgumentError(`--sampleRate is ${String(sampleRate)}; it must be in (0, 1]`);
  }
  return {
    test,
    clients,
    ...rowCounts,
    startRow: integer(o.startRow, 'startRow', 0, TOTAL_ROWS_MAX),
    table: tableName(o.table),
    valueSize,
    valueRandom,
    families,
    columns,
    presplit: integer(o.presplit, 'presplit', 0, PRESPLIT_REGIONS_MAX),
    autoFlush,
    bufferSize: integer(o.bufferSize, 'bufferSize', WRITE_BUFFER_BYTES_MIN, WRITE_BUFFER_BYTES_MAX),
    multiPut,
    multiGet: integer(o.multiGet, 'multiGet', 0, MULTI_OPERATIONS_MAX),
    writeToWAL: flag(o.writeToWAL, 'writeToWAL'),
    caching: integer(o.caching, 'caching', 1, CACHING_ROWS_MAX),
    cacheBlocks: flag(o.cacheBlocks, 'cacheBlocks'),
    addColumns: flag(o.addColumns, 'addColumns'),
    inMemory: flag(o.inMemory, 'inmemory'),
    bloomFilter: bloomType(o.bloomFilter),
    blockSize: integer(o.blockSize, 'blockSize', BLOCK_SIZE_BYTES_MIN, BLOCK_SIZE_BYTES_MAX),
    sampleRate,
    measureAfter: integer(o.measureAfter, 'measureAfter', 0, TOTAL_ROWS_MAX),
    cycles: integer(o.cycles, 'cycles', 1, CYCLES_MAX),
    connections: connectionCount(input, clients),
    nomapred: flag(o.nomapred, 'nomapred'),
    seed: integer(o.seed, 'seed', 0, 2 ** 32 - 1),
  };
}

/** HBase's calculateRowsAndSize, with totalRows as an override. */
function rowsAndTotal(
  input: PeOptionsInput,
  test: PeTestName,
  clients: number,
  perGb: number,
): { rows: number; totalRows: number } {
  const rows = integer(input.rows ?? PE_DEFAULTS.rows, 'rows', 1, TOTAL_ROWS_MAX);
  const range = (total: number): number => integer(total, 'totalRows', 1, TOTAL_ROWS_MAX);
  if (input.totalRows !== undefined) return { rows, totalRows: range(input.totalRows) };
  if (input.size === undefined) return { rows, totalRows: range(rows * clients) };
  const size = input.size;
  if (typeof size !== 'number' || !(size > 0 && size <= SIZE_GIB_MAX)) {
    throw new InvalidArgumentError(
      `--size is ${String(size)}; it must be in (0, ${SIZE_GIB_MAX}] GiB`,
    );
  }
  const totalRows = range(Math.max(1, Math.floor(size * perGb)));
  const randomRange = test === 'randomRead' || test === 'randomSeekScan';
  if (randomRange && input.rows !== undefined) return { rows, totalRows };
  return { rows: Math.max(1, Math.floor(totalRows / clients)), totalRows };
}

function connectionCount(input: PeOptionsInput, clients: number): number {
  const oneCon = input.oneCon === undefined ? false : flag(input.oneCon, 'oneCon');
  if (oneCon) {
    if (input.connCount !== undefined && input.connCount > 1) {
      throw new InvalidArgumentError('--oneCon is true, so --connCount must not be above 1');
    }
    return 1;
  }
  if (input.connCount === undefined) return clients;
  return integer(input.connCount, 'connCount', 1, clients);
}

function tableName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidArgumentError(`--table is ${JSON.stringify(name)}; it must name a table`);
  }
  return name;
}

function bloomType(value: unknown): BloomType {
  if (typeof value !== 'string' || !(BLOOM_TYPES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(
      `--bloomFilter is ${String(value)}; it must be one of ${BLOOM_TYPES.join(', ')}`,
    );
  }
  return value as BloomType;
}

/** The input without its undefined members, so that they do not hide the defaults. */
function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
