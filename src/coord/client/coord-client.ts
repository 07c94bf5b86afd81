// The coordinator client: ZooKeeper's API (create, getData, exists, watches…) over CoordService.
// Events an answer carries reach their watchers before the answer's promise resolves, and a read's
// watch is registered in the same step, so no later event can find it missing.
import { Buffer } from 'node:buffer';
import { systemClock, type Clock } from '../../common/clock.js';
import { InvalidArgumentError, LimitExceededError } from '../../common/errors.js';
import { parseHostPortList, type HostPort } from '../../common/host-port.js';
import {
  COORD_CLIENT_CONNECT_TIMEOUT_DEFAULT_MS,
  COORD_CLIENT_REQUEST_TIMEOUT_DEFAULT_MS,
  MULTI_OPS_MAX,
  SESSION_TIMEOUT_DEFAULT_MS,
} from '../../common/limits.js';
import { silentLogger, type Logger } from '../../common/log.js';
import { systemRng, type Rng } from '../../common/rng.js';
import { BadArgumentsError } from '../errors.js';
import type { Answer } from '../protocol.js';
import {
  CreateMode,
  type MultiOpResult,
  type Stat,
  type TreeOp,
  type WatchEvent,
  type WatchKind,
} from '../tree/types.js';
import { CoordSession, type ClientState, type CoordStub } from './coord-session.js';
import { Listeners, type Listener } from './listeners.js';
import { isSequential, multiFailure } from './multi.js';
import { checkPath, toBytes } from './paths.js';
import { WatchRegistry, registrationKind, type Watcher } from './watch-registry.js';
import type { CallOptions } from '../../rpc/index.js';

export interface CoordClientOptions {
  /** `host:port,host:port` or a parsed list. */
  readonly ensemble: string | readonly HostPort[];
  /** The timeout asked for; the member clamps it. @default SESSION_TIMEOUT_DEFAULT_MS */
  readonly sessionTimeoutMs?: number;
  /** How long `connect` tries for a first session. @default COORD_CLIENT_CONNECT_TIMEOUT_DEFAULT_MS */
  readonly connectTimeoutMs?: number;
  /** A call's bound, waiting for a reconnect included. @default COORD_CLIENT_REQUEST_TIMEOUT_DEFAULT_MS */
  readonly requestTimeoutMs?: number;
  readonly clock?: Clock;
  readonly rng?: Rng;
  readonly logger?: Logger;
}

/** `true` names the client's default watcher (`on('watch', …)`). */
export type WatchArgument = Watcher | boolean | undefined;

type Send<R extends Answer> = (
  stub: CoordStub,
  sessionId: number,
  options: CallOptions,
) => Promise<R>;

export class CoordClient {
  readonly #session: CoordSession;
  readonly #watches = new WatchRegistry();
  readonly #stateListeners: Listeners<ClientState>;
  readonly #watchListeners: Listeners<WatchEvent>;
  readonly #defaultWatcher: Watcher = (event) => this.#watchListeners.emit(event);
  readonly #requestTimeoutMs: number;
  /** The client's logger (recipes log through it too). */
  readonly logger: Logger;
  /** The clock the client runs on (recipes time their waits with it). */
  readonly clock: Clock;

