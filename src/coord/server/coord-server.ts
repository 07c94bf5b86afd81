// A coordinator member as a running server: its client port (CoordService), its peer port (Raft
// and forwarding), its Raft log and snapshots in `level` under the data directory.
import { join } from 'node:path';
import { systemClock, type Clock } from '../../common/clock.js';
import { InvalidArgumentError } from '../../common/errors.js';
import type { HostPort } from '../../common/host-port.js';
import { silentLogger, type Logger } from '../../common/log.js';
import { ENSEMBLE_MEMBERS_MAX } from '../../common/limits.js';
import { systemRng, type Rng } from '../../common/rng.js';
import { RpcServer, type ServerAddress } from '../../rpc/index.js';
import { CoordService } from '../protocol.js';
import { LevelStorage } from '../raft/index.js';
import { clientHandlers, DEFAULT_SESSION_BOUNDS, type SessionBounds } from './client-handlers.js';
import { CoordMember, type RaftTuning } from './member.js';

export interface EnsembleMember {
  readonly id: number;
  readonly client: HostPort;
  readonly peer: HostPort;
}

export interface CoordServerOptions {
  readonly id: number;
  readonly dataDir: string;
  /** Every member of the ensemble, this one included. */
  readonly ensemble: readonly EnsembleMember[];
  readonly clock?: Clock;
  readonly rng?: Rng;
  readonly logger?: Logger;
  readonly sessionBounds?: SessionBounds;
  readonly tickMs?: number;
  readonly raftTuning?: RaftTuning;
}

export class CoordServer {
  readonly member: CoordMember;
  readonly #self: EnsembleMember;
  readonly #clientServer: RpcServer;
  readonly #peerServer: RpcServer;
  #clientAddress: ServerAddress | undefined;

  constructor(options: CoordServerOptions) {
    const self = options.ensemble.find((m) => m.id === options.id);
    if (self === undefined) {
      throw new InvalidArgumentError(`member id ${options.id} is not in the ensemble`);
    }
    if (options.ensemble.length > ENSEMBLE_MEMBERS_MAX) {
      throw new InvalidArgumentError(
        `an ensemble of ${options.ensemble.length}; ENSEMBLE_MEMBERS_MAX is ${ENSEMBLE_MEMBERS_MAX}`,
      );
    }
    this.#self = self;
    const clock = options.clock ?? systemClock;
    const logger = options.logger ?? silentLogger;
    this.#clientServer = new RpcServer({ clock, logger });
    this.#peerServer = new RpcServer({ clock, logger });
    this.member = new CoordMember({
      id: options.id,
      peers: new Map(options.ensemble.map((m) => [m.id, m.peer])),
      peerServer: this.#peerServer,
      storage: new LevelStorage(join(options.dataDir, `member-${options.id}`, 'raft')),
      clock,
      rng: options.rng ?? systemRng,
      logger: logger.child({ member: options.id }),
      ...(options.tickMs === undefined ? {} : { tickMs: options.tickMs }),
      ...(options.raftTuning === undefined ? {} : { raftTuning: options.raftTuning }),
    });
    this.#clientServer.register(
      CoordService,
      clientHandlers(this.member, options.sessionBounds ?? DEFAULT_SESSION_BOUNDS),
    );
  }

  /** Listens on both ports, then joins the ensemble. Returns the client address. */
  async start(): Promise<ServerAddress> {
    await this.#peerServer.listen(this.#self.peer);
    this.#clientAddress = await this.#clientServer.listen(this.#self.client);
    await this.member.start();
    return this.#clientAddress;
  }

  get clientAddress(): ServerAddress {
    if (this.#clientAddress === undefined) throw new InvalidArgumentError('server not started');
    return this.#clientAddress;
  }

  async stop(graceMs = 500): Promise<void> {
    await this.#clientServer.close(graceMs);
    await this.member.stop();
    await this.#peerServer.close(graceMs);
  }
}
