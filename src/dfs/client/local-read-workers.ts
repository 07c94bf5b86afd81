// Worker threads for short-circuit reads: a positional read of a replica's data file and the CRC32C
// of its whole chunks and partial last chunk, off the main thread, into reusable shared slots.
// Invariant: every request is answered once, bytes or error; every slot lent is given back once.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../common/log.js';
import { RenewingMap } from '../../common/renewing-map.js';
import { CHUNK_BYTES } from '../limits.js';

/**
 * Worker threads per client. The hosts this runs on have few cores; one more worker than the two
 * cores of the smallest keeps both busy while the main thread copies (measured: 10% faster).
 */
export const LOCAL_READ_WORKERS = 3;
/** Bytes of one short-circuit read (large positional reads, verified as one run). */
export const SHORT_CIRCUIT_READ_BYTES = 2 * 1024 * 1024;
/** Bytes of one reusable slot a worker reads into: one short-circuit read. */
export const LOCAL_READ_SLOT_BYTES = SHORT_CIRCUIT_READ_BYTES;
/**
 * Reusable slots per worker, in one SharedArrayBuffer (reads beyond them get fresh memory). A
 * sequential stream holds READS_AHEAD_MAX + 1: its reads ahead and the piece it copies from.
 */
export const LOCAL_READ_SLOTS_PER_WORKER = 3;
/** Requests queued on one worker; beyond that on every worker, the caller reads itself. */
export const LOCAL_READS_PENDING_PER_WORKER_MAX = 8;

export interface LocalRead {
  readonly data: Buffer;
  /** CRC32C of the whole chunks of `data`, and of its partial last chunk (0 when none). */
  readonly wholeCrc: number;
  readonly tailCrc: number;
  /** True when `data` lies in a worker's slot: copy it out, then release(); never keep it. */
  readonly lent: boolean;
  /** Gives the slot under `data` back (the first call; later calls and unlent data: no-op). */
  readonly release: () => void;
}

/** One worker, its slots, and which of them are free. */
interface Member {
  readonly worker: Worker;
  readonly slots: Buffer;
  readonly free: number[];
  pending: number;
}

