// The edit log and checkpoints in `level`: edits in synced batches in txid order (group commit), a
// checkpoint plus the deletion of the edits it covers in one atomic batch. Start-up = checkpoint +
// later edits, stopping (with a warning) at the first bad one.
import { ClassicLevel } from 'classic-level';
import { pack, unpack } from 'msgpackr';
import { assert } from '../../common/assert.js';
import { type LevelBatchOp, writeLevelBatch } from '../../common/level-batch.js';
import { InternalError } from '../../common/errors.js';
import type { Logger } from '../../common/log.js';
import { EDIT_BATCH_MAX } from '../limits.js';
import { decodeEdit, encodeEdit, type Edit } from './edits.js';
import { imageToNamespace } from './namespace-image.js';
import { Namespace } from './namespace.js';

const META_KEY = 'm';
const CHECKPOINT_PREFIX = 'c';
const EDIT_PREFIX = 'e';
/** The first key after every edit key. */
const EDIT_END = 'f';
const TXID_HEX_DIGITS = 16;
const HEX = 16;
const RECORD_HEX_DIGITS = 8;

type BatchOp = LevelBatchOp<Uint8Array>;

interface Job {
  readonly kind: 'edits' | 'checkpoint';
  readonly ops: BatchOp[];
  edits: number;
  readonly done: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

export function editKey(txid: number): string {
  return EDIT_PREFIX + txid.toString(HEX).padStart(TXID_HEX_DIGITS, '0');
}

function checkpointKey(txid: number, record: number): string {
  return (
    CHECKPOINT_PREFIX +
    txid.toString(HEX).padStart(TXID_HEX_DIGITS, '0') +
    record.toString(HEX).padStart(RECORD_HEX_DIGITS, '0')
  );
}

function newJob(kind: Job['kind']): Job {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  done.catch(() => undefined); // callers that wait see the failure; nobody else must
  return { kind, ops: [], edits: 0, done, resolve, reject };
}

export interface EditLogOptions {
  readonly location: string;
  readonly checkpointEdits: number;
  readonly logger: Logger;
}

export class EditLog {
  readonly location: string;
  readonly #db: ClassicLevel<string, Uint8Array>;
  readonly #checkpointEdits: number;
  readonly #logger: Logger;
  readonly #jobs: Job[] = [];
  #writing: Promise<void> | undefined;
  #lastTxid = 0;
  #checkpointTxid = 0;
  #checkpointRecords = 0;
  #editsSinceCheckpoint = 0;
  #failure: Error | undefined;

  private constructor(options: EditLogOptions) {
    this.location = options.location;
    this.#checkpointEdits = options.checkpointEdits;
    this.#logger = options.logger;
    this.#db = new ClassicLevel<string, Uint8Array>(options.location, { valueEncoding: 'view' });
  }

  /** Opens the log and rebuilds the namespace it holds. */
  static async open(options: EditLogOptions): Promise<{ log: EditLog; namespace: Namespace }> {
    const log = new EditLog(options);
    await log.#db.open();
    try {
      const namespace = await log.#load();
      return { log, namespace };
    } catch (error) {
      await log.#db.close();
      throw error;
    }
  }

  get lastTxid(): number {
    return this.#lastTxid;
  }

  get checkpointTxid(): number {
    return this.#checkpointTxid;
  }

  /** The write error that made the log unusable, if any. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** True once CHECKPOINT_EDITS edits have been appended since the last checkpoint. */
  get checkpointDue(): boolean {
    return this.#editsSinceCheckpoint >= this.#checkpointEdits;
  }

  /** Queues `edit` as the next txid; resolves once its batch is synced to disk. */
  append(edit: Edit): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#fatal());
    const txid = ++this.#lastTxid;
    this.#editsSinceCheckpoint++;
    let job = this.#jobs[this.#jobs.length - 1];
    if (job === undefined || job.kind !== 'edits' || job.edits >= EDIT_BATCH_MAX) {
      job = newJob('edits');
      this.#jobs.push(job);
    }
    job.ops.push({ type: 'put', key: editKey(txid), value: encodeEdit(edit) });
    job.edits++;
    this.#pump();
    return job.done;
  }

