// The 'raft' service members expose on their peer port: one method that delivers a batch of Raft
// messages (answered at once, fire and forget). Every field is checked on receipt, bytes copied.
import {
  RAFT_APPEND_ENTRIES_MAX,
  RAFT_DELIVERY_MESSAGES_MAX,
  ENSEMBLE_MEMBERS_MAX,
} from '../../common/limits.js';
import { defineService, MalformedMessageError, unary } from '../../rpc/index.js';
import type { Entry, Message, Snapshot } from './types.js';

export interface DeliverRequest {
  readonly messages: readonly Message[];
}

export type DeliverResponse = Record<string, never>;

export const RaftService = defineService('raft', {
  deliver: unary<DeliverRequest, DeliverResponse>(parseDeliverRequest),
});

export function parseDeliverRequest(body: unknown): DeliverRequest {
  const messages = fields(body, 'delivery')['messages'];
  if (!Array.isArray(messages) || messages.length > RAFT_DELIVERY_MESSAGES_MAX) {
    throw malformed(`messages must be an array of at most ${RAFT_DELIVERY_MESSAGES_MAX}`);
  }
  return { messages: messages.map(parseMessage) };
}

type Fields = Record<string, unknown>;

/** Checks a decoded message field by field and rebuilds it (copying every byte array). */
export function parseMessage(value: unknown): Message {
  const m = fields(value, 'message');
  const from = count(m, 'from');
  const to = count(m, 'to');
  const term = count(m, 'term');
  const kind = m['kind'];
  switch (kind) {
    case 'vote':
      return {
        kind,
        from,
        to,
        term,
        preVote: flag(m, 'preVote'),
        lastLogIndex: count(m, 'lastLogIndex'),
        lastLogTerm: count(m, 'lastLogTerm'),
      };
    case 'voteResponse':
      return { kind, from, to, term, preVote: flag(m, 'preVote'), granted: flag(m, 'granted') };
    case 'append':
      return {
        kind,
        from,
        to,
        term,
        prevLogIndex: count(m, 'prevLogIndex'),
        prevLogTerm: count(m, 'prevLogTerm'),
        entries: parseEntries(m['entries'], count(m, 'prevLogIndex')),
        commit: count(m, 'commit'),
      };
    case 'appendResponse':
      return {
        kind,
        from,
        to,
        term,
        success: flag(m, 'success'),
        index: count(m, 'index'),
        hintIndex: count(m, 'hintIndex'),
        hintTerm: count(m, 'hintTerm'),
      };
    case 'snapshot':
      return { kind, from, to, term, snapshot: parseSnapshot(m['snapshot']) };
    default:
      throw malformed(`unknown raft message kind ${String(kind)}`);
  }
}

function parseEntries(value: unknown, prevLogIndex: number): Entry[] {
  if (!Array.isArray(value) || value.length > RAFT_APPEND_ENTRIES_MAX) {
    throw malformed(`entries must be an array of at most ${RAFT_APPEND_ENTRIES_MAX}`);
  }
  return value.map((item, i) => {
    const e = fields(item, 'entry');
    const index = count(e, 'index');
    if (index !== prevLogIndex + 1 + i) {
      throw malformed(`entry ${i} has index ${index}; expected ${prevLogIndex + 1 + i}`);
    }
    return { term: count(e, 'term'), index, data: bytes(e, 'data') };
  });
}

function parseSnapshot(value: unknown): Snapshot {
  const s = fields(value, 'snapshot');
  const members = s['members'];
  if (
    !Array.isArray(members) ||
    members.length > ENSEMBLE_MEMBERS_MAX ||
    !members.every((id) => Number.isSafeInteger(id) && (id as number) > 0)
  ) {
    throw malformed(`snapshot members must be at most ${ENSEMBLE_MEMBERS_MAX} positive ids`);
  }
  return {
    index: count(s, 'index'),
    term: count(s, 'term'),
    members: members as number[],
    data: bytes(s, 'data'),
  };
}

function fields(value: unknown, what: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed(`a raft ${what} must be a map`);
  }
  return value as Fields;
}

function count(m: Fields, name: string): number {
  const value = m[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw malformed(`${name} must be a non-negative integer, got ${String(value)}`);
  }
  return value;
}

function flag(m: Fields, name: string): boolean {
  const value = m[name];
  if (typeof value !== 'boolean') throw malformed(`${name} must be a boolean`);
  return value;
}

/** Copies: received byte arrays are views of the socket's buffer, and the log keeps them. */
function bytes(m: Fields, name: string): Uint8Array {
  const value = m[name];
  if (!(value instanceof Uint8Array)) throw malformed(`${name} must be bytes`);
  return new Uint8Array(value);
}

function malformed(message: string): MalformedMessageError {
  return new MalformedMessageError(message);
}
