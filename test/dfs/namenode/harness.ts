// Test support for the namenode over real RPC: an in-process NamenodeServer on port 0 with a
// manual clock and a temporary data directory, client stubs, and fake datanodes driven by hand
// (register, heartbeat, report). Everything is closed and removed after each test.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { ManualClock } from '../../../src/common/clock.js';
import { SeededRng, seedFromEnv } from '../../../src/common/rng.js';
import { RpcClient, type Stub } from '../../../src/rpc/index.js';
import {
  NamenodeDatanodeService,
  NamenodeService,
  type DatanodeCommand,
  type DatanodeInfo,
  type DatanodeUsage,
  type ReplicaReport,
} from '../../../src/dfs/index.js';
import { NamenodeServer, type NamenodeTuning } from '../../../src/dfs/namenode/index.js';

export type NamenodeStub = Stub<(typeof NamenodeService)['methods']>;
export type DatanodeSideStub = Stub<(typeof NamenodeDatanodeService)['methods']>;

const servers: NamenodeServer[] = [];
const clients: RpcClient[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'colonnade-namenode-'));
  dirs.push(dir);
  return dir;
}

export const USAGE: DatanodeUsage = {
  capacityBytes: 100 * 2 ** 30,
  usedBytes: 0,
  remainingBytes: 100 * 2 ** 30,
  activeTransfers: 0,
};

export interface Namenode {
  readonly server: NamenodeServer;
  readonly clock: ManualClock;
  readonly nn: NamenodeStub;
  readonly dn: DatanodeSideStub;
  readonly dataDir: string;
}

export async function startNamenode(
  options: { dataDir?: string; tuning?: Partial<NamenodeTuning>; clock?: ManualClock } = {},
): Promise<Namenode> {
  const seed = seedFromEnv();
  console.log(`namenode rng seed: ${seed} (replay with COLONNADE_SEED=${seed})`);
  const dataDir = options.dataDir ?? (await tempDir());
  const clock = options.clock ?? new ManualClock();
  const server = new NamenodeServer({
    dataDir,
    port: 0,
    clock,
    rng: new SeededRng(seed),
    tuning: { safeModeExtensionMs: 0, ...options.tuning },
  });
  const address = await server.start();
  servers.push(server);
  const client = new RpcClient();
  clients.push(client);
  return {
    server,
    clock,
    nn: client.stub(NamenodeService, address),
    dn: client.stub(NamenodeDatanodeService, address),
    dataDir,
  };
}

/** Stops a server started by startNamenode early (for restarts). */
export async function stopNamenode(namenode: Namenode): Promise<void> {
  await namenode.server.stop();
  servers.splice(servers.indexOf(namenode.server), 1);
}

/** A datanode played by the test: it says what it is told to. */
export class FakeDatanode {
  readonly info: DatanodeInfo;
  constructor(
    readonly stub: DatanodeSideStub,
    index: number,
  ) {
    this.info = { datanodeId: `dn-${index}`, address: `127.0.0.1:${50_010 + index}` };
  }

  async register(): Promise<void> {
    await this.stub.register({ ...this.info, usage: USAGE });
  }

  async heartbeat(): Promise<readonly DatanodeCommand[]> {
    return (await this.stub.heartbeat({ datanodeId: this.info.datanodeId, usage: USAGE })).commands;
  }

  async report(replicas: readonly ReplicaReport[]): Promise<void> {
    await this.stub.blockReport({ datanodeId: this.info.datanodeId, replicas });
  }

  async received(replica: ReplicaReport): Promise<void> {
    await this.stub.incrementalBlockReport({
      datanodeId: this.info.datanodeId,
      received: [replica],
      deleted: [],
    });
  }
}

export async function fakeDatanodes(namenode: Namenode, count: number): Promise<FakeDatanode[]> {
  const out = Array.from({ length: count }, (_, i) => new FakeDatanode(namenode.dn, i));
  for (const datanode of out) await datanode.register();
  return out;
}

/** Polls `check` (real time, bounded) until it returns a value. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
