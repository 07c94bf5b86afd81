// The namenode as a running server: one RPC port serving NamenodeService (clients) and
// NamenodeDatanodeService (datanodes) over the namesystem loaded from `dataDir`. stop() closes the
// port, the monitors' timers and the edit log's database, in that order.
import { mkdir } from 'node:fs/promises';
import { systemClock, type Clock } from '../../common/clock.js';
import { InvalidArgumentError } from '../../common/errors.js';
import { silentLogger, type Logger } from '../../common/log.js';
import { systemRng, type Rng } from '../../common/rng.js';
import { RpcServer, type ServerAddress } from '../../rpc/index.js';
import { NamenodeDatanodeService, NamenodeService } from '../protocol.js';
import { clientHandlers } from './client-handlers.js';
import { datanodeHandlers } from './datanode-handlers.js';
import { Namesystem } from './namesystem.js';
import { resolveTuning, STOP_GRACE_MS, type NamenodeTuning } from './tuning.js';

/** HDFS's namenode RPC port. */
export const NAMENODE_PORT_DEFAULT = 8020;
const HOST_DEFAULT = '127.0.0.1';

export interface NamenodeServerOptions {
  readonly dataDir: string;
  /** @default 127.0.0.1 */
  readonly host?: string;
  /** @default 8020; 0 asks for any free port. */
  readonly port?: number;
  readonly clock?: Clock;
  readonly rng?: Rng;
  readonly logger?: Logger;
  readonly tuning?: Partial<NamenodeTuning>;
}

export class NamenodeServer {
  readonly #dataDir: string;
  readonly #host: string;
  readonly #port: number;
  readonly #clock: Clock;
  readonly #rng: Rng;
  readonly #logger: Logger;
  readonly #tuning: NamenodeTuning;
  #rpc: RpcServer | undefined;
  #namesystem: Namesystem | undefined;
  #address: ServerAddress | undefined;
  #stopping: Promise<void> | undefined;

  constructor(options: NamenodeServerOptions) {
    this.#dataDir = options.dataDir;
    this.#host = options.host ?? HOST_DEFAULT;
    this.#port = options.port ?? NAMENODE_PORT_DEFAULT;
    this.#clock = options.clock ?? systemClock;
    this.#rng = options.rng ?? systemRng;
    this.#logger = options.logger ?? silentLogger;
    this.#tuning = resolveTuning(options.tuning);
  }

  /** Loads the namespace, then serves. Resolves with the address it listens on. */
  async start(): Promise<ServerAddress> {
    if (this.#namesystem !== undefined) throw new InvalidArgumentError('namenode already started');
    await mkdir(this.#dataDir, { recursive: true });
    const namesystem = await Namesystem.open({
      dataDir: this.#dataDir,
      clock: this.#clock,
      rng: this.#rng,
      logger: this.#logger,
      tuning: this.#tuning,
    });
    this.#namesystem = namesystem;
    const rpc = new RpcServer({ clock: this.#clock, logger: this.#logger });
    rpc.register(NamenodeService, clientHandlers(namesystem));
    rpc.register(NamenodeDatanodeService, datanodeHandlers(namesystem));
    try {
      this.#address = await rpc.listen({ host: this.#host, port: this.#port });
    } catch (error) {
      await namesystem.stop();
      this.#namesystem = undefined;
      throw error;
    }
    this.#rpc = rpc;
    namesystem.start();
    this.#logger.info({ address: this.#address, safeMode: namesystem.safeMode.on }, 'namenode up');
    return this.#address;
  }

  get address(): ServerAddress {
    if (this.#address === undefined) throw new InvalidArgumentError('namenode not started');
    return this.#address;
  }

  /** For tests and tools: true while the namespace is read-only after start-up. */
  get inSafeMode(): boolean {
    return this.namesystem.safeMode.on;
  }

  /** For tests: the state behind the RPCs. */
  get namesystem(): Namesystem {
    if (this.#namesystem === undefined) throw new InvalidArgumentError('namenode not started');
    return this.#namesystem;
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    await this.#rpc?.close(STOP_GRACE_MS);
    await this.#namesystem?.stop();
    this.#logger.info('namenode stopped');
  }
}
