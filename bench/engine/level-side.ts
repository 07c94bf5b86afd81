// classic-level's side of the engine benchmark: LevelDB in a temporary directory, Buffer keys and
// values, `sync: false` writes, with the same memory budgets as Colonnade's region (write buffer =
// memstore flush size, block cache = block cache); "flush" is a compactRange over every key.
import { ClassicLevel } from 'classic-level';
import type { EngineSide } from './side.js';
import { rowKey, VALUE_BYTES, type Workload } from './workload.js';

/** Entries per `nextv` call of the scan. */
const SCAN_CHUNK_ENTRIES = 1_000;

export interface LevelSideOptions {
  readonly location: string;
  readonly workload: Workload;
  readonly writeBufferBytes: number;
  readonly cacheBytes: number;
}

type Db = ClassicLevel<Buffer, Buffer>;

async function openDb(options: LevelSideOptions): Promise<Db> {
  const db = new ClassicLevel<Buffer, Buffer>(options.location, {
    keyEncoding: 'buffer',
    valueEncoding: 'buffer',
    writeBufferSize: options.writeBufferBytes,
    cacheSize: options.cacheBytes,
  });
  await db.open();
  return db;
}

export class LevelSide implements EngineSide {
  readonly name = 'classic-level';
  readonly #options: LevelSideOptions;
  #db: Db;

  private constructor(options: LevelSideOptions, db: Db) {
    this.#options = options;
    this.#db = db;
  }

  static async open(options: LevelSideOptions): Promise<LevelSide> {
    return new LevelSide(options, await openDb(options));
  }

  putBatch(rows: ArrayLike<number>): Promise<void> {
    const { workload } = this.#options;
    const ops: { type: 'put'; key: Buffer; value: Buffer }[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] ?? 0;
      ops.push({ type: 'put', key: rowKey(row), value: Buffer.from(workload.valueView(row)) });
    }
    return this.#db.batch(ops, { sync: false });
  }

  async get(row: number): Promise<void> {
    this.#options.workload.check(row, await this.#db.get(rowKey(row)));
  }

  async getUncached(row: number): Promise<void> {
    this.#options.workload.check(row, await this.#db.get(rowKey(row), { fillCache: false }));
  }

  flush(): Promise<void> {
    return this.#db.compactRange(rowKey(0), rowKey(this.#options.workload.rows));
  }

  async scan(): Promise<number> {
    const iterator = this.#db.iterator();
    let rows = 0;
    try {
      for (;;) {
        const entries = await iterator.nextv(SCAN_CHUNK_ENTRIES);
        if (entries.length === 0) break;
        for (const [, value] of entries) {
          if (value.length !== VALUE_BYTES) throw new Error('scan: a row without its value');
        }
        rows += entries.length;
      }
    } finally {
      await iterator.close();
    }
    return rows;
  }

  async reopen(): Promise<void> {
    await this.#db.close();
    this.#db = await openDb(this.#options);
  }

  cacheStats(): undefined {
    return undefined;
  }

  close(): Promise<void> {
    return this.#db.close();
  }
}
