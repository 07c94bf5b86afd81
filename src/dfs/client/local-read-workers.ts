// Worker threads for short-circuit reads: a positional read of a replica's data file and the CRC32C
// of its whole chunks and partial last chunk, off the main thread (the CRC is a local read's cost).
// Invariant: every request is answered once, bytes or error; closing fails what is pending.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../common/log.js';
import { CHUNK_BYTES } from '../limits.js';

/** Worker threads per client (the hosts this runs on have few cores). */
export const LOCAL_READ_WORKERS = 2;

export interface LocalRead {
  readonly data: Buffer;
  /** CRC32C of the whole chunks of `data`, and of its partial last chunk (0 when none). */
  readonly wholeCrc: number;
  readonly tailCrc: number;
}

interface Request {
  readonly resolve: (read: LocalRead) => void;
  readonly reject: (error: Error) => void;
}

interface Answer {
  readonly id: number;
  readonly error?: string;
  readonly buffer?: ArrayBuffer;
  readonly length?: number;
  readonly wholeCrc?: number;
  readonly tailCrc?: number;
}

/** The worker, as plain JavaScript (it runs without the TypeScript build). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readSync } = require('node:fs');
const { crc32c } = require(workerData.crcModule);
const CHUNK = workerData.chunkBytes;
parentPort.on('message', (m) => {
  try {
    // Not from the shared pool: the whole ArrayBuffer is transferred.
    const buf = Buffer.allocUnsafeSlow(m.length);
    for (let done = 0; done < m.length; ) {
      const n = readSync(m.fd, buf, done, m.length - done, m.position + done);
      if (n === 0) throw new Error('file ends at ' + (m.position + done) + '; wanted ' + m.length + ' bytes');
      done += n;
    }
    const whole = m.length - (m.length % CHUNK);
    const wholeCrc = whole > 0 ? crc32c(buf.subarray(0, whole)) >>> 0 : 0;
    const tailCrc = whole < m.length ? crc32c(buf.subarray(whole)) >>> 0 : 0;
    const ab = buf.buffer;
    parentPort.postMessage({ id: m.id, buffer: ab, length: m.length, wholeCrc, tailCrc }, [ab]);
  } catch (error) {
    parentPort.postMessage({ id: m.id, error: String(error && error.message || error) });
  }
});
`;

export class LocalReadWorkers {
  readonly #logger: Logger;
  readonly #pending = new Map<number, Request>();
  #workers: Worker[] | undefined;
  #next = 0;
  #nextId = 0;
  #closed = false;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** `length` bytes of open file `fd` at `position`, with their CRCs. */
  read(fd: number, position: number, length: number): Promise<LocalRead> {
    if (this.#closed) return Promise.reject(new Error('the local read workers are closed'));
    const workers = this.#start();
    const id = this.#nextId++;
    const worker = workers[this.#next++ % workers.length] as Worker;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, fd, position, length });
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const workers = this.#workers ?? [];
    this.#workers = undefined;
    this.#failAll(new Error('the local read workers are closed'));
    await Promise.all(workers.map((w) => w.terminate()));
  }

  #start(): Worker[] {
    if (this.#workers !== undefined) return this.#workers;
    const crcModule = createRequire(import.meta.url).resolve('@node-rs/crc32');
    this.#workers = Array.from({ length: LOCAL_READ_WORKERS }, () => {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { crcModule, chunkBytes: CHUNK_BYTES },
      });
      worker.unref();
      worker.on('message', (answer: Answer) => this.#answer(answer));
      worker.on('error', (error) => this.#broken(worker, error));
      worker.on('exit', () => this.#broken(worker, new Error('a local read worker exited')));
      return worker;
    });
    return this.#workers;
  }

  #answer(answer: Answer): void {
    const request = this.#pending.get(answer.id);
    if (request === undefined) return;
    this.#pending.delete(answer.id);
    if (answer.error !== undefined || answer.buffer === undefined) {
      request.reject(new Error(answer.error ?? 'no bytes in the answer'));
      return;
    }
    request.resolve({
      data: Buffer.from(answer.buffer, 0, answer.length ?? 0),
      wholeCrc: answer.wholeCrc ?? 0,
      tailCrc: answer.tailCrc ?? 0,
    });
  }

  /** A worker failed: every pending read fails (callers fall back) and the pool restarts. */
  #broken(worker: Worker, error: Error): void {
    if (this.#closed || this.#workers?.includes(worker) !== true) return;
    this.#logger.warn({ err: error }, 'a local read worker failed; restarting the pool');
    const workers = this.#workers ?? [];
    this.#workers = undefined;
    this.#failAll(error);
    for (const worker of workers) void worker.terminate();
  }

  #failAll(error: Error): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const request of pending) request.reject(error);
  }
}
