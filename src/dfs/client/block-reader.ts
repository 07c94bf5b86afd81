// Reads bytes [start, end) of one block in order, reads ahead, from the local files or the best
// location, failing over (reporting corrupt replicas) and relocating when all failed. Invariant:
// only verified bytes are returned; READ_ATTEMPTS_MAX failures end in Checksum or BlockMissing.
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
import { relocate, type FileBlock } from './located-file.js';
import type { ReadSession } from './read-session.js';
import type { LocalReplica, VerifiedPiece } from './short-circuit.js';

/** Bytes of one short-circuit read (large positional reads, verified as one run). */
export const SHORT_CIRCUIT_READ_BYTES = 2 * 1024 * 1024;
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

  /** The next verified bytes, or null once `end` is reached. */
  async next(): Promise<Buffer | null> {
    while (this.#pos < this.#end) {
      if (this.#closed || this.#session.closed) {
        throw new StreamClosedError(`${this.#session.path}: the input stream is closed`);
      }
      const source = this.#source ?? (await this.#chooseSource());
      this.#fill(source);
      const head = this.#queue.shift() as Pending;
      const outcome = await head.outcome;
      if (this.#source !== source) continue;
      if (!outcome.ok) {
        await this.#failed(source, outcome.error);
        continue;
      }
      const { piece, end } = outcome.value;
      if (end < head.end) this.#queue.unshift(this.#request(source, end, head.end));
      this.#pos = end;
      return piece;
    }
    this.#dropSource();
    return null;
  }

  /** Stops reading ahead (pieces in flight are dropped). */
  close(): void {
    this.#closed = true;
    this.#dropSource();
  }

  #fill(source: Source): void {
    const callBytes = source.kind === 'local' ? SHORT_CIRCUIT_READ_BYTES : READ_CALL_BYTES_MAX;
    while (this.#queue.length < this.#aheadMax && this.#issued < this.#end) {
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
    return { piece: data.subarray(skip, pieceEnd - answer.offset), end: pieceEnd };
  }

  async #chooseSource(): Promise<Source> {
    const local = this.#session.shortCircuitNode(this.#target);
    if (local !== undefined) {
      try {
        const replica = await this.#session.localReplica(this.#target, local);
        return this.#use({ kind: 'local', replica });
      } catch (error) {
        await this.#abandonLocal(error);
      }
    }
    for (;;) {
      const node = this.#nextLocation();
      if (node !== undefined) return this.#use({ kind: 'remote', node });
      await this.#relocate();
    }
  }

  #use(source: Source): Source {
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

  /** Forgets the source and the reads in flight. */
  #dropSource(): void {
    if (this.#source?.kind === 'local') this.#source.replica.release();
    this.#source = undefined;
    this.#queue = [];
    this.#issued = this.#pos;
  }
}

function settle(reading: Promise<VerifiedPiece>): Promise<Outcome> {
  return reading.then(
    (value): Outcome => ({ ok: true, value }),
    (error: unknown): Outcome => ({ ok: false, error: asError(error) }),
  );
}
