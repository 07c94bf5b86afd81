// Reads bytes [start, end) of one block in order, reads ahead, from the local files or the best
// location, failing over (reporting corrupt replicas) and relocating when all failed. Invariant:
// only verified bytes are returned; READ_ATTEMPTS_MAX failures end in Checksum or BlockMissing;
// every lent piece read ahead and dropped (close, failover) is released when its read ends.
import { firstBadChunk } from '../checksum.js';
import { BlockMissingError, ChecksumError, StreamClosedError } from '../errors.js';
import {
  CHUNK_BYTES,
  DATANODE_CALL_TIMEOUT_MS,
  NAMENODE_CALL_TIMEOUT_MS,
  READ_ATTEMPTS_MAX,
  READ_CALL_BYTES_MAX,
} from '../limits.js';
import type { DatanodeInfo } from '../types.js';
import { asError, sleep } from './context.js';
import { SHORT_CIRCUIT_READ_BYTES } from './local-read-workers.js';
import { relocate, type FileBlock } from './located-file.js';
import type { ReadSession } from './read-session.js';
import { ownedPiece, type LocalReplica, type VerifiedPiece } from './short-circuit.js';

export { SHORT_CIRCUIT_READ_BYTES } from './local-read-workers.js';
/** Wait before fetching fresh locations, times the round (HDFS waits up to 3 s, randomized). */
export const READ_RELOCATE_DELAY_MS = 100;

type Source =
  | { readonly kind: 'local'; readonly replica: LocalReplica }
  | { readonly kind: 'remote'; readonly node: DatanodeInfo };

type Outcome =
  | { readonly ok: true; readonly value: VerifiedPiece }
  | { readonly ok: false; readonly error: Error };

interface Pending {
  readonly start: number;
  readonly end: number;
  readonly outcome: Promise<Outcome>;
}

export class BlockReader {
  readonly #session: ReadSession;
  readonly #target: FileBlock;
  readonly #end: number;
  readonly #aheadMax: number;
  #pos: number;
  #issued: number;
  #queue: Pending[] = [];
  #source: Source | undefined;
  /** The source being chosen (by next() or prefetch()), while it is. */
  #choosing: Promise<Source> | undefined;
  /** Reads prefetch() may keep in flight before next() is first called. */
  #prefetchAhead = 0;
  /** Datanode ids this round of locations has tried. */
  readonly #tried = new Set<string>();
  #attempts = 0;
  #checksumFailures = 0;
  #rounds = 0;
  readonly #failures: string[] = [];
  #closed = false;

  constructor(
    session: ReadSession,
    target: FileBlock,
    start: number,
    end: number,
    aheadMax: number,
  ) {
    this.#session = session;
    this.#target = target;
    this.#pos = start;
    this.#issued = start;
    this.#end = end;
    this.#aheadMax = aheadMax;
  }

  /** The block offset of the next byte `next()` returns. */
  get position(): number {
    return this.#pos;
  }

  get target(): FileBlock {
    return this.#target;
  }

  /** Reads issued and not yet returned by next(). */
  get queued(): number {
    return this.#queue.length;
  }

  /** True once every read up to `end` is issued (the reader of the next block may start). */
  get issuedAll(): boolean {
    return this.#source !== undefined && this.#issued >= this.#end;
  }

