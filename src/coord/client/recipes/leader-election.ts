// ZooKeeper's leader election recipe: each candidate holds an ephemeral sequential node (its data is
// the candidate's id) under the election path; the lowest is the leader, and every other candidate
// watches only its predecessor, so a leader's departure wakes exactly one candidate (no herd).
import { ColonnadeError, InternalError } from '../../../common/errors.js';
import { ZNODE_CHILDREN_MAX } from '../../../common/limits.js';
import { ClientClosedError } from '../../../rpc/index.js';
import { NoNodeError, SessionExpiredError } from '../../errors.js';
import { CreateMode } from '../../tree/types.js';
import type { CoordClient } from '../coord-client.js';
import { Listeners } from '../listeners.js';
import { joinPath, nodeName } from '../paths.js';
import type { Watcher } from '../watch-registry.js';
import { bySequence, createProtectedSequential, ensurePath, retrying } from './support.js';

/** The name prefix of candidate nodes (before the sequence suffix). */
export const CANDIDATE_PREFIX = 'n_';

/** The candidacy ended: resigned, node deleted, or the session gone. */
export class CandidacyEndedError extends ColonnadeError {
  static override readonly code = 'CandidacyEnded';
}

/** Enters the election at `path` as `id`; resolves once the first look at the candidates is done. */
export async function elect(
  client: CoordClient,
  path: string,
  id: string,
): Promise<LeaderElection> {
  await ensurePath(client, path);
  const node = await createProtectedSequential(
    client,
    path,
    CANDIDATE_PREFIX,
    id,
    CreateMode.EphemeralSequential,
  );
  const election = new LeaderElection(client, path, node, id);
  await election.check();
  return election;
}

/** The id of the current leader at `path` (the lowest candidate's data), if there is one. */
export async function currentLeader(
  client: CoordClient,
  path: string,
): Promise<string | undefined> {
  for (let round = 0; round <= ZNODE_CHILDREN_MAX; round++) {
    let names: string[];
    try {
      names = await retrying(client, () => client.getChildren(path));
    } catch (error) {
      if (error instanceof NoNodeError) return undefined;
      throw error;
    }
    const first = bySequence(names, CANDIDATE_PREFIX)[0];
    if (first === undefined) return undefined;
    try {
      const { data } = await retrying(client, () => client.getData(joinPath(path, first)));
      return data.toString('utf8');
    } catch (error) {
      if (!(error instanceof NoNodeError)) throw error; // that leader just left: look again
    }
  }
  throw new InternalError(`the leader of ${path} kept changing`);
}

export class LeaderElection {
  readonly path: string;
  /** This candidate's node. */
  readonly node: string;
  readonly id: string;
  readonly #client: CoordClient;
  #elected = false;
  #ended: Error | undefined;
  #checking = false;
  #checkAgain = false;
  readonly #electedListeners: Listeners<void>;
  readonly #lostListeners: Listeners<Error>;
  readonly #waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  readonly #stopWatchingState: () => void;
  readonly #onPredecessorEvent: Watcher = () => void this.check();

  constructor(client: CoordClient, path: string, node: string, id: string) {
    this.#client = client;
    this.path = path;
    this.node = node;
    this.id = id;
    const onError = (error: unknown): void =>
      client.logger.warn({ err: error, path }, 'a leader election listener threw');
    this.#electedListeners = new Listeners(onError);
    this.#lostListeners = new Listeners(onError);
    this.#stopWatchingState = client.on('state', (state) => {
      if (state === 'expired') this.#end(new SessionExpiredError('the session expired'));
      if (state === 'closed') this.#end(new ClientClosedError('the client closed'));
    });
  }

  /** Leader now, as far as this client knows (its session may be in doubt while disconnected). */
  get isLeader(): boolean {
    return this.#elected && this.#ended === undefined;
  }

  /** Calls `listener` when this candidate becomes leader (at once if it is). Returns the remover. */
  onElected(listener: () => void): () => void {
    const remove = this.#electedListeners.add(listener);
    if (this.isLeader) listener();
    return remove;
  }

  /** Calls `listener` when the candidacy ends other than by `resign` (session expired or closed). */
  onLost(listener: (reason: Error) => void): () => void {
    return this.#lostListeners.add(listener);
  }

  /** Resolves when this candidate is leader; rejects if the candidacy ends first. */
  whenElected(): Promise<void> {
    if (this.isLeader) return Promise.resolve();
    if (this.#ended !== undefined) return Promise.reject(this.#ended);
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** The current leader's id. */
  leader(): Promise<string | undefined> {
    return currentLeader(this.#client, this.path);
  }

  /** Leaves the election: deletes this candidate's node (the next one takes over). */
  async resign(): Promise<void> {
    if (this.#ended !== undefined) return;
    this.#finish(new CandidacyEndedError(`candidate ${this.id} resigned`));
    try {
      await retrying(this.#client, () => this.#client.delete(this.node));
    } catch (error) {
      if (!(error instanceof NoNodeError)) throw error;
    }
  }

  /** Looks at the candidates: leads when lowest, else watches the predecessor. Serialized. */
  async check(): Promise<void> {
    if (this.#checking) {
      this.#checkAgain = true;
      return;
    }
    this.#checking = true;
    try {
      do {
        this.#checkAgain = false;
        await this.#checkOnce();
      } while (this.#checkAgain && this.#ended === undefined);
    } catch (error) {
      this.#end(error instanceof Error ? error : new InternalError(String(error)));
    } finally {
      this.#checking = false;
    }
  }

  async #checkOnce(): Promise<void> {
    const client = this.#client;
    // Each round follows a predecessor that left; they never come back, so rounds are bounded.
    for (let round = 0; round <= ZNODE_CHILDREN_MAX; round++) {
      if (this.#ended !== undefined) return;
      const names = await retrying(client, () => client.getChildren(this.path));
      const candidates = bySequence(names, CANDIDATE_PREFIX);
      const index = candidates.indexOf(nodeName(this.node));
      if (index < 0) throw new CandidacyEndedError(`candidate node ${this.node} is gone`);
      const predecessor = candidates[index - 1];
      if (predecessor === undefined) {
        this.#becomeLeader();
        return;
      }
      try {
        // getData, not exists: a predecessor already gone leaves no watch behind.
        const path = joinPath(this.path, predecessor);
        await retrying(client, () => client.getData(path, this.#onPredecessorEvent));
        return;
      } catch (error) {
        if (!(error instanceof NoNodeError)) throw error;
      }
    }
    throw new InternalError(`the candidates of ${this.path} kept changing`);
  }

  #becomeLeader(): void {
    if (this.#elected || this.#ended !== undefined) return;
    this.#elected = true;
    for (const waiter of this.#waiters.splice(0)) waiter.resolve();
    this.#electedListeners.emit();
  }

  #end(reason: Error): void {
    if (this.#ended !== undefined) return;
    this.#finish(reason);
    this.#lostListeners.emit(reason);
  }

  #finish(reason: Error): void {
    this.#ended = reason;
    this.#elected = false;
    this.#stopWatchingState();
    for (const waiter of this.#waiters.splice(0)) waiter.reject(reason);
  }
}
