// Merges several CellScanners into one, in cell order (HBase's KeyValueHeap): a binary min-heap of
// the sources that still have a cell, keyed by their current cell. Invariant: between calls, every
// non-exhausted source is in the heap and the top holds the smallest current cell; sources that
// answer synchronously cost no promise.
import { type Cell } from '../../common/cell.js';
import { compareBytes } from '../../common/bytes.js';
import { compareCells } from '../../common/cell-comparator.js';
import type { CellScanner } from '../scanner.js';

export class KeyValueHeap implements CellScanner {
  readonly #sources: readonly CellScanner[];
  /** Indexes into #sources; heap-ordered by (current cell, index). */
  #heap: number[] = [];

  /** Builds the heap from the sources' current positions; `seek` repositions them all. */
  constructor(sources: readonly CellScanner[]) {
    this.#sources = sources;
    this.#rebuild();
  }

  peek(): Cell | undefined {
    const top = this.#heap[0];
    return top === undefined ? undefined : this.#source(top).peek();
  }

  next(): void | Promise<void> {
    const top = this.#heap[0];
    if (top === undefined) return;
    const moved = this.#source(top).next();
    if (moved !== undefined) return moved.then(() => this.#topMoved());
    this.#topMoved();
  }

  seek(key: Cell): void | Promise<void> {
    // Made only when some source has to wait: a seek served from memory allocates nothing here.
    let pending: Promise<void>[] | undefined;
    for (const source of this.#sources) {
      const moved = source.seek(key);
      if (moved !== undefined) (pending ??= []).push(moved);
    }
    if (pending !== undefined) return Promise.all(pending).then(() => this.#rebuild());
    this.#rebuild();
  }

  /** Moves only the sources behind `key`; the others already are at or past it. */
  reseek(key: Cell): void | Promise<void> {
    const behind: number[] = [];
    for (;;) {
      const top = this.#heap[0];
      if (top === undefined) break;
      const cell = this.#source(top).peek();
      if (cell !== undefined && compareCells(cell, key) >= 0) break;
      behind.push(this.#pop());
    }
    if (behind.length === 0) return;
    const pending: Promise<void>[] = [];
    for (const index of behind) {
      const moved = this.#source(index).reseek(key);
      if (moved !== undefined) pending.push(moved);
    }
    if (pending.length > 0) return Promise.all(pending).then(() => this.#pushAll(behind));
    this.#pushAll(behind);
  }

  lastRowBefore(row: Buffer | undefined): Buffer | undefined | Promise<Buffer | undefined> {
    const answers: (Buffer | undefined)[] = [];
    const pending: Promise<void>[] = [];
    for (const source of this.#sources) {
      const answer = source.lastRowBefore(row);
      if (answer instanceof Promise) {
        pending.push(answer.then((found) => void answers.push(found)));
      } else {
        answers.push(answer);
      }
    }
    if (pending.length > 0) return Promise.all(pending).then(() => largestRow(answers));
    return largestRow(answers);
  }

  close(): void {
    this.#heap = [];
    for (const source of this.#sources) source.close();
  }

  #source(index: number): CellScanner {
    return this.#sources[index] as CellScanner;
  }

  #topMoved(): void {
    const top = this.#heap[0];
    if (top === undefined) return;
    if (this.#source(top).peek() === undefined) {
      this.#pop();
    } else {
      this.#siftDown(0);
    }
  }

  #rebuild(): void {
    this.#heap.length = 0;
    for (let i = 0; i < this.#sources.length; i++) {
      if (this.#source(i).peek() !== undefined) this.#heap.push(i);
    }
    for (let i = (this.#heap.length >> 1) - 1; i >= 0; i--) this.#siftDown(i);
  }

  #pushAll(indexes: readonly number[]): void {
    for (const index of indexes) {
      if (this.#source(index).peek() === undefined) continue;
      this.#heap.push(index);
      this.#siftUp(this.#heap.length - 1);
    }
  }

  #pop(): number {
    const heap = this.#heap;
    const top = heap[0] as number;
    const last = heap.pop() as number;
    if (heap.length > 0) {
      heap[0] = last;
      this.#siftDown(0);
    }
    return top;
  }

  /** Negative when source a's cell comes first; equal cells: the lower index first. */
  #compare(a: number, b: number): number {
    const cellA = this.#source(a).peek() as Cell;
    const cellB = this.#source(b).peek() as Cell;
    return compareCells(cellA, cellB) || a - b;
  }

  #siftDown(start: number): void {
    const heap = this.#heap;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) return;
      const right = left + 1;
      let child = left;
      if (right < heap.length && this.#compare(heap[right] as number, heap[left] as number) < 0) {
        child = right;
      }
      if (this.#compare(heap[child] as number, heap[i] as number) >= 0) return;
      [heap[i], heap[child]] = [heap[child] as number, heap[i] as number];
      i = child;
    }
  }

  #siftUp(start: number): void {
    const heap = this.#heap;
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.#compare(heap[i] as number, heap[parent] as number) >= 0) return;
      [heap[i], heap[parent]] = [heap[parent] as number, heap[i] as number];
      i = parent;
    }
  }
}

function largestRow(rows: readonly (Buffer | undefined)[]): Buffer | undefined {
  let best: Buffer | undefined;
  for (const row of rows) {
    if (row !== undefined && (best === undefined || compareBytes(row, best) > 0)) best = row;
  }
  return best;
}
