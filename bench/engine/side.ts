// What each engine in the benchmark offers: the same operations on the same rows, each read
// checked against the workload's value, so that neither side can win by skipping work.

export interface EngineSide {
  readonly name: string;
  /** Writes these rows in one batch (one batchMutate / one LevelDB batch). */
  putBatch(rows: ArrayLike<number>): Promise<void>;
  /** Reads one row and checks its value. */
  get(row: number): Promise<void>;
  /** Reads one row without filling the block cache, and checks its value. */
  getUncached(row: number): Promise<void>;
  /** Moves everything written from memory to files (region flush / LevelDB compactRange). */
  flush(): Promise<void>;
  /** Every row in key order; returns how many. */
  scan(): Promise<number>;
  /** Closes and opens again: a new, empty block cache; the files and the OS page cache stay. */
  reopen(): Promise<void>;
  /** Block cache hits and misses so far (of the current open), where the engine tells. */
  cacheStats(): { hits: number; misses: number } | undefined;
  close(): Promise<void>;
}
