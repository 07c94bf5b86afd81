// Steps the recipes share: creating parent paths, retrying a step after a retriable error (bounded),
// a "protected" sequential create that finds its own node again after a ConnectionLoss (Curator's
// idea), ordering by sequence suffix, and waiting for a watch within a deadline.
import { TimeoutError } from '../../../common/errors.js';
import { COORD_RECIPE_ATTEMPTS_MAX, COORD_RECIPE_RETRY_DELAY_MS } from '../../../common/limits.js';
import { ClientClosedError } from '../../../rpc/index.js';
import { NodeExistsError, SessionExpiredError } from '../../errors.js';
import type { CreateMode } from '../../tree/types.js';
import type { CoordClient } from '../coord-client.js';
import { joinPath, pathPrefixes } from '../paths.js';

/** ZooKeeper's sequential suffix: ten zero-padded digits. */
export const SEQUENCE_DIGITS = 10;

/** Runs `step` until it succeeds, retrying retriable errors (ConnectionLoss) a bounded number of times. */
export async function retrying<T>(
  client: CoordClient,
  step: (attempt: number) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step(attempt);
    } catch (error) {
      const retriable = error instanceof Error && 'retriable' in error && error.retriable === true;
      if (!retriable || attempt >= COORD_RECIPE_ATTEMPTS_MAX || sessionEnded(client)) throw error;
    }
    await delay(client, COORD_RECIPE_RETRY_DELAY_MS);
  }
}

/** Creates `path` and its missing ancestors as persistent nodes; tolerates NodeExists. */
export async function ensurePath(client: CoordClient, path: string): Promise<void> {
  for (const prefix of pathPrefixes(path)) {
    if ((await retrying(client, () => client.exists(prefix))) !== null) continue;
    await retrying(client, async () => {
      try {
        await client.create(prefix);
      } catch (error) {
        if (!(error instanceof NodeExistsError)) throw error;
      }
    });
  }
}

let protectedCreates = 0;

/**
 * Creates a sequential node named `<tag><prefix><sequence>` under `dir`. The tag is unique to this
 * create, so after a ConnectionLoss the retry first looks for a node it already made.
 */
export async function createProtectedSequential(
  client: CoordClient,
  dir: string,
  prefix: string,
  data: Uint8Array | string,
  mode: CreateMode,
): Promise<string> {
  protectedCreates += 1;
  const tag = `_c_${client.sessionId.toString(16)}-${protectedCreates}-`;
  return retrying(client, async (attempt) => {
    if (attempt > 1) {
      const mine = (await client.getChildren(dir)).find((name) => name.startsWith(tag));
      if (mine !== undefined) return joinPath(dir, mine);
    }
    return client.create(joinPath(dir, `${tag}${prefix}`), data, mode);
  });
}

/** The sequence number of a sequential node's name, or -1 when it has none. */
export function sequenceOf(name: string): number {
  const suffix = name.slice(-SEQUENCE_DIGITS);
  return suffix.length === SEQUENCE_DIGITS && /^[0-9]+$/.test(suffix) ? Number(suffix) : -1;
}

/** The names holding `prefix` right before their sequence suffix, lowest sequence first. */
export function bySequence(names: readonly string[], prefix: string): string[] {
  return names
    .filter((name) => sequenceOf(name) >= 0 && name.slice(0, -SEQUENCE_DIGITS).endsWith(prefix))
    .sort((a, b) => sequenceOf(a) - sequenceOf(b));
}

export function sessionEnded(client: CoordClient): boolean {
  return client.state === 'expired' || client.state === 'closed';
}

/** Waits for `event` until `deadlineMs` (client clock); rejects if the session ends first. */
export function waitWithin(
  client: CoordClient,
  event: Promise<void>,
  deadlineMs: number,
  what: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const waitMs = Math.max(0, deadlineMs - client.clock.monotonicMs());
    const finish = (error?: Error): void => {
      client.clock.clearTimeout(timer);
      stopListening();
      if (error === undefined) resolve();
      else reject(error);
    };
    const timer = client.clock.setTimeout(
      () => finish(new TimeoutError(`${what} did not happen in time`)),
      waitMs,
    );
    const stopListening = client.on('state', (state) => {
      if (state === 'expired')
        finish(new SessionExpiredError(`the session expired before ${what}`));
      if (state === 'closed') finish(new ClientClosedError(`the client closed before ${what}`));
    });
    event.then(() => finish(), finish);
  });
}

function delay(client: CoordClient, ms: number): Promise<void> {
  return new Promise((resolve) => client.clock.setTimeout(resolve, ms));
}
