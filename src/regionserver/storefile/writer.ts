// Writes a store file: data blocks as cells arrive (in strictly increasing compareCells order),
// then the index, the Bloom filter, the file info and the trailer. Invariant: every byte written is
// in a checksummed block or the trailer, and the blocks tile the file with no gaps.
import { assert } from '../../common/assert.js';
import { bytesEqual, EMPTY_BYTES } from '../../common/bytes.js';
import { type Cell, CellType, isDeleteType, LATEST_TIMESTAMP } from '../../common/cell.js';
import { compareCells } from '../../common/cell-comparator.js';
import {
  CELL_BYTES_MAX,
  FAMILY_BYTES_MAX,
  QUALIFIER_BYTES_MAX,
  ROW_KEY_BYTES_MAX,
} from '../../common/limits.js';
import { BloomFilter } from './bloom.js';
import { DataBlockBuilder } from './data-block-builder.js';
import { encodeFileInfo } from './file-info.js';
import { BlockIndex, encodeIndex, separatorKey } from './index-block.js';
import {
  DATA_BLOCK_TARGET_BYTES_MAX,
  DATA_BLOCK_TARGET_BYTES_MIN,
  WRITE_BATCH_BYTES,
} from './limits.js';
import { encodeTrailer } from './trailer.js';
import type { FileSink, StoreFileInfo, StoreFileWriteOptions } from './types.js';

const RESOLVED: Promise<void> = Promise.resolve();

type WriterState = 'open' | 'finished' | 'aborted';

export class StoreFileWriter {
  readonly #sink: FileSink;
  readonly #options: StoreFileWriteOptions;
  readonly #block: DataBlockBuilder;
  readonly #bloom: BloomFilter | undefined;
  readonly #offsets: number[] = [];
  readonly #sizes: number[] = [];
  readonly #keys: Cell[] = [];
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** Bytes of finished blocks, written or pending: the offset of the next block. */
  #offset = 0;
  #writes: Promise<void> = RESOLVED;
  #state: WriterState = 'open';
  #first: Cell | undefined = undefined;
  #last: Cell | undefined = undefined;
  #blockFirst: Cell | undefined = undefined;
  #previousBlockLast: Cell | undefined = undefined;
  #entryCount = 0;
  #deleteCount = 0;
  #maxSequenceId = 0;
  #minTimestamp = Number.MAX_SAFE_INTEGER;
  #maxTimestamp = 0;
  #earliestPutTimestamp = LATEST_TIMESTAMP;

  constructor(sink: FileSink, options: StoreFileWriteOptions) {
    const target = options.blockSizeBytes;
    assert(
      Number.isSafeInteger(target) &&
        target >= DATA_BLOCK_TARGET_BYTES_MIN &&
        target <= DATA_BLOCK_TARGET_BYTES_MAX,
      `block size ${target} must be from ${DATA_BLOCK_TARGET_BYTES_MIN} ` +
        `to ${DATA_BLOCK_TARGET_BYTES_MAX}`,
    );
    this.#sink = sink;
    this.#options = options;
    this.#block = new DataBlockBuilder(target);
    this.#bloom =
      options.bloomType === 'NONE'
        ? undefined
        : BloomFilter.sized(options.bloomType, options.expectedKeys);
  }

