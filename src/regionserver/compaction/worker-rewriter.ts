// Runs compactions and split rewrites in a worker thread (rewrite-worker.ts), so that the region
// server's event loop goes on serving while a store's files are merged or copied: the merge, the
// block encoding, the checksums and the filesystem writes happen on the other core (LevelDB and
// HBase compact on threads of their own for the same reason). The worker starts at the first job
// and again after it dies; a job it was running fails with InternalError and the region retries
// the compaction later, as after any failed one. Invariant: every job settles exactly once.
import { Worker } from 'node:worker_threads';
import { fromWire, InternalError, type Logger, systemRng } from '../../common/index.js';
import {
  REWRITE_WORKER_CACHE_BYTES,
  REWRITE_WORKER_CLOSE_WAIT_MS,
  REWRITE_WORKER_IDLE_MS,
  REWRITE_WORKER_JOBS_MAX,
  REWRITE_WORKER_QUEUE_MAX,
} from '../limits.js';
import type { StoreFileHandle } from '../store-file-handle.js';
import type { CompactJob, CompactWritten, SplitFileJob, WrittenFile } from './rewrite-core.js';
import type { RewriteAnswer, RewriteRequest, RewriteWorkerConfig } from './rewrite-messages.js';
import type { RegionFs } from '../region-fs.js';
import type { BlockCache } from '../storefile/index.js';
import { type FileRef, type FileRewriter, InlineRewriter } from './rewriter.js';

/** A request before it is numbered. */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;
type Request = Unnumbered<RewriteRequest>;

export interface WorkerRewriterOptions {
  readonly namenode: string;
  readonly rootDir: string;
  readonly replication?: number;
  /** Seeds the worker's store file names (each start of the worker takes the next seed). */
  readonly seed: number;
  /** Runs a job when the worker's queue is full. */
  readonly overflow: FileRewriter;
  readonly logger: Logger;
  /** The worker's compiled module. @default rewrite-worker.js beside this module */
  readonly workerUrl?: URL;
  /** An idle worker stops after this long. @default REWRITE_WORKER_IDLE_MS */
  readonly idleMs?: number;
}

interface Pending {
  readonly resolve: (answer: RewriteAnswer) => void;
  readonly reject: (error: Error) => void;
  /** The worker the request went to: only its exit fails the request. */
  readonly worker: Worker;
}

export class WorkerRewriter implements FileRewriter {
  readonly #options: WorkerRewriterOptions;
  readonly #pending = new Map<number, Pending>();
  /** Jobs waiting for one of the worker's REWRITE_WORKER_JOBS_MAX places. */
  readonly #queue: (() => void)[] = [];
  /** Jobs holding one of those places (sent, or about to be). */
  #active = 0;
  #worker: Worker | undefined;
  #starts = 0;
  #nextId = 1;
  #closed = false;
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(options: WorkerRewriterOptions) {
    this.#options = options;
  }

  /** Jobs sent to the worker and not yet answered (for tests and metrics). */
  get running(): number {
    return this.#pending.size;
  }

  /** How many times the worker thread has been started. */
  get starts(): number {
    return this.#starts;
  }

