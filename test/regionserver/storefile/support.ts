// Test helpers for store files: an in-memory sink and source, a writer/opener pair, cell builders,
// a full scan, and a sorted-array model of seek and lastRowBefore.
import {
  type Cell,
  CellType,
  compareBytes,
  compareCells,
  makeCell,
} from '../../../src/common/index.js';
import type { BloomType } from '../../../src/common/operations.js';
import {
  BlockCache,
  openStoreFile,
  StoreFileWriter,
  type FileSink,
  type PositionalSource,
  type StoreFileInfo,
  type StoreFileReader,
} from '../../../src/regionserver/storefile/index.js';

export class MemorySink implements FileSink {
  readonly chunks: Buffer[] = [];
  closed = false;
  aborted = false;

  write(data: Uint8Array): Promise<void> {
    this.chunks.push(Buffer.from(data));
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  abort(): void {
    this.aborted = true;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export interface CountingSource extends PositionalSource {
  reads: number;
  closed: boolean;
}

export function memorySource(bytes: Buffer): CountingSource {
  const source: CountingSource = {
    length: bytes.length,
    reads: 0,
    closed: false,
    pread(position: number, length: number): Promise<Buffer> {
      source.reads++;
      const end = Math.min(bytes.length, position + length);
      return Promise.resolve(Buffer.from(bytes.subarray(position, end)));
    },
    close(): Promise<void> {
      source.closed = true;
      return Promise.resolve();
    },
  };
  return source;
}

export interface WriteOptions {
  readonly blockSizeBytes?: number;
  readonly bloomType?: BloomType;
  readonly expectedKeys?: number;
  readonly majorCompacted?: boolean;
}

export async function writeFile(
  cells: readonly Cell[],
  options: WriteOptions = {},
): Promise<{ bytes: Buffer; info: StoreFileInfo; sink: MemorySink }> {
  const sink = new MemorySink();
  const writer = new StoreFileWriter(sink, {
    blockSizeBytes: options.blockSizeBytes ?? 64 * 1024,
    bloomType: options.bloomType ?? 'ROW',
    expectedKeys: options.expectedKeys ?? cells.length,
    majorCompacted: options.majorCompacted ?? false,
  });
  for (const cell of cells) await writer.append(cell);
  const info = await writer.finish();
  return { bytes: sink.bytes(), info, sink };
}

export function openBytes(
  bytes: Buffer,
  cache = new BlockCache(),
  path = 'mem://file',
): Promise<StoreFileReader> {
  return openStoreFile(memorySource(bytes), path, cache);
}

/** Every cell from the first, through seek(first key of the file) or the very start. */
export async function scanAll(reader: StoreFileReader, cacheBlocks = true): Promise<Cell[]> {
  const scanner = reader.scanner({ cacheBlocks });
  const out: Cell[] = [];
  const first = reader.info.firstKey;
  if (first !== undefined) await scanner.seek(first);
  for (let cell = scanner.peek(); cell !== undefined; cell = scanner.peek()) {
    out.push(cell);
    await scanner.next();
  }
  scanner.close();
  return out;
}

/** Sorted, with duplicate keys dropped (the first kept). */
export function sortCells(cells: readonly Cell[]): Cell[] {
  const sorted = [...cells].sort(compareCells);
  return sorted.filter((c, i) => i === 0 || compareCells(sorted[i - 1] as Cell, c) !== 0);
}

/** The model's seek: index of the first cell >= key (cells.length: none). */
export function modelSeek(cells: readonly Cell[], key: Cell): number {
  let lo = 0;
  let hi = cells.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareCells(cells[mid] as Cell, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function modelLastRowBefore(
  cells: readonly Cell[],
  row: Buffer | undefined,
): Buffer | undefined {
  let best: Buffer | undefined;
  for (const c of cells) {
    if (row !== undefined && compareBytes(c.row, row) >= 0) continue;
    if (best === undefined || compareBytes(c.row, best) > 0) best = c.row;
  }
  return best;
}

export function sameCell(a: Cell | undefined, b: Cell | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.row.equals(b.row) &&
    a.family.equals(b.family) &&
    a.qualifier.equals(b.qualifier) &&
    a.timestamp === b.timestamp &&
    a.type === b.type &&
    a.sequenceId === b.sequenceId &&
    a.value.equals(b.value)
  );
}

export function sameKey(a: Cell | undefined, b: Cell | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return compareCells(a, b) === 0;
}

export function describeCell(c: Cell | undefined): string {
  if (c === undefined) return 'undefined';
  const column = `${c.family.toString()}:${c.qualifier.toString('hex')}`;
  const version = `${c.timestamp}/${c.type}/${c.sequenceId}`;
  return `${c.row.toString('hex')}/${column}/${version}=${c.value.length}B`;
}

/** `n` rows of `columns` cells each: row-000000, family f, qualifier q<j>, `valueBytes` values. */
export function simpleCells(n: number, columns = 1, valueBytes = 8): Cell[] {
  const cells: Cell[] = [];
  for (let i = 0; i < n; i++) {
    const row = `row-${String(i).padStart(6, '0')}`;
    for (let j = 0; j < columns; j++) {
      cells.push(
        makeCell({
          row,
          family: 'f',
          qualifier: `q${j}`,
          timestamp: 1000 + i,
          type: CellType.Put,
          value: Buffer.alloc(valueBytes, (i + j) & 0xff),
          sequenceId: i + 1,
        }),
      );
    }
  }
  return cells;
}