  private constructor(options: CoordClientOptions, members: readonly HostPort[]) {
    this.logger = (options.logger ?? silentLogger).child({ component: 'coord-client' });
    this.clock = options.clock ?? systemClock;
    const onError = (error: unknown): void =>
      this.logger.warn({ err: error }, 'a coordinator client listener threw');
    this.#stateListeners = new Listeners(onError);
    this.#watchListeners = new Listeners(onError);
    this.#requestTimeoutMs = positive(
      'requestTimeoutMs',
      options.requestTimeoutMs ?? COORD_CLIENT_REQUEST_TIMEOUT_DEFAULT_MS,
    );
    this.#session = new CoordSession({
      members,
      requestedTimeoutMs: positive(
        'sessionTimeoutMs',
        options.sessionTimeoutMs ?? SESSION_TIMEOUT_DEFAULT_MS,
      ),
      connectTimeoutMs: positive(
        'connectTimeoutMs',
        options.connectTimeoutMs ?? COORD_CLIENT_CONNECT_TIMEOUT_DEFAULT_MS,
      ),
      clock: this.clock,
      rng: options.rng ?? systemRng,
      logger: this.logger,
      hooks: {
        state: (state) => this.#onState(state),
        events: (events) => this.#deliver(events),
        watchedPaths: () => this.#watches.paths(),
      },
    });
  }

  /** Opens a new session with some member of the ensemble (tried in a shuffled order). */
  static async connect(options: CoordClientOptions): Promise<CoordClient> {
    const members =
      typeof options.ensemble === 'string' ? parseHostPortList(options.ensemble) : options.ensemble;
    if (members.length === 0) throw new InvalidArgumentError('the ensemble lists no member');
    const client = new CoordClient(options, members);
    await client.#session.start();
    return client;
  }

  get state(): ClientState {
    return this.#session.state;
  }
  get sessionId(): number {
    return this.#session.sessionId;
  }
  get negotiatedTimeoutMs(): number {
    return this.#session.timeoutMs;
  }
  /** The highest zxid of any answer: a member behind it refuses this session. */
  get lastZxidSeen(): number {
    return this.#session.lastZxidSeen;
  }
  /** The member the session is connected to now, if any. */
  get member(): HostPort | undefined {
    return this.#session.member;
  }

  /** Listens to state changes or to the default watcher's events; returns the remover. */
  on(event: 'state', listener: Listener<ClientState>): () => void;
  on(event: 'watch', listener: Watcher): () => void;
  on(event: 'state' | 'watch', listener: Listener<ClientState> | Watcher): () => void {
    return event === 'state'
      ? this.#stateListeners.add(listener as Listener<ClientState>)
      : this.#watchListeners.add(listener as Watcher);
  }

  off(event: 'state', listener: Listener<ClientState>): void;
  off(event: 'watch', listener: Watcher): void;
  off(event: 'state' | 'watch', listener: Listener<ClientState> | Watcher): void {
    if (event === 'state') this.#stateListeners.remove(listener as Listener<ClientState>);
    else this.#watchListeners.remove(listener as Watcher);
  }

  /** Creates a node; returns its path (with the suffix, for a sequential mode). */
  async create(
    path: string,
    data?: Uint8Array | string,
    mode: CreateMode = CreateMode.Persistent,
  ): Promise<string> {
    checkPath(path, isSequential(mode));
    const bytes = toBytes(data);
    const answer = await this.#call('create', (stub, sessionId, options) =>
      stub.create({ sessionId, path, data: bytes, mode }, options),
    );
    return answer.path;
  }

  /** Deletes a node; version -1 matches any. */
  async delete(path: string, version = -1): Promise<void> {
    checkPath(path);
    await this.#call('delete', (stub, sessionId, options) =>
      stub.delete({ sessionId, path, version }, options),
    );
  }

  /** The node's stat, or null; a watch is set either way (it fires NodeCreated on a missing one). */
  async exists(path: string, watch?: WatchArgument): Promise<Stat | null> {
    checkPath(path);
    const watcher = this.#watcherFor(watch);
    const answer = await this.#call(
      'exists',
      (stub, sessionId, options) => stub.exists({ sessionId, path, watch: !!watcher }, options),
      (a) => this.#register('exists', a.stat !== null, path, watcher),
    );
    return answer.stat;
  }

  /** The node's data and stat; NoNodeError (and no watch) when it does not exist. */
  async getData(path: string, watch?: WatchArgument): Promise<{ data: Buffer; stat: Stat }> {
    checkPath(path);
    const watcher = this.#watcherFor(watch);
    const answer = await this.#call(
      'getData',
      (stub, sessionId, options) => stub.getData({ sessionId, path, watch: !!watcher }, options),
      () => this.#register('getData', true, path, watcher),
    );
    return { data: Buffer.from(answer.data), stat: answer.stat };
  }

  async setData(path: string, data: Uint8Array | string, version = -1): Promise<Stat> {
    checkPath(path);
    const bytes = toBytes(data);
    const answer = await this.#call('setData', (stub, sessionId, options) =>
      stub.setData({ sessionId, path, data: bytes, version }, options),
    );
    return answer.stat;
  }

  async getChildren(path: string, watch?: WatchArgument): Promise<string[]> {
    return (await this.getChildrenWithStat(path, watch)).children;
  }

  async getChildrenWithStat(
    path: string,
    watch?: WatchArgument,
  ): Promise<{ children: string[]; stat: Stat }> {
    checkPath(path);
    const watcher = this.#watcherFor(watch);
    const answer = await this.#call(
      'getChildren',
      (stub, sessionId, options) =>
        stub.getChildren({ sessionId, path, watch: !!watcher }, options),
      () => this.#register('getChildren', true, path, watcher),
    );
    return { children: [...answer.children], stat: answer.stat };
  }

  /** All ops or none. On failure throws the failing op's error class (see MultiFailure). */
  async multi(ops: readonly TreeOp[]): Promise<MultiOpResult[]> {
    if (ops.length > MULTI_OPS_MAX) {
      throw new BadArgumentsError(`multi has ${ops.length} ops; the limit is ${MULTI_OPS_MAX}`);
    }
    for (const op of ops) checkPath(op.path, op.kind === 'create' && isSequential(op.mode));
    const answer = await this.#call('multi', (stub, sessionId, options) =>
      stub.multi({ sessionId, ops }, options),
    );
    if (!answer.ok) throw multiFailure(answer.results);
    return [...answer.results];
  }

  /** Returns once the connected member has applied every write committed before the call. */
  async sync(path: string): Promise<void> {
    checkPath(path);
    await this.#call('sync', (stub, sessionId, options) => stub.sync({ sessionId, path }, options));
  }

  /** Ends the session: the member deletes its ephemerals at once. Idempotent. */
  close(): Promise<void> {
    return this.#session.close();
  }

  #call<R extends Answer>(name: string, send: Send<R>, onAnswer?: (answer: R) => void): Promise<R> {
    return this.#session.invoke(name, send, this.#requestTimeoutMs, onAnswer);
  }

  #watcherFor(watch: WatchArgument): Watcher | undefined {
    if (watch === true) return this.#defaultWatcher;
    return typeof watch === 'function' ? watch : undefined;
  }

  #register(
    read: 'getData' | 'exists' | 'getChildren',
    nodeExists: boolean,
    path: string,
    watcher: Watcher | undefined,
  ): void {
    if (watcher === undefined) return;
    const kind: WatchKind | undefined = registrationKind(read, nodeExists);
    if (kind === undefined || this.#watches.add(kind, path, watcher)) return;
    throw new LimitExceededError(
      `the client holds ${this.#watches.size} watches; the limit is ${this.#watches.capacity}`,
    );
  }

  #deliver(events: readonly WatchEvent[]): void {
    for (const event of events) {
      for (const watcher of this.#watches.materialize(event)) {
        try {
          watcher(event);
        } catch (error) {
          this.logger.warn({ err: error, path: event.path }, 'a watcher threw');
        }
      }
    }
  }

  #onState(state: ClientState): void {
    // ZooKeeper tells every watcher of an expired session; here the 'state' listeners hear it.
    if (state === 'expired' || state === 'closed') this.#watches.clear();
    this.#stateListeners.emit(state);
  }
}

function positive(name: string, value: number): number {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new InvalidArgumentError(`${name} is ${value}; it must be a positive integer`);
  }
  return value;
}