  /**
   * Writes `records` (the namespace as of the last appended edit) as the checkpoint, deleting
   * the edits it covers and the previous checkpoint, in one atomic batch after the queued edits.
   */
  checkpoint(records: readonly Uint8Array[]): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#fatal());
    const txid = this.#lastTxid;
    const job = newJob('checkpoint');
    records.forEach((value, i) =>
      job.ops.push({ type: 'put', key: checkpointKey(txid, i), value }),
    );
    job.ops.push({ type: 'put', key: META_KEY, value: pack([txid, records.length]) });
    for (let t = this.#checkpointTxid + 1; t <= txid; t++) {
      job.ops.push({ type: 'del', key: editKey(t) });
    }
    for (let i = 0; i < this.#checkpointRecords; i++) {
      if (this.#checkpointTxid !== txid) {
        job.ops.push({ type: 'del', key: checkpointKey(this.#checkpointTxid, i) });
      }
    }
    this.#checkpointTxid = txid;
    this.#checkpointRecords = records.length;
    this.#editsSinceCheckpoint = 0;
    this.#jobs.push(job);
    this.#pump();
    return job.done;
  }

  /** Waits for queued writes, then closes the database. */
  async close(): Promise<void> {
    while (this.#writing !== undefined) await this.#writing;
    await this.#db.close();
  }

  #fatal(): Error {
    return new InternalError(`the edit log at ${this.location} failed; the namenode is read-only`, {
      cause: this.#failure,
    });
  }

  #pump(): void {
    if (this.#writing !== undefined) return;
    this.#writing = this.#drain().finally(() => {
      this.#writing = undefined;
    });
  }

  async #drain(): Promise<void> {
    for (let job = this.#jobs.shift(); job !== undefined; job = this.#jobs.shift()) {
      try {
        await writeLevelBatch(this.#db, job.ops, true);
        job.resolve();
      } catch (error) {
        this.#failure = error instanceof Error ? error : new Error(String(error));
        this.#logger.fatal({ err: error, location: this.location }, 'edit log write failed');
        job.reject(this.#fatal());
        for (const rest of this.#jobs.splice(0)) rest.reject(this.#fatal());
      }
    }
  }

  async #load(): Promise<Namespace> {
    const meta = await this.#db.get(META_KEY);
    let namespace = new Namespace();
    if (meta !== undefined) {
      const [txid, count] = unpack(meta) as [number, number];
      assert(Number.isSafeInteger(txid) && Number.isSafeInteger(count), 'checkpoint meta is bad');
      const keys = Array.from({ length: count }, (_, i) => checkpointKey(txid, i));
      const records = await this.#db.getMany(keys);
      assert(
        records.every((r) => r !== undefined),
        `checkpoint ${txid} is missing records`,
      );
      namespace = imageToNamespace(records as Uint8Array[]);
      this.#checkpointTxid = txid;
      this.#checkpointRecords = count;
    }
    this.#lastTxid = this.#checkpointTxid;
    const badTail: string[] = [];
    const range = { gt: editKey(this.#checkpointTxid), lt: EDIT_END };
    for await (const [key, value] of this.#db.iterator(range)) {
      if (badTail.length > 0 || !this.#replay(namespace, key, value)) badTail.push(key);
    }
    if (badTail.length > 0) {
      this.#logger.warn(
        { location: this.location, lastGoodTxid: this.#lastTxid, dropped: badTail.length },
        'edit log ends in a bad edit; starting from the last good one and dropping the rest',
      );
      await writeLevelBatch(
        this.#db,
        badTail.map((key) => ({ type: 'del' as const, key })),
        true,
      );
    }
    this.#editsSinceCheckpoint = this.#lastTxid - this.#checkpointTxid;
    return namespace;
  }

  /** Applies one stored edit; false when it is out of order, undecodable or does not apply. */
  #replay(namespace: Namespace, key: string, value: Uint8Array): boolean {
    const txid = Number.parseInt(key.slice(EDIT_PREFIX.length), HEX);
    if (txid !== this.#lastTxid + 1) return false;
    const edit = decodeEdit(value);
    if (edit === undefined) return false;
    try {
      namespace.apply(edit);
    } catch (error) {
      this.#logger.error({ err: error, txid }, 'a stored edit does not apply');
      return false;
    }
    this.#lastTxid = txid;
    return true;
  }
}
