// A file being written (HDFS DFSOutputStream + DataStreamer): packets down each block's pipeline,
// `last` packet and addBlock at block ends. Invariants: operations run one at a time in call order;
// write() resolves once queued, hflush/hsync once acknowledged; the first failure is final.
import { TimeoutError } from '../../common/errors.js';
import { StreamClosedError } from '../errors.js';
import {
  COMPLETE_ATTEMPTS_MAX,
  COMPLETE_RETRY_DELAY_MS,
  NAMENODE_CALL_TIMEOUT_MS,
} from '../limits.js';
import type { Block, DatanodeInfo } from '../types.js';
import { setupNewBlock } from './block-setup.js';
import { asError, sleep, type ClientContext } from './context.js';
import { Packetizer, type Packet } from './packetizer.js';
import { Pipeline, PipelineFailure } from './pipeline.js';
import { recoverPipeline } from './pipeline-recovery.js';

/** Where a stream starts: a new file, or the end of one reopened for append. */
export interface OutputStreamStart {
  readonly path: string;
  readonly replication: number;
  readonly blockBytes: number;
  /** The file's length when the stream opens. */
  readonly length: number;
  /** The file's last complete block when new bytes start a new block (append), else null. */
  readonly previous: Block | null;
}

type StreamState =
  | { readonly kind: 'open' }
  | { readonly kind: 'closed' }
  | { readonly kind: 'failed'; readonly error: Error };

export class DfsOutputStream {
  readonly path: string;
  readonly #ctx: ClientContext;
  readonly #replication: number;
  readonly #packetizer: Packetizer;
  #pipeline: Pipeline | null = null;
  #previous: Block | null;
  #written: number;
  /** Datanodes dropped from the current block's pipelines, and its recovery rounds. */
  #excluded: DatanodeInfo[] = [];
  #rounds = { count: 0 };
  #state: StreamState = { kind: 'open' };
  #chain: Promise<unknown> = Promise.resolve();

  /** @internal Use DfsClient.create or DfsClient.append. */
  constructor(ctx: ClientContext, start: OutputStreamStart) {
    this.#ctx = ctx;
    this.path = start.path;
    this.#replication = start.replication;
    this.#packetizer = new Packetizer(start.blockBytes);
    this.#previous = start.previous;
    this.#written = start.length;
    ctx.renewer.add(this);
  }