interface Request {
  readonly member: Member;
  /** The slot read into, or -1 for fresh memory transferred back. */
  readonly slot: number;
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

const NOTHING_TO_RELEASE = (): void => undefined;

/** The worker, as plain JavaScript (it runs without the TypeScript build). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readSync } = require('node:fs');
const { crc32c } = require(workerData.crcModule);
const CHUNK = workerData.chunkBytes;
const SLOT = workerData.slotBytes;
const slots = Buffer.from(workerData.slots);
parentPort.on('message', (m) => {
  try {
    // A slot of the shared buffer, or (none free) fresh memory whose whole ArrayBuffer is transferred.
    const buf = m.slot >= 0
      ? slots.subarray(m.slot * SLOT, m.slot * SLOT + m.length)
      : Buffer.allocUnsafeSlow(m.length);
    for (let done = 0; done < m.length; ) {
      const n = readSync(m.fd, buf, done, m.length - done, m.position + done);
      if (n === 0) throw new Error('file ends at ' + (m.position + done) + '; wanted ' + m.length + ' bytes');
      done += n;
    }
    const whole = m.length - (m.length % CHUNK);
    const wholeCrc = whole > 0 ? crc32c(buf.subarray(0, whole)) >>> 0 : 0;
    const tailCrc = whole < m.length ? crc32c(buf.subarray(whole)) >>> 0 : 0;
    if (m.slot >= 0) {
      parentPort.postMessage({ id: m.id, length: m.length, wholeCrc, tailCrc });
    } else {
      const ab = buf.buffer;
      parentPort.postMessage({ id: m.id, buffer: ab, length: m.length, wholeCrc, tailCrc }, [ab]);
    }
  } catch (error) {
    parentPort.postMessage({ id: m.id, error: String(error && error.message || error) });
  }
});
`;

export class LocalReadWorkers {
  readonly #logger: Logger;
  readonly #pending = new RenewingMap<number, Request>();
  #members: Member[] | undefined;
  #next = 0;
  #nextId = 0;
  #requested = 0;
  #closed = false;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Slots lent out or being read into now (for tests and metrics). */
  get slotsInUse(): number {
    let used = 0;
    for (const m of this.#members ?? []) used += LOCAL_READ_SLOTS_PER_WORKER - m.free.length;
    return used;
  }

  /** Requests sent to the workers since they started (for tests and metrics). */
  get requested(): number {
    return this.#requested;
  }

  /** Requests sent to the workers and not answered yet. */
  get pending(): number {
    return this.#pending.size;
  }

  /**
   * `length` bytes of open file `fd` at `position`, with their CRCs; undefined when every worker
   * has LOCAL_READS_PENDING_PER_WORKER_MAX requests queued (the caller reads on its own thread).
   */
  read(fd: number, position: number, length: number): Promise<LocalRead> | undefined {
    if (this.#closed) return Promise.reject(new Error('the local read workers are closed'));
    const members = this.#start();
    const member = this.#choose(members, length);
    if (member === undefined) return undefined;
    const slot = length <= LOCAL_READ_SLOT_BYTES ? (member.free.pop() ?? -1) : -1;
    const id = this.#nextId++;
    member.pending += 1;
    this.#requested += 1;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { member, slot, resolve, reject });
      member.worker.postMessage({ id, fd, position, length, slot });
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const members = this.#members ?? [];
    this.#members = undefined;
    this.#failAll(new Error('the local read workers are closed'));
    await Promise.all(members.map((m) => m.worker.terminate()));
  }

  /** The next worker in turn with a free slot, else the next with room in its queue. */
  #choose(members: readonly Member[], length: number): Member | undefined {
    const count = members.length;
    let fallback: Member | undefined;
    for (let i = 0; i < count; i++) {
      const at = (this.#next + i) % count;
      const member = members[at] as Member;
      if (member.pending >= LOCAL_READS_PENDING_PER_WORKER_MAX) continue;
      if (member.free.length > 0 && length <= LOCAL_READ_SLOT_BYTES) {
        this.#next = at + 1;
        return member;
      }
      fallback ??= member;
    }
    this.#next = (this.#next + 1) % count;
    return fallback;
  }

  #start(): Member[] {
    if (this.#members !== undefined) return this.#members;
    const crcModule = createRequire(import.meta.url).resolve('@node-rs/crc32');
    this.#members = Array.from({ length: LOCAL_READ_WORKERS }, () => {
      const shared = new SharedArrayBuffer(LOCAL_READ_SLOT_BYTES * LOCAL_READ_SLOTS_PER_WORKER);
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: {
          crcModule,
          chunkBytes: CHUNK_BYTES,
          slotBytes: LOCAL_READ_SLOT_BYTES,
          slots: shared,
        },
      });
      const member: Member = {
        worker,
        slots: Buffer.from(shared),
        free: Array.from({ length: LOCAL_READ_SLOTS_PER_WORKER }, (_, i) => i),
        pending: 0,
      };
      worker.unref();
      worker.on('message', (answer: Answer) => this.#answer(answer));
      worker.on('error', (error) => this.#broken(worker, error));
      worker.on('exit', () => this.#broken(worker, new Error('a local read worker exited')));
      return member;
    });
    return this.#members;
  }

  #answer(answer: Answer): void {
    const request = this.#pending.get(answer.id);
    if (request === undefined) return;
    this.#pending.delete(answer.id);
    const { member, slot } = request;
    member.pending -= 1;
    const length = answer.length ?? 0;
    const crcs = { wholeCrc: answer.wholeCrc ?? 0, tailCrc: answer.tailCrc ?? 0 };
    if (answer.error !== undefined) {
      if (slot >= 0) member.free.push(slot);
      request.reject(new Error(answer.error));
    } else if (slot >= 0) {
      const start = slot * LOCAL_READ_SLOT_BYTES;
      let lent = true;
      const release = (): void => {
        if (!lent) return;
        lent = false;
        member.free.push(slot);
      };
      const data = member.slots.subarray(start, start + length);
      request.resolve({ data, ...crcs, lent: true, release });
    } else if (answer.buffer !== undefined) {
      const data = Buffer.from(answer.buffer, 0, length);
      request.resolve({ data, ...crcs, lent: false, release: NOTHING_TO_RELEASE });
    } else {
      request.reject(new Error('no bytes in the answer'));
    }
  }

  /** A worker failed: every pending read fails (callers fall back) and the pool restarts. */
  #broken(worker: Worker, error: Error): void {
    if (this.#closed || this.#members?.some((m) => m.worker === worker) !== true) return;
    this.#logger.warn({ err: error }, 'a local read worker failed; restarting the pool');
    const members = this.#members ?? [];
    this.#members = undefined;
    this.#failAll(error);
    for (const member of members) void member.worker.terminate();
  }

  /** Fails every pending read. Their slots are not freed: a stopping worker may still write them. */
  #failAll(error: Error): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const request of pending) request.reject(error);
  }
}
