// Elections as pure decisions: whom to vote for (§5.2, §5.4.1), what a message of a higher term
// does to a member (§9.6 pre-vote, §4.2.3 leader lease), and the tally of one campaign.
import type { RaftLog } from './raft-log.js';
import { NO_MEMBER, type Message, type VoteRequest, type VoteResponse } from './types.js';

export interface Voter {
  readonly term: number;
  readonly vote: number;
  readonly leaderId: number;
  readonly log: RaftLog;
}

/** Whether `voter` grants `request`: it has not voted for another, and the log is up to date. */
export function grantsVote(voter: Voter, request: VoteRequest): boolean {
  const canVote =
    voter.vote === request.from ||
    (voter.vote === NO_MEMBER && voter.leaderId === NO_MEMBER) ||
    (request.preVote && request.term > voter.term);
  return canVote && voter.log.isUpToDate(request.lastLogIndex, request.lastLogTerm);
}

/**
 * What a message of a higher term does: 'ignore' a vote request while a leader is heard from
 * (so a member that was cut off cannot unseat it); 'keep' our term for a pre-vote request or a
 * granted pre-vote (both name a term nobody has taken yet); otherwise 'adopt' the term.
 */
export function higherTermAction(message: Message, inLease: boolean): 'ignore' | 'keep' | 'adopt' {
  if (message.kind === 'vote') {
    if (inLease) return 'ignore';
    if (message.preVote) return 'keep';
  }
  if (message.kind === 'voteResponse' && message.preVote && message.granted) return 'keep';
  return 'adopt';
}

/** The votes of one (pre-)campaign: won at a majority of grants, lost when none is possible. */
export class VoteTally {
  readonly preVote: boolean;
  /** The term the votes are for: the candidate's, or for a pre-vote the one it would take. */
  readonly term: number;
  readonly #members: number;
  readonly #quorum: number;
  readonly #votes = new Map<number, boolean>();

  constructor(preVote: boolean, term: number, members: number, quorum: number) {
    this.preVote = preVote;
    this.term = term;
    this.#members = members;
    this.#quorum = quorum;
  }

  /** Counts a response once per member, if it answers this campaign. A pre-vote rejection
   * carries the voter's own term, which may be lower than the one asked about. */
  record(response: Pick<VoteResponse, 'from' | 'term' | 'preVote' | 'granted'>): void {
    if (response.preVote !== this.preVote) return;
    const answersThis = response.term === this.term || (this.preVote && !response.granted);
    if (answersThis && !this.#votes.has(response.from)) {
      this.#votes.set(response.from, response.granted);
    }
  }

  won(): boolean {
    return this.#count(true) >= this.#quorum;
  }

  lost(): boolean {
    return this.#count(false) > this.#members - this.#quorum;
  }

  #count(granted: boolean): number {
    let n = 0;
    for (const vote of this.#votes.values()) if (vote === granted) n++;
    return n;
  }
}