  /**
   * @internal Reopens the partial last block for append: its replicas hold `block.numBytes`
   * bytes, `tail` the bytes of its partial last chunk. Recovers the pipeline if it fails to open.
   */
  async reopenLastBlock(block: Block, nodes: readonly DatanodeInfo[], tail: Buffer): Promise<void> {
    this.#packetizer.beginBlock(block.numBytes, tail);
    this.#pipeline = new Pipeline(this.#ctx, block, nodes);
    await this.#run(async () => {
      try {
        await this.#pipeline?.open('append');
      } catch (error) {
        await this.#recover(error);
      }
    });
  }

  /** Bytes written to the file so far (its length once closed). */
  get position(): number {
    return this.#written;
  }

  /** Queues `data`; resolves when it is sent or buffered (waits while the window is full). */
  write(data: Uint8Array): Promise<void> {
    return this.#run(async () => {
      for (let start = 0; start < data.length;) {
        if (!this.#packetizer.active) this.#packetizer.beginBlock(0);
        const count = this.#packetizer.append(data, start);
        start += count;
        this.#written += count;
        if (this.#packetizer.packetFull) await this.#send(this.#packetizer.cut());
      }
    });
  }

  /** Resolves when every datanode of the pipeline holds every byte written (visible to readers). */
  hflush(): Promise<void> {
    return this.#run(() => this.#flush(false));
  }

  /** Like hflush, and every datanode has also fsynced the bytes. */
  hsync(): Promise<void> {
    return this.#run(() => this.#flush(true));
  }

  /** Flushes, finalizes the last block and completes the file. A second close does nothing. */
  async close(): Promise<void> {
    if (this.#state.kind === 'closed') return;
    await this.#run(async () => {
      const packetizer = this.#packetizer;
      if (packetizer.active && (this.#pipeline !== null || packetizer.blockLength > 0)) {
        await this.#send(packetizer.cut({ last: true }));
      }
      await this.#complete();
      this.#end({ kind: 'closed' });
    });
  }

  /** Abandons the stream without completing the file (its lease lapses or is recovered). */
  abort(): void {
    if (this.#state.kind !== 'open') return;
    this.#pipeline?.abort(new StreamClosedError(`${this.path}: the stream was aborted`));
    this.#end({ kind: 'closed' });
  }

  #end(state: StreamState): void {
    this.#state = state;
    this.#ctx.renewer.remove(this);
  }

  /** Runs `op` after every earlier operation; an error it throws fails the stream. */
  #run(op: () => Promise<void>): Promise<void> {
    const result = this.#chain.then(async () => {
      this.#checkOpen();
      try {
        await op();
      } catch (error) {
        const failure = asError(error);
        if (this.#state.kind === 'open') {
          this.#ctx.logger.warn({ err: failure, path: this.path }, 'output stream failed');
          this.#pipeline?.abort(failure);
          this.#end({ kind: 'failed', error: failure });
        }
        throw failure;
      }
    });
    this.#chain = result.catch(() => undefined);
    return result;
  }

  #checkOpen(): void {
    const state = this.#state;
    switch (state.kind) {
      case 'open':
        return;
      case 'closed':
        throw new StreamClosedError(`${this.path}: the output stream is closed`);
      case 'failed':
        throw state.error;
      default: {
        const never: never = state;
        throw new Error(`unknown stream state ${String(never)}`);
      }
    }
  }

  async #flush(sync: boolean): Promise<void> {
    const packetizer = this.#packetizer;
    const pending = packetizer.active && packetizer.unsentBytes > 0;
    const syncNeeded = sync && packetizer.active && this.#pipeline !== null;
    if (pending || syncNeeded) await this.#send(packetizer.cut({ sync }));
    await this.#drain();
  }

  /** Sends one packet down the current block's pipeline (opening the block first if needed). */
  async #send(packet: Packet): Promise<void> {
    for (;;) {
      const pipeline = this.#pipeline ?? (await this.#openNewBlock());
      try {
        await pipeline.send(packet);
        break;
      } catch (error) {
        await this.#recover(error);
      }
    }
    if (packet.last) {
      await this.#drain();
      this.#finishBlock();
    }
  }

  async #openNewBlock(): Promise<Pipeline> {
    this.#excluded = [];
    this.#rounds = { count: 0 };
    this.#pipeline = await setupNewBlock(this.#ctx, this.path, this.#previous);
    return this.#pipeline;
  }

  /** Waits until the whole pipeline acknowledged every packet sent, recovering it as needed. */
  async #drain(): Promise<void> {
    for (;;) {
      const pipeline = this.#pipeline;
      if (pipeline === null) return;
      try {
        await pipeline.drain();
        return;
      } catch (error) {
        await this.#recover(error);
      }
    }
  }

  /** Replaces the failed pipeline and sends its unacknowledged packets down the new one. */
  async #recover(error: unknown): Promise<void> {
    if (!(error instanceof PipelineFailure)) throw error;
    let failure = error;
    for (;;) {
      const old = this.#pipeline;
      if (old === null) throw failure.error;
      await old.settle();
      const pending = old.unacked();
      const block = { ...old.block, numBytes: old.ackedBytes };
      this.#pipeline = await recoverPipeline(this.#ctx, {
        path: this.path,
        block,
        nodes: old.nodes,
        failure,
        replication: this.#replication,
        excluded: this.#excluded,
        rounds: this.#rounds,
      });
      try {
        for (const packet of pending) await this.#pipeline.send(packet);
        return;
      } catch (next) {
        if (!(next instanceof PipelineFailure)) throw next;
        failure = next;
      }
    }
  }

  #finishBlock(): void {
    const pipeline = this.#pipeline;
    if (pipeline === null) return;
    this.#previous = { ...pipeline.block, numBytes: pipeline.ackedBytes };
    this.#pipeline = null;
  }

  /** Polls complete until the namenode has the last block's replicas (HDFS completeFile). */
  async #complete(): Promise<void> {
    for (let attempt = 1; attempt <= COMPLETE_ATTEMPTS_MAX; attempt++) {
      const answer = await this.#ctx.namenode.complete(
        { path: this.path, clientName: this.#ctx.clientName, last: this.#previous },
        { timeoutMs: NAMENODE_CALL_TIMEOUT_MS },
      );
      if (answer.completed) return;
      await sleep(this.#ctx.clock, COMPLETE_RETRY_DELAY_MS);
    }
    throw new TimeoutError(
      `${this.path}: the namenode did not complete the file after ${COMPLETE_ATTEMPTS_MAX} ` +
        `attempts ${COMPLETE_RETRY_DELAY_MS} ms apart (its last block lacks reported replicas)`,
    );
  }
}
