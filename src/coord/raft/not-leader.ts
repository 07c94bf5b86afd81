// NotLeaderError as Raft raises it: the message names the leader this member knows of, as
// `leaderId=<id>` (or `leaderId=unknown`), so that the hint survives the trip across the wire.
import { NotLeaderError } from '../errors.js';

const LEADER_HINT = /leaderId=(\d+)/;

export function notLeaderError(memberId: number, leaderId: number | undefined): NotLeaderError {
  return new NotLeaderError(
    `member ${memberId} is not the Raft leader; leaderId=${leaderId ?? 'unknown'}`,
  );
}

/** The leader named by a NotLeaderError's message, if any. */
export function leaderHintOf(error: NotLeaderError): number | undefined {
  const match = LEADER_HINT.exec(error.message);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
