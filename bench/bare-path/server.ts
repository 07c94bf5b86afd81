// The bare path's server: src/rpc's RpcServer with BarePathService over classic-level (LevelDB),
// Buffer keys and values, writes with sync: false. The most a Node server can do for a get and a
// batched put here: the region server's framing and requests, none of its work.
import { ClassicLevel } from 'classic-level';
import { RpcServer, type ServerAddress } from '../../src/rpc/index.js';
import { BarePathService } from './service.js';

export interface BarePathOptions {
  /** LevelDB's directory. */
  readonly location: string;
  readonly host?: string;
  /** 0: a free port. */
  readonly port?: number;
  /** LevelDB's block cache (set it to the region server's block cache). */
  readonly cacheBytes?: number;
  /** LevelDB's write buffer (memtable). */
  readonly writeBufferBytes?: number;
}

type Db = ClassicLevel<Buffer, Buffer>;

export class BarePathServer {
  readonly address: ServerAddress;
  readonly #rpc: RpcServer;
  readonly #db: Db;

  private constructor(address: ServerAddress, rpc: RpcServer, db: Db) {
    this.address = address;
    this.#rpc = rpc;
    this.#db = db;
  }

  static async start(options: BarePathOptions): Promise<BarePathServer> {
    const db = new ClassicLevel<Buffer, Buffer>(options.location, {
      keyEncoding: 'buffer',
      valueEncoding: 'buffer',
      ...(options.cacheBytes === undefined ? {} : { cacheSize: options.cacheBytes }),
      ...(options.writeBufferBytes === undefined
        ? {}
        : { writeBufferSize: options.writeBufferBytes }),
    });
    await db.open();
    const rpc = new RpcServer().register(BarePathService, {
      get: async ({ row }) => ({ value: (await db.get(Buffer.from(row))) ?? null }),
      put: async ({ puts }) => {
        await db.batch(
          puts.map((p) => ({ type: 'put', key: Buffer.from(p.row), value: Buffer.from(p.value) })),
          { sync: false },
        );
        return { written: puts.length };
      },
    });
    const address = await rpc.listen({
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
    });
    return new BarePathServer(address, rpc, db);
  }

  async stop(): Promise<void> {
    await this.#rpc.close(1_000);
    await this.#db.close();
  }
}
