// The block scanner (HDFS VolumeScanner): every scan interval it verifies one finalized replica,
// round robin by block id, reading at most its byte rate, and reports a replica whose files do not
// match their checksums (or their lengths) with reportBadBlocks, once per replica and stamp.
import { stat } from 'node:fs/promises';
import type { TimerHandle } from '../../common/clock.js';
import { firstBadChunk } from '../checksum.js';
import { ChecksumError } from '../errors.js';
import type { DatanodeContext } from './datanode-context.js';
import { metaBytesFor } from './meta-file.js';
import { readRange } from './reader.js';
import type { Replica } from './replica.js';

/** Bytes verified per step (a multiple of CHUNK_BYTES); the replica's queue is free in between. */
export const SCAN_STEP_BYTES = 1024 * 1024;
/** Bad replicas remembered so as not to report them twice. */
export const SCAN_REPORTED_MAX = 10_000;

export type ScanOutcome = 'ok' | 'bad' | 'gone';

export interface BlockScannerOptions {
  readonly intervalMs: number;
  readonly bytesPerSecondMax: number;
}

export class BlockScanner {
  readonly #ctx: DatanodeContext;
  readonly #options: BlockScannerOptions;
  readonly #reported = new Set<string>();
  #cursor = -1;
  #timer: TimerHandle | undefined;
  #wake: (() => void) | undefined;
  #started = false;
  #stopped = false;
  #current: Promise<unknown> | undefined;

  constructor(ctx: DatanodeContext, options: BlockScannerOptions) {
    this.#ctx = ctx;
    this.#options = options;
  }

  start(): void {
    this.#started = true;
    this.#schedule();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#ctx.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#wake?.();
    await this.#current;
  }

  #schedule(): void {
    if (this.#stopped || !this.#started) return;
    this.#timer = this.#ctx.clock.setTimeout(() => {
      this.#timer = undefined;
      this.#current = this.scanNext()
        .catch((error: unknown) => this.#ctx.logger.warn({ err: error }, 'block scan failed'))
        .finally(() => this.#schedule());
    }, this.#options.intervalMs);
    this.#timer.unref();
  }

  /** Verifies the next finalized replica; undefined when there is none. */
  async scanNext(): Promise<ScanOutcome | undefined> {
    const replica = this.#ctx.store.nextFinalized(this.#cursor);
    if (replica === undefined) return undefined;
    this.#cursor = replica.blockId;
    return this.scan(replica);
  }

  async scan(replica: Replica): Promise<ScanOutcome> {
    const { blockId, genStamp } = replica;
    const total = replica.bytesOnDisk;
    const startMs = this.#ctx.clock.monotonicMs();
    let outcome = await this.#step(replica, genStamp, -1);
    for (let position = 0; outcome === 'ok' && position < total; position += SCAN_STEP_BYTES) {
      if (this.#stopped) break;
      outcome = await this.#step(replica, genStamp, position);
      await this.#throttle(startMs, Math.min(total, position + SCAN_STEP_BYTES));
    }
    if (outcome === 'bad') this.#report(replica, blockId, genStamp, total);
    return outcome;
  }

  /** One step under the replica's queue: its file lengths (position -1), or one piece. */
  #step(replica: Replica, genStamp: number, position: number): Promise<ScanOutcome> {
    const store = this.#ctx.store;
    return store.serial(replica.blockId, async () => {
      const current = store.get(replica.blockId);
      if (current !== replica || replica.state !== 'finalized' || replica.genStamp !== genStamp) {
        return 'gone';
      }
      try {
        if (position < 0) return await this.#lengthsMatch(replica);
        const end = Math.min(replica.bytesOnDisk, position + SCAN_STEP_BYTES);
        const range = await readRange(store, replica, position, end);
        return firstBadChunk(range.data, range.checksums) < 0 ? 'ok' : 'bad';
      } catch (error) {
        if (error instanceof ChecksumError) return 'bad';
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'bad';
        throw error;
      }
    });
  }

  async #lengthsMatch(replica: Replica): Promise<ScanOutcome> {
    const layout = this.#ctx.store.layout;
    const [data, meta] = await Promise.all([
      stat(layout.dataPath(replica.dir, replica.blockId)),
      stat(layout.metaPath(replica.dir, replica.blockId, replica.genStamp)),
    ]);
    const ok = data.size === replica.bytesOnDisk && meta.size === metaBytesFor(replica.bytesOnDisk);
    return ok ? 'ok' : 'bad';
  }

  async #throttle(startMs: number, bytesDone: number): Promise<void> {
    const dueMs = (bytesDone / this.#options.bytesPerSecondMax) * 1000;
    const waitMs = dueMs - (this.#ctx.clock.monotonicMs() - startMs);
    if (waitMs <= 0 || this.#stopped) return;
    await new Promise<void>((resolve) => {
      const timer = this.#ctx.clock.setTimeout(() => {
        this.#wake = undefined;
        resolve();
      }, waitMs);
      timer.unref();
      this.#wake = () => {
        this.#ctx.clock.clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
    });
  }

  #report(replica: Replica, blockId: number, genStamp: number, numBytes: number): void {
    const key = `${blockId}_${genStamp}`;
    if (this.#reported.has(key)) return;
    if (this.#reported.size >= SCAN_REPORTED_MAX) this.#reported.clear();
    this.#reported.add(key);
    this.#ctx.logger.warn({ block: blockId }, `scanner: ${replica.describe()} is corrupt`);
    this.#ctx.reportBad([
      { block: { blockId, genStamp, numBytes }, datanodeId: this.#ctx.self().datanodeId },
    ]);
  }
}