  /**
   * Starts the reads of next() before it is called: chooses the source (in the background; after
   * an error next() chooses again) and keeps at most `ahead` (up to its own limit) in flight.
   */
  prefetch(ahead: number): void {
    if (this.#closed || this.#session.closed) return;
    this.#prefetchAhead = Math.min(ahead, this.#aheadMax);
    if (this.#source !== undefined) {
      this.#fill(this.#source, this.#prefetchAhead);
      return;
    }
    this.#choose().then(
      (source) => {
        if (this.#source === source && !this.#closed) this.#fill(source, this.#prefetchAhead);
      },
      () => undefined,
    );
  }

  /** The next verified bytes (release() them once used), or null once `end` is reached. */
  async next(): Promise<VerifiedPiece | null> {
    while (this.#pos < this.#end) {
      if (this.#closed || this.#session.closed) {
        throw new StreamClosedError(`${this.#session.path}: the input stream is closed`);
      }
      const source = this.#source ?? (await this.#choose());
      if (this.#source !== source) continue;
      this.#fill(source, this.#aheadMax);
      const head = this.#queue.shift() as Pending;
      const outcome = await head.outcome;
      if (this.#source !== source) {
        release(outcome);
        continue;
      }
      if (!outcome.ok) {
        await this.#failed(source, outcome.error);
        continue;
      }
      const { end } = outcome.value;
      if (end < head.end) this.#queue.unshift(this.#request(source, end, head.end));
      this.#pos = end;
      this.#fill(source, this.#aheadMax);
      return outcome.value;
    }
    this.#dropSource();
    return null;
  }

  /** Stops reading ahead (pieces in flight are dropped). */
  close(): void {
    this.#closed = true;
    this.#dropSource();
  }

  #fill(source: Source, ahead: number): void {
    const callBytes = source.kind === 'local' ? SHORT_CIRCUIT_READ_BYTES : READ_CALL_BYTES_MAX;
    while (this.#queue.length < ahead && this.#issued < this.#end) {
      const start = this.#issued;
      const end = Math.min(this.#end, start - (start % CHUNK_BYTES) + callBytes);
      this.#queue.push(this.#request(source, start, end));
      this.#issued = end;
    }
  }

  #request(source: Source, start: number, end: number): Pending {
    const reading =
      source.kind === 'local'
        ? source.replica.read(start, end)
        : this.#readRemote(source.node, start, end);
    return { start, end, outcome: settle(reading) };
  }

  async #readRemote(node: DatanodeInfo, start: number, end: number): Promise<VerifiedPiece> {
    const block = this.#target.block;
    const answer = await this.#session.ctx
      .datanode(node.address)
      .readBlock(
        { blockId: block.blockId, genStamp: block.genStamp, offset: start, length: end - start },
        { timeoutMs: DATANODE_CALL_TIMEOUT_MS },
      );
    const data = Buffer.from(answer.data.buffer, answer.data.byteOffset, answer.data.length);
    const skip = start - answer.offset;
    const available = answer.offset + data.length;
    if (skip < 0 || answer.offset % CHUNK_BYTES !== 0 || available <= start) {
      throw new Error(
        `${node.address} answered ${data.length} bytes at ${answer.offset} for ${start}..${end} ` +
          `(visible length ${answer.visibleLength})`,
      );
    }
    const bad = firstBadChunk(data, answer.checksums);
    if (bad >= 0) {
      throw new ChecksumError(
        `block ${block.blockId} on ${node.address}: chunk at ${answer.offset + bad * CHUNK_BYTES} ` +
          'fails its checksum',
      );
    }
    const pieceEnd = Math.min(end, available);
    return ownedPiece(data.subarray(skip, pieceEnd - answer.offset), pieceEnd);
  }

  /** The source being chosen: one choice at a time for next() and prefetch(). */
  #choose(): Promise<Source> {
    if (this.#choosing === undefined) {
      const choosing = this.#chooseSource();
      const done = (): void => {
        if (this.#choosing === choosing) this.#choosing = undefined;
      };
      choosing.then(done, done);
      this.#choosing = choosing;
    }
    return this.#choosing;
  }

