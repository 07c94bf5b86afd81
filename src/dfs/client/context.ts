// What every part of one DfsClient shares: its name, clock, rng, logger, the namenode stub and one
// cached stub per datanode address. Also the client's small waiting helpers (sleep, wake-ups).
import { hostname } from 'node:os';
import type { Clock } from '../../common/clock.js';
import type { Logger } from '../../common/log.js';
import type { Rng } from '../../common/rng.js';
import type { RpcClient, Stub } from '../../rpc/index.js';
import { DatanodeService, NamenodeService } from '../protocol.js';
import type { DatanodeInfo } from '../types.js';
import type { LeaseRenewer } from './lease-renewer.js';
import type { LocalReadWorkers } from './local-read-workers.js';

export type NamenodeStub = Stub<(typeof NamenodeService)['methods']>;
export type DatanodeStub = Stub<(typeof DatanodeService)['methods']>;

export interface ClientContext {
  readonly clientName: string;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly logger: Logger;
  readonly namenode: NamenodeStub;
  datanode(address: string): DatanodeStub;
  /** The writer's own datanode, favored first for new blocks. */
  readonly localDatanode: DatanodeInfo | undefined;
  /** True when reads of replicas on this host may go to their files directly. */
  readonly shortCircuit: boolean;
  readonly renewer: LeaseRenewer;
  /** Threads that read and checksum local replicas; undefined reads them on the main thread. */
  readonly localReads: LocalReadWorkers | undefined;
}

export function datanodeStubs(rpc: RpcClient): (address: string) => DatanodeStub {
  const stubs = new Map<string, DatanodeStub>();
  return (address) => {
    let stub = stubs.get(address);
    if (stub === undefined) {
      stub = rpc.stub(DatanodeService, address);
      stubs.set(address, stub);
    }
    return stub;
  };
}

export function namenodeStub(rpc: RpcClient, address: string): NamenodeStub {
  return rpc.stub(NamenodeService, address);
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** True when `address` (HOST:PORT) names this host. */
export function isLocalAddress(address: string): boolean {
  const host = address.slice(0, address.lastIndexOf(':'));
  return LOCAL_HOSTS.has(host) || host === hostname();
}

/** Resolves after `ms` on `clock`. */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => {
    clock.setTimeout(resolve, ms);
  });
}

/** Wakes everyone waiting for a change of some state (acks, failures). */
export class Wakeup {
  #waiters: (() => void)[] = [];

  wait(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  wake(): void {
    const waiters = this.#waiters;
    if (waiters.length === 0) return;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** `error` as an Error (thrown values that are not). */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
