// Test support for the datanode: a fake namenode (an RpcServer implementing NamenodeDatanodeService
// that records what datanodes tell it and hands out scripted commands), datanodes on port 0 in
// temporary directories, packets built with their checksums, and a bounded waitFor.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeededRng } from '../../../src/common/rng.js';
import { chunkChecksums } from '../../../src/dfs/checksum.js';
import { DatanodeServer, type DatanodeTuning } from '../../../src/dfs/datanode/index.js';
import {
  DatanodeService,
  NamenodeDatanodeService,
  type BadReplica,
  type CommitBlockSynchronizationRequest,
  type PacketRequest,
} from '../../../src/dfs/protocol.js';
import type { DatanodeCommand, DatanodeInfo, ReplicaReport } from '../../../src/dfs/types.js';
import { RpcClient, RpcServer, type Stub } from '../../../src/rpc/index.js';

export const FAST_TUNING: Partial<DatanodeTuning> = {
  heartbeatIntervalMs: 30,
  blockReportIntervalMs: 60 * 60 * 1000,
  scanIntervalMs: 60 * 60 * 1000,
};

export type DatanodeStub = Stub<(typeof DatanodeService)['methods']>;

export class FakeNamenode {
  readonly registrations: DatanodeInfo[] = [];
  readonly blockReports: { datanodeId: string; replicas: readonly ReplicaReport[] }[] = [];
  readonly incrementals: {
    datanodeId: string;
    received: readonly ReplicaReport[];
    deleted: readonly number[];
  }[] = [];
  readonly bad: BadReplica[] = [];
  readonly commits: CommitBlockSynchronizationRequest[] = [];
  readonly heartbeats = new Map<string, number>();
  readonly #commands = new Map<string, DatanodeCommand[]>();
  readonly #server = new RpcServer();
  address = '';

  static async start(port = 0): Promise<FakeNamenode> {
    const nn = new FakeNamenode();
    nn.#server.register(NamenodeDatanodeService, {
      register: (request) => {
        nn.registrations.push({ datanodeId: request.datanodeId, address: request.address });
        return {};
      },
      heartbeat: (request) => {
        nn.heartbeats.set(request.datanodeId, (nn.heartbeats.get(request.datanodeId) ?? 0) + 1);
        const commands = nn.#commands.get(request.datanodeId) ?? [];
        nn.#commands.delete(request.datanodeId);
        return { commands };
      },
      blockReport: (request) => {
        nn.blockReports.push({ datanodeId: request.datanodeId, replicas: request.replicas });
        return {};
      },
      incrementalBlockReport: (request) => {
        nn.incrementals.push({ ...request });
        return {};
      },
      reportBadBlocks: (request) => {
        nn.bad.push(...request.replicas);
        return {};
      },
      commitBlockSynchronization: (request) => {
        nn.commits.push(request);
        return {};
      },
    });
    const { host, port: bound } = await nn.#server.listen({ host: '127.0.0.1', port });
    nn.address = `${host}:${bound}`;
    return nn;
  }

  /** Hands `command` to `datanodeId` on its next heartbeat. */
  command(datanodeId: string, command: DatanodeCommand): void {
    const list = this.#commands.get(datanodeId) ?? [];
    list.push(command);
    this.#commands.set(datanodeId, list);
  }

  received(datanodeId: string): ReplicaReport[] {
    return this.incrementals.filter((r) => r.datanodeId === datanodeId).flatMap((r) => r.received);
  }

  deleted(datanodeId: string): number[] {
    return this.incrementals.filter((r) => r.datanodeId === datanodeId).flatMap((r) => r.deleted);
  }

  lastBlockReport(datanodeId: string): readonly ReplicaReport[] | undefined {
    return this.blockReports.filter((r) => r.datanodeId === datanodeId).at(-1)?.replicas;
  }

  stop(): Promise<void> {
    return this.#server.close(100);
  }
}

/** Datanodes, namenodes, clients and directories made by a test; `cleanup` ends them all. */
export class Harness {
  readonly dirs: string[] = [];
  readonly datanodes: DatanodeServer[] = [];
  readonly namenodes: FakeNamenode[] = [];
  client = new RpcClient();

  async namenode(): Promise<FakeNamenode> {
    const nn = await FakeNamenode.start();
    this.namenodes.push(nn);
    return nn;
  }

  tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'colonnade-dn-'));
    this.dirs.push(dir);
    return dir;
  }

  async datanode(
    nn: FakeNamenode,
    tuning: Partial<DatanodeTuning> = {},
    dataDir = this.tempDir(),
  ): Promise<DatanodeServer> {
    const dn = new DatanodeServer({
      dataDir,
      namenode: nn.address,
      port: 0,
      tuning: { ...FAST_TUNING, ...tuning },
    });
    await dn.start();
    this.datanodes.push(dn);
    return dn;
  }

  stub(dn: DatanodeServer | DatanodeInfo): DatanodeStub {
    return this.client.stub(
      DatanodeService,
      dn instanceof DatanodeServer ? dn.info.address : dn.address,
    );
  }

  async cleanup(): Promise<void> {
    this.client.destroy();
    this.client = new RpcClient();
    await Promise.allSettled(this.datanodes.splice(0).map((d) => d.stop()));
    await Promise.allSettled(this.namenodes.splice(0).map((n) => n.stop()));
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/** `length` deterministic bytes. */
export function bytes(length: number, seed: number): Buffer {
  const rng = new SeededRng(seed);
  const out = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) out[i] = rng.nextInt(256);
  return out;
}

export function packet(
  blockId: number,
  genStamp: number,
  seqno: number,
  offset: number,
  data: Uint8Array,
  options: { last?: boolean; sync?: boolean } = {},
): PacketRequest {
  return {
    blockId,
    genStamp,
    seqno,
    offset,
    data,
    checksums: chunkChecksums(data),
    last: options.last ?? false,
    sync: options.sync ?? false,
  };
}

/** Resolves once `condition` holds (polling); fails after `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
