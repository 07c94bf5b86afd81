// What the readers of one input stream share: datanodes that failed (tried last from then on),
// blocks whose short-circuit read failed (read remotely from then on), and the local replicas
// opened for short-circuit reads, at most SHORT_CIRCUIT_REPLICAS_OPEN_MAX, closed with the stream.
import { isLocalAddress, type ClientContext } from './context.js';
import type { FileBlock } from './located-file.js';
import { LocalReplica } from './short-circuit.js';
import type { DatanodeInfo } from '../types.js';

/** Local replicas (two file descriptors each) one stream keeps open. */
export const SHORT_CIRCUIT_REPLICAS_OPEN_MAX = 8;

export class ReadSession {
  readonly ctx: ClientContext;
  readonly path: string;
  /** Datanode ids that failed a read of this stream. */
  readonly deadNodes = new Set<string>();
  readonly #remoteOnly = new Set<number>();
  /** Open local replicas by block id, least recently used first. */
  readonly #local = new Map<number, Promise<LocalReplica>>();
  #closed = false;

  constructor(ctx: ClientContext, path: string) {
    this.ctx = ctx;
    this.path = path;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The local datanode to read `target` from directly, if short-circuit applies to it. */
  shortCircuitNode(target: FileBlock): DatanodeInfo | undefined {
    if (!this.ctx.shortCircuit || !target.complete || this.#closed) return undefined;
    if (this.#remoteOnly.has(target.block.blockId)) return undefined;
    return target.locations.find(
      (n) => isLocalAddress(n.address) && !this.deadNodes.has(n.datanodeId),
    );
  }

  /** The open local replica of `target` (opened on first use); acquire()d for the caller. */
  async localReplica(target: FileBlock, node: DatanodeInfo): Promise<LocalReplica> {
    const blockId = target.block.blockId;
    let opening = this.#local.get(blockId);
    if (opening === undefined) {
      opening = LocalReplica.open(this.ctx, node, target);
      opening.catch(() => this.#local.delete(blockId));
    } else {
      this.#local.delete(blockId);
    }
    this.#local.set(blockId, opening);
    const replica = await opening;
    replica.acquire();
    if (this.#closed) {
      replica.release();
      await replica.close();
      throw new Error('the stream was closed');
    }
    await this.#evict();
    return replica;
  }

  /** Reads of `blockId` go remote from now on; its local replica is closed. */
  async remoteOnly(blockId: number): Promise<void> {
    this.#remoteOnly.add(blockId);
    const opening = this.#local.get(blockId);
    this.#local.delete(blockId);
    const replica = await opening?.catch(() => undefined);
    await replica?.close();
  }

  async close(): Promise<void> {
    this.#closed = true;
    const openings = [...this.#local.values()];
    this.#local.clear();
    const replicas = await Promise.allSettled(openings);
    await Promise.all(
      replicas.map((r) => (r.status === 'fulfilled' ? r.value.close() : undefined)),
    );
  }

  /** Closes the least recently used local replicas nobody reads, beyond the limit. */
  async #evict(): Promise<void> {
    if (this.#local.size <= SHORT_CIRCUIT_REPLICAS_OPEN_MAX) return;
    for (const [blockId, opening] of this.#local) {
      if (this.#local.size <= SHORT_CIRCUIT_REPLICAS_OPEN_MAX) return;
      const replica = await opening.catch(() => undefined);
      if (replica?.inUse === true) continue;
      this.#local.delete(blockId);
      await replica?.close();
    }
  }
}
