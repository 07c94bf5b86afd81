// The session's connection to one member: a stub, the abort controllers of its calls in flight
// (its events stream too), all cancelled at once when the connection fails, and `lost`, set then
// and never cleared. Each call has its own controller, so nothing piles up on a long-lived link.
import { TimeoutError } from '../../common/errors.js';
import { formatHostPort, type HostPort } from '../../common/host-port.js';
import {
  COORD_CLIENT_EVENTS_STREAM_DEADLINE_MS,
  COORD_CLIENT_SET_WATCHES_BATCH_BYTES,
} from '../../common/limits.js';
import {
  ConnectFailedError,
  ConnectionClosedError,
  ShuttingDownError,
  type Stub,
} from '../../rpc/index.js';
import { ConnectionLossError, SessionExpiredError } from '../errors.js';
import type { Answer, ConnectRequest, ConnectResponse, CoordService } from '../protocol.js';
import type { WatchEvent, WatchKind } from '../tree/types.js';
import { watchBatches } from './watch-registry.js';

export type ClientState = 'connecting' | 'connected' | 'disconnected' | 'expired' | 'closed';
export type CoordStub = Stub<(typeof CoordService)['methods']>;

export interface Link {
  readonly member: HostPort;
  readonly stub: CoordStub;
  /** One per call in flight; a call removes its own when it settles. */
  readonly calls: Set<AbortController>;
  lost: boolean;
}

export function newLink(member: HostPort, stub: CoordStub): Link {
  return { member, stub, calls: new Set(), lost: false };
}

/** Marks the link lost and cancels its calls; false if it already was. */
export function loseLink(link: Link, reason: Error): boolean {
  if (link.lost) return false;
  link.lost = true;
  for (const controller of link.calls) controller.abort(reason);
  link.calls.clear();
  return true;
}

/** Runs one call on the link with its own abort signal, which the link's loss cancels. */
export async function onLink<T>(link: Link, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  if (link.lost) controller.abort(new ConnectionLossError('the connection to the member was lost'));
  else link.calls.add(controller);
  try {
    return await call(controller.signal);
  } finally {
    link.calls.delete(controller);
  }
}

/** Errors that say the member, not the request, failed: the session moves to another member. */
export function isConnectionFailure(error: unknown): boolean {
  return (
    error instanceof ConnectionClosedError ||
    error instanceof ConnectFailedError ||
    error instanceof TimeoutError ||
    error instanceof ShuttingDownError ||
    error instanceof ConnectionLossError
  );
}

/**
 * Reads the link's events stream, handing each event to `onEvent`. When the stream ends for any
 * reason but the link's own loss, `onEnd` hears why (a normal end counts as a closed connection).
 */
export function pumpEvents(
  link: Link,
  sessionId: number,
  onEvent: (event: WatchEvent) => void,
  onEnd: (error: unknown) => void,
): void {
  const pump = async (signal: AbortSignal): Promise<void> => {
    const timeoutMs = COORD_CLIENT_EVENTS_STREAM_DEADLINE_MS;
    for await (const event of link.stub.events({ sessionId }, { timeoutMs, signal })) {
      if (link.lost) return;
      onEvent(event);
    }
    const member = formatHostPort(link.member);
    throw new ConnectionClosedError(`the events stream from ${member} ended`);
  };
  onLink(link, pump).catch((error: unknown) => {
    if (!link.lost) onEnd(error);
  });
}

/**
 * Asks a member for the session `request` names: its answer, 'expired' when the member says the
 * session is gone (or answers with another one), 'failed' for anything else (try the next member).
 */
export async function requestSession(
  stub: CoordStub,
  request: ConnectRequest,
  timeoutMs: number,
): Promise<ConnectResponse | 'expired' | 'failed'> {
  let response: ConnectResponse;
  try {
    response = await stub.connect(request, { timeoutMs });
  } catch (error) {
    return error instanceof SessionExpiredError ? 'expired' : 'failed';
  }
  const known = request.sessionId === 0 || response.sessionId === request.sessionId;
  return response.timeoutMs > 0 && known ? response : 'expired';
}

/** Re-registers watches on a new member (setWatches), in batches of bounded size. */
export async function restoreWatches(
  link: Link,
  sessionId: number,
  relativeZxid: number,
  paths: Readonly<Record<WatchKind, readonly string[]>>,
  timeoutMs: number,
  onAnswer: (answer: Answer) => void,
): Promise<void> {
  for (const watches of watchBatches(paths, COORD_CLIENT_SET_WATCHES_BATCH_BYTES)) {
    const request = { sessionId, relativeZxid, watches };
    onAnswer(await onLink(link, (signal) => link.stub.setWatches(request, { timeoutMs, signal })));
  }
}

/** One macrotask turn: lets stream items that arrived with an answer be delivered before it. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
