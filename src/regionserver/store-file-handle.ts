// An open store file shared by scanners and compactions. Invariant: a file replaced by a
// compaction is closed and deleted only once no scanner holds it (reference counting), so a
// long scan keeps reading the files it started with.
import type { StoreFileReader } from './storefile/types.js';

export class StoreFileHandle {
  readonly name: string;
  readonly path: string;
  readonly reader: StoreFileReader;
  #refs = 0;
  #retired = false;
  #onFree: (() => Promise<void>) | undefined;

  constructor(name: string, path: string, reader: StoreFileReader) {
    this.name = name;
    this.path = path;
    this.reader = reader;
  }

  get sizeBytes(): number {
    return this.reader.lengthBytes;
  }

  get maxSequenceId(): number {
    return this.reader.info.maxSequenceId;
  }

  get retired(): boolean {
    return this.#retired;
  }

  acquire(): void {
    this.#refs++;
  }

  release(): void {
    this.#refs--;
    if (this.#refs === 0 && this.#retired) this.#free();
  }

  /** No new scanner will get this file; `onFree` runs once the last holder lets go. */
  retire(onFree: () => Promise<void>): void {
    this.#retired = true;
    this.#onFree = onFree;
    if (this.#refs === 0) this.#free();
  }

  #free(): void {
    const onFree = this.#onFree;
    this.#onFree = undefined;
    if (onFree !== undefined) void onFree().catch(() => undefined);
  }
}

/** Store files in HBase's order: by max sequence id, oldest first (ties by name). */
export function sortStoreFiles(files: StoreFileHandle[]): StoreFileHandle[] {
  return files.sort((a, b) =>
    a.maxSequenceId !== b.maxSequenceId
      ? a.maxSequenceId - b.maxSequenceId
      : a.name < b.name
        ? -1
        : a.name > b.name
          ? 1
          : 0,
  );
}
