// Which WAL files may be archived (pure): per file, each region's highest sequence id in it; per
// region, the highest id flushed to store files. Invariant: a file is archivable only once it is
// closed (never the current file) and every region in it has flushed past its highest id there.
import { assert } from '../../common/assert.js';

interface TrackedFile {
  readonly name: string;
  /** Region name → highest sequence id of that region in this file. */
  readonly regions: Map<string, number>;
  closed: boolean;
}

export class WalFileTracker {
  /** Oldest first; only the last may be open. */
  readonly #files: TrackedFile[] = [];
  readonly #flushed = new Map<string, number>();

  /** Files not yet archived, the current one included. */
  get filesCount(): number {
    return this.#files.length;
  }

  /** Starts tracking a new current file; the previous current file must be closed first. */
  startFile(name: string): void {
    const last = this.#files[this.#files.length - 1];
    assert(last === undefined || last.closed, `WAL file ${last?.name} is still current`);
    assert(!this.#files.some((f) => f.name === name), `WAL file ${name} is tracked already`);
    this.#files.push({ name, regions: new Map(), closed: false });
  }

  /** The current file now holds edits up to these sequence ids (region → highest id). */
  record(name: string, regionMax: ReadonlyMap<string, number>): void {
    const file = this.#current();
    if (file?.name !== name) assert(false, `WAL file ${name} is not the current file`);
    for (const [region, sequenceId] of regionMax) {
      const before = file.regions.get(region);
      if (before === undefined || sequenceId > before) file.regions.set(region, sequenceId);
    }
  }

  /** The current file will take no more edits. */
  closeFile(name: string): void {
    const file = this.#current();
    if (file?.name !== name) assert(false, `WAL file ${name} is not the current file`);
    file.closed = true;
  }

  /** The region's edits up to `sequenceId` are in store files (ids only ever move forward). */
  markFlushed(region: string, sequenceId: number): void {
    const before = this.#flushed.get(region);
    if (before === undefined || sequenceId > before) this.#flushed.set(region, sequenceId);
  }

  /** Closed files, oldest first, whose every region has flushed past its highest id in them. */
  archivable(): string[] {
    return this.#files
      .filter((f) => f.closed && this.#unflushedIn(f).length === 0)
      .map((f) => f.name);
  }

  /** The file was archived: forget it, and the flushed ids of regions in no file any more. */
  removeFile(name: string): void {
    const index = this.#files.findIndex((f) => f.name === name);
    const file = this.#files[index];
    assert(file !== undefined && file.closed, `WAL file ${name} is not a closed tracked file`);
    this.#files.splice(index, 1);
    for (const region of file.regions.keys()) {
      if (!this.#files.some((f) => f.regions.has(region))) this.#flushed.delete(region);
    }
  }

  /** The regions that keep the oldest closed file from being archived (flushing them frees it). */
  unflushedRegions(): string[] {
    const oldest = this.#files[0];
    if (oldest === undefined || !oldest.closed) return [];
    return this.#unflushedIn(oldest).sort();
  }

  /** File names, oldest first, with whether each is closed (for stats and tests). */
  files(): { readonly name: string; readonly closed: boolean }[] {
    return this.#files.map((f) => ({ name: f.name, closed: f.closed }));
  }

  #current(): TrackedFile | undefined {
    const last = this.#files[this.#files.length - 1];
    return last !== undefined && !last.closed ? last : undefined;
  }

  #unflushedIn(file: TrackedFile): string[] {
    const out: string[] = [];
    for (const [region, highest] of file.regions) {
      if ((this.#flushed.get(region) ?? -1) < highest) out.push(region);
    }
    return out;
  }
}