  /**
   * Adds the next cell. Resolves at once unless a batch of blocks went to the sink; the caller
   * awaits it before the next append (writes are chained either way).
   */
  append(cell: Cell): Promise<void> {
    if (this.#state !== 'open') assert(false, `append to a ${this.#state} store file writer`);
    checkStoredCell(cell);
    const last = this.#last;
    if (last !== undefined && compareCells(last, cell) >= 0) {
      assert(false, 'cells must come in strictly increasing compareCells order');
    }
    this.#addToBloom(last, cell);
    if (this.#blockFirst === undefined) this.#blockFirst = cell;
    this.#block.add(cell);
    this.#count(cell);
    if (this.#block.estimatedBytes < this.#options.blockSizeBytes) return RESOLVED;
    this.#finishBlock();
    return this.#pendingBytes >= WRITE_BATCH_BYTES ? this.#flush() : RESOLVED;
  }

  /** Writes the last block, the index, Bloom, file info and trailer; closes the sink. */
  async finish(): Promise<StoreFileInfo> {
    assert(this.#state === 'open', `finish of a ${this.#state} store file writer`);
    this.#state = 'finished';
    if (!this.#block.empty) this.#finishBlock();
    const dataEnd = this.#offset;
    const info = this.#info(dataEnd);
    const index = encodeIndex(new BlockIndex(this.#offsets, this.#sizes, this.#keys));
    const bloom = this.#bloom?.encode();
    const fileInfo = encodeFileInfo(info);
    const bloomBytes = bloom?.length ?? 0;
    const trailer = encodeTrailer({
      indexOffset: dataEnd,
      indexBytes: index.length,
      bloomOffset: bloom === undefined ? 0 : dataEnd + index.length,
      bloomBytes,
      fileInfoOffset: dataEnd + index.length + bloomBytes,
      fileInfoBytes: fileInfo.length,
      dataBlockCount: this.#offsets.length,
    });
    for (const part of [index, bloom, fileInfo, trailer]) if (part !== undefined) this.#queue(part);
    try {
      await this.#flush();
      await this.#sink.close();
    } catch (error) {
      this.#state = 'aborted';
      this.#sink.abort();
      throw error;
    }
    return info;
  }

  /** Gives up: the sink is aborted, the partial file left for the caller to delete. */
  abort(): void {
    if (this.#state !== 'open') return;
    this.#state = 'aborted';
    this.#pending = [];
    this.#sink.abort();
  }

  #count(cell: Cell): void {
    this.#first ??= cell;
    this.#last = cell;
    this.#entryCount++;
    if (isDeleteType(cell.type)) this.#deleteCount++;
    if (cell.sequenceId > this.#maxSequenceId) this.#maxSequenceId = cell.sequenceId;
    if (cell.type === CellType.Put && cell.timestamp < this.#earliestPutTimestamp) {
      this.#earliestPutTimestamp = cell.timestamp;
    }
    if (cell.timestamp < this.#minTimestamp) this.#minTimestamp = cell.timestamp;
    if (cell.timestamp > this.#maxTimestamp) this.#maxTimestamp = cell.timestamp;
  }

  /** Adds each distinct Bloom key once: cells arrive sorted, so repeats are consecutive. */
  #addToBloom(last: Cell | undefined, cell: Cell): void {
    const bloom = this.#bloom;
    if (bloom === undefined) return;
    const sameRow = last !== undefined && bytesEqual(last.row, cell.row);
    if (bloom.type === 'ROW') {
      if (!sameRow) bloom.add(cell.row);
      return;
    }
    const sameColumn =
      sameRow &&
      bytesEqual((last as Cell).family, cell.family) &&
      bytesEqual((last as Cell).qualifier, cell.qualifier);
    if (!sameColumn) bloom.add(cell.row, cell.family, cell.qualifier);
  }

  #finishBlock(): void {
    const first = this.#blockFirst as Cell;
    const previous = this.#previousBlockLast;
    const block = this.#block.finish();
    this.#offsets.push(this.#offset);
    this.#sizes.push(block.length);
    this.#keys.push(previous === undefined ? keyOf(first) : keyOf(separatorKey(previous, first)));
    this.#previousBlockLast = this.#last;
    this.#blockFirst = undefined;
    this.#queue(block);
  }

  #queue(part: Buffer): void {
    this.#pending.push(part);
    this.#pendingBytes += part.length;
    this.#offset += part.length;
  }

  /**
   * Sends the pending blocks to the sink, after the writes before it: each block as it is (the
   * sink copies them into its packets anyway, so joining them first would be one more copy). A
   * written block's buffer goes back to the block builder.
   */
  #flush(): Promise<void> {
    const parts = this.#pending;
    if (parts.length === 0) return this.#writes;
    this.#pending = [];
    this.#pendingBytes = 0;
    const sink = this.#sink;
    const block = this.#block;
    this.#writes = this.#writes.then(async () => {
      for (const part of parts) {
        await sink.write(part);
        block.recycle(part);
      }
    });
    return this.#writes;
  }

  #info(dataEnd: number): StoreFileInfo {
    return {
      maxSequenceId: Math.max(this.#maxSequenceId, this.#options.sequenceIdFloor ?? 0),
      minTimestamp: this.#minTimestamp,
      maxTimestamp: this.#maxTimestamp,
      earliestPutTimestamp: this.#earliestPutTimestamp,
      entryCount: this.#entryCount,
      deleteCount: this.#deleteCount,
      firstKey: this.#first === undefined ? undefined : keyOf(this.#first),
      lastKey: this.#last === undefined ? undefined : keyOf(this.#last),
      bloomType: this.#options.bloomType,
      majorCompacted: this.#options.majorCompacted,
      dataBytes: dataEnd,
    };
  }
}

/** The cell without its value: what the index and file info keep. */
function keyOf(cell: Cell): Cell {
  return cell.value.length === 0 ? cell : { ...cell, value: EMPTY_BYTES };
}

/** Checks cheaply that a cell can be stored; the message is built only when a check fails. */
function checkStoredCell(cell: Cell): void {
  const { row, family, qualifier, value, timestamp, sequenceId } = cell;
  const ok =
    cell.type !== CellType.Minimum &&
    cell.type !== CellType.Maximum &&
    row.length > 0 &&
    row.length <= ROW_KEY_BYTES_MAX &&
    family.length > 0 &&
    family.length <= FAMILY_BYTES_MAX &&
    qualifier.length <= QUALIFIER_BYTES_MAX &&
    value.length <= CELL_BYTES_MAX &&
    Number.isSafeInteger(timestamp) &&
    timestamp >= 0 &&
    Number.isSafeInteger(sequenceId) &&
    sequenceId >= 0;
  if (!ok) {
    assert(
      false,
      `a store file holds stored cells within the cell limits: type ${cell.type}, row ` +
        `${row.length} bytes, family ${family.length}, qualifier ${qualifier.length}, value ` +
        `${value.length}, timestamp ${timestamp}, sequence id ${sequenceId}`,
    );
  }
}
