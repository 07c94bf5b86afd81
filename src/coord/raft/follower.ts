// The follower's half of log replication, as pure functions of the log: accept or reject an
// append (with a conflict hint) or a snapshot, and say what to answer the leader.
import type { RaftLog } from './raft-log.js';
import type { AppendRequest, AppendResponse, SnapshotRequest } from './types.js';

type Answer = Omit<AppendResponse, 'from' | 'to' | 'term' | 'kind'>;

/** The answer to a leader of an older term: only its term matters, which makes it step down. */
export const STALE_ANSWER: Answer = Object.freeze({
  success: false,
  index: 0,
  hintIndex: 0,
  hintTerm: 0,
});

/** Applies an append to `log` (§5.3) and returns the answer for the leader. */
export function acceptAppend(log: RaftLog, request: AppendRequest): Answer {
  // Everything up to our commit index is in every later leader's log: it matches.
  if (request.prevLogIndex < log.committed) return success(log.committed);
  const lastNew = log.maybeAppend(
    request.prevLogIndex,
    request.prevLogTerm,
    request.commit,
    request.entries,
  );
  if (lastNew !== undefined) return success(lastNew);
  // Our last entry that may match: at or before prevLogIndex, with a term no later than the
  // leader's there. The leader then skips every entry of a term we never had.
  const hintIndex = log.findConflictByTerm(
    Math.min(request.prevLogIndex, log.lastIndex()),
    request.prevLogTerm,
  );
  return {
    success: false,
    index: request.prevLogIndex,
    hintIndex,
    hintTerm: log.term(hintIndex) ?? 0,
  };
}

/** Installs a leader's snapshot unless the log already holds it, and returns the answer. */
export function acceptSnapshot(log: RaftLog, request: SnapshotRequest): Answer {
  const snapshot = request.snapshot;
  if (snapshot.index <= log.committed) return success(log.committed);
  if (log.matchTerm(snapshot.index, snapshot.term)) {
    // We hold its last entry, hence (log matching) everything before: only the commit moves.
    log.commitTo(snapshot.index);
  } else {
    log.restore(snapshot);
  }
  return success(snapshot.index);
}

function success(index: number): Answer {
  return { success: true, index, hintIndex: 0, hintTerm: 0 };
}
