// Calls from this datanode to other datanodes: a stub per address, the deadline of a call made
// while serving one (a little shorter, so the answer upstream can still name the failed hop), and
// the mapping of a downstream answer or failure into this datanode's pipeline numbering.
import { toWire } from '../../common/errors.js';
import { CALL_DEADLINE_MAX_MS } from '../../common/limits.js';
import type { RpcClient, Stub } from '../../rpc/index.js';
import { DatanodeService, type PipelineAck } from '../protocol.js';

export type DatanodeStub = Stub<(typeof DatanodeService)['methods']>;

/** Each hop down a pipeline answers this much before its caller's deadline. */
export const DOWNSTREAM_DEADLINE_MARGIN_MS = 1_000;
/** The shortest deadline given to a downstream call. */
export const DOWNSTREAM_DEADLINE_MIN_MS = 1_000;
/** Distinct datanodes whose stubs are kept. */
export const PEER_STUBS_MAX = 4_096;

export class DatanodePeers {
  readonly #client: RpcClient;
  readonly #stubs = new Map<string, DatanodeStub>();

  constructor(client: RpcClient) {
    this.#client = client;
  }

  datanode(address: string): DatanodeStub {
    let stub = this.#stubs.get(address);
    if (stub === undefined) {
      if (this.#stubs.size >= PEER_STUBS_MAX) this.#stubs.clear();
      stub = this.#client.stub(DatanodeService, address);
      this.#stubs.set(address, stub);
    }
    return stub;
  }
}

/** The deadline of a call made downstream while serving a call with `remainingMs` left. */
export function downstreamDeadlineMs(remainingMs: number): number {
  return Math.min(
    CALL_DEADLINE_MAX_MS,
    Math.max(DOWNSTREAM_DEADLINE_MIN_MS, Math.floor(remainingMs - DOWNSTREAM_DEADLINE_MARGIN_MS)),
  );
}

/**
 * A downstream answer in this datanode's numbering (this one is 0, the next one 1): a failure
 * there moves one place down; a call that fails outright names the next datanode. Never rejects.
 */
export async function fromDownstream(call: Promise<PipelineAck>): Promise<PipelineAck> {
  try {
    const ack = await call;
    if (ack.ok) return ack;
    return { ok: false, badIndex: ack.badIndex + 1, code: ack.code, message: ack.message };
  } catch (error) {
    const wire = toWire(error);
    return { ok: false, badIndex: 1, code: wire.code, message: wire.message };
  }
}