  async #chooseSource(): Promise<Source> {
    const local = this.#session.shortCircuitNode(this.#target);
    if (local !== undefined) {
      let replica: LocalReplica | undefined;
      try {
        replica = await this.#session.localReplica(this.#target, local);
      } catch (error) {
        await this.#abandonLocal(error);
      }
      if (replica !== undefined) return this.#use({ kind: 'local', replica });
    }
    for (;;) {
      const node = this.#nextLocation();
      if (node !== undefined) return this.#use({ kind: 'remote', node });
      await this.#relocate();
    }
  }

  /** Reads from `source` from now on; a reader closed meanwhile gives its replica back. */
  #use(source: Source): Source {
    if (this.#closed) {
      if (source.kind === 'local') source.replica.release();
      throw new StreamClosedError(`${this.#session.path}: the input stream is closed`);
    }
    this.#source = source;
    return source;
  }

  /** The best location not tried this round: live ones in the namenode's order, then the rest. */
  #nextLocation(): DatanodeInfo | undefined {
    const untried = this.#target.locations.filter((n) => !this.#tried.has(n.datanodeId));
    const dead = this.#session.deadNodes;
    return untried.find((n) => !dead.has(n.datanodeId)) ?? untried[0];
  }

  /** Every location failed: wait, then ask the namenode again (counts as an attempt if empty). */
  async #relocate(): Promise<void> {
    if (this.#target.locations.length === 0) this.#count(new Error('the block has no locations'));
    this.#rounds += 1;
    await sleep(this.#session.ctx.clock, READ_RELOCATE_DELAY_MS * this.#rounds);
    await relocate(this.#session.ctx, this.#session.path, this.#target);
    this.#tried.clear();
  }

  async #failed(source: Source, error: Error): Promise<void> {
    this.#dropSource();
    switch (source.kind) {
      case 'local':
        await this.#abandonLocal(error);
        return;
      case 'remote':
        if (error instanceof ChecksumError) await this.#reportBad(source.node);
        else this.#session.deadNodes.add(source.node.datanodeId);
        this.#tried.add(source.node.datanodeId);
        this.#count(error, source.node);
        return;
      default: {
        const never: never = source;
        throw new Error(`unknown read source ${String(never)}`);
      }
    }
  }

  async #abandonLocal(error: unknown): Promise<void> {
    this.#session.ctx.logger.debug(
      { err: error, blockId: this.#target.block.blockId },
      'short-circuit read failed; reading through the datanode',
    );
    await this.#session.remoteOnly(this.#target.block.blockId);
  }

  /** Counts a failed attempt; throws the block's final error once they are used up. */
  #count(error: Error, node?: DatanodeInfo): void {
    this.#attempts += 1;
    if (error instanceof ChecksumError) this.#checksumFailures += 1;
    this.#failures.push(`${node?.address ?? 'namenode'}: ${error.message}`);
    if (this.#attempts < READ_ATTEMPTS_MAX) return;
    const what =
      `${this.#session.path}: block ${this.#target.block.blockId} at offset ${this.#target.offset} ` +
      `could not be read in ${this.#attempts} attempts (${this.#failures.join('; ')})`;
    if (this.#checksumFailures === this.#attempts) throw new ChecksumError(what);
    throw new BlockMissingError(what);
  }

  async #reportBad(node: DatanodeInfo): Promise<void> {
    if (!this.#target.complete) return;
    try {
      await this.#session.ctx.namenode.reportBadBlocks(
        { replicas: [{ block: this.#target.block, datanodeId: node.datanodeId }] },
        { timeoutMs: NAMENODE_CALL_TIMEOUT_MS },
      );
    } catch (error) {
      this.#session.ctx.logger.warn({ err: error }, 'could not report a corrupt replica');
    }
  }

  /** Forgets the source and the reads in flight (their pieces are released when they end). */
  #dropSource(): void {
    if (this.#source?.kind === 'local') this.#source.replica.release();
    this.#source = undefined;
    for (const pending of this.#queue) void pending.outcome.then(release);
    this.#queue = [];
    this.#issued = this.#pos;
  }
}

/** Gives back the piece of a read nobody will use. */
function release(outcome: Outcome): void {
  if (outcome.ok) outcome.value.release();
}

function settle(reading: Promise<VerifiedPiece>): Promise<Outcome> {
  return reading.then(
    (value): Outcome => ({ ok: true, value }),
    (error: unknown): Outcome => ({ ok: false, error: asError(error) }),
  );
}