  async compact(job: CompactJob, inputs: readonly StoreFileHandle[]): Promise<CompactWritten> {
    if (this.#full()) return this.#options.overflow.compact(job, inputs);
    const refs = inputs.map((file) => ({ path: file.path, name: file.name }));
    const answer = await this.#run({ kind: 'compact', job, inputs: refs });
    if (!('compacted' in answer))
      throw new InternalError('rewrite worker answered a compaction wrongly');
    return answer.compacted;
  }

  async split(job: SplitFileJob, parent: FileRef): Promise<readonly [WrittenFile, WrittenFile]> {
    if (this.#full()) return this.#options.overflow.split(job, parent);
    const answer = await this.#run({ kind: 'split', job, parent });
    if (!('halves' in answer)) throw new InternalError('rewrite worker answered a split wrongly');
    return answer.halves;
  }

  /** Fails queued and running jobs, lets the worker close its filesystem client, and stops it. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#idleTimer);
    // Each waiter is handed a place and, finding the rewriter closed, fails and gives it back.
    for (const wake of this.#queue.splice(0)) {
      this.#active++;
      wake();
    }
    const worker = this.#worker;
    if (worker === undefined) return;
    this.#failAll(new InternalError('the rewrite worker was closed'));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, REWRITE_WORKER_CLOSE_WAIT_MS);
    });
    // A worker stuck in a job gets no longer than the bound to close its client.
    await Promise.race([this.#send(worker, { kind: 'close' }).catch(() => undefined), timeout]);
    clearTimeout(timer);
    await worker.terminate();
  }

  #full(): boolean {
    return (
      this.#active >= REWRITE_WORKER_JOBS_MAX && this.#queue.length >= REWRITE_WORKER_QUEUE_MAX
    );
  }

  async #run(request: Request): Promise<RewriteAnswer> {
    // A finishing job hands its place straight to the next waiter, so #active never overshoots.
    if (this.#active >= REWRITE_WORKER_JOBS_MAX)
      await new Promise<void>((resolve) => this.#queue.push(resolve));
    else this.#active++;
    try {
      if (this.#closed) throw new InternalError('the rewrite worker is closed');
      return await this.#send(this.#ensureWorker(), request);
    } finally {
      const next = this.#queue.shift();
      if (next === undefined) this.#active--;
      else next();
    }
  }

  #send(worker: Worker, request: Request): Promise<RewriteAnswer> {
    const id = this.#nextId++;
    return new Promise<RewriteAnswer>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, worker });
      worker.ref();
      worker.postMessage({ ...request, id });
    });
  }

  #ensureWorker(): Worker {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    if (this.#worker !== undefined) return this.#worker;
    const options = this.#options;
    const config: RewriteWorkerConfig = {
      namenode: options.namenode,
      rootDir: options.rootDir,
      ...(options.replication === undefined ? {} : { replication: options.replication }),
      seed: (options.seed + this.#starts) >>> 0,
      cacheBytes: REWRITE_WORKER_CACHE_BYTES,
    };
    const worker = new Worker(
      options.workerUrl ?? new URL('./rewrite-worker.js', import.meta.url),
      {
        workerData: config,
      },
    );
    this.#starts++;
    this.#worker = worker;
    worker.on('message', (answer: RewriteAnswer) => this.#answer(answer));
    worker.on('error', (error) => {
      options.logger.warn({ err: error }, 'rewrite worker failed');
    });
    worker.on('exit', (code) => {
      if (this.#worker === worker) this.#worker = undefined;
      this.#failAll(new InternalError(`the rewrite worker exited (code ${code})`), worker);
    });
    return worker;
  }

  #answer(answer: RewriteAnswer): void {
    const pending = this.#pending.get(answer.id);
    if (pending === undefined) return;
    this.#pending.delete(answer.id);
    if (this.#pending.size === 0) this.#idle();
    if ('error' in answer) pending.reject(fromWire(answer.error));
    else pending.resolve(answer);
  }

  /**
   * With nothing running, the worker no longer keeps the process alive, and it stops once idle
   * for idleMs (a thread pool's keep-alive): its heap, filesystem client and read threads go too.
   */
  #idle(): void {
    const worker = this.#worker;
    if (worker === undefined) return;
    worker.unref();
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      if (this.#worker !== worker || this.#pending.size > 0) return;
      // Nothing is open for writing in it now, so stopping it leaves no file half written.
      this.#worker = undefined;
      void worker.terminate();
    }, this.#options.idleMs ?? REWRITE_WORKER_IDLE_MS);
    this.#idleTimer.unref();
  }

  /** Fails the requests sent to `worker`, or every request. */
  #failAll(error: Error, worker?: Worker): void {
    for (const [id, p] of [...this.#pending]) {
      if (worker !== undefined && p.worker !== worker) continue;
      this.#pending.delete(id);
      p.reject(error);
    }
  }
}

/** A region server's rewrite worker: seeded at random; inline rewrites when it is full. */
export function serverRewriteWorker(parts: {
  readonly namenode: string;
  readonly replication?: number;
  readonly rewriteWorkerUrl?: URL;
  readonly fs: RegionFs;
  readonly cache: BlockCache;
  readonly logger: Logger;
}): WorkerRewriter {
  return new WorkerRewriter({
    namenode: parts.namenode,
    rootDir: parts.fs.rootDir,
    ...(parts.replication === undefined ? {} : { replication: parts.replication }),
    seed: systemRng.nextInt(2 ** 32),
    overflow: new InlineRewriter(parts.fs, parts.cache, systemRng),
    logger: parts.logger,
    ...(parts.rewriteWorkerUrl === undefined ? {} : { workerUrl: parts.rewriteWorkerUrl }),
  });
}
