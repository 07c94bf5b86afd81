// An in-process block filesystem for tests: a real NamenodeServer and N real DatanodeServers on
// loopback (port 0), each in its own temp directory, with short timings (heartbeat 100 ms, dead
// after 1 s, no safe-mode extension). Helpers stop and restart servers; shutdown() removes it all.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DfsClient, type DfsClientOptions } from '../../src/dfs/client/index.js';
import { DatanodeServer } from '../../src/dfs/datanode/index.js';
import { NamenodeServer } from '../../src/dfs/namenode/index.js';
import type { NamenodeTuning } from '../../src/dfs/namenode/tuning.js';

export const MINI_HEARTBEAT_MS = 100;
export const MINI_DEAD_MS = 1_000;
const MINI_TUNING: Partial<NamenodeTuning> = {
  heartbeatIntervalMs: MINI_HEARTBEAT_MS,
  staleMs: 500,
  deadMs: MINI_DEAD_MS,
  replicationCheckIntervalMs: 100,
  replicationPendingTimeoutMs: 2_000,
  safeModeExtensionMs: 0,
  leaseCheckIntervalMs: 100,
  blockRecoveryTimeoutMs: 2_000,
};
const WAIT_POLL_MS = 20;
const READY_TIMEOUT_MS = 10_000;

/** Polls `predicate` until it holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
  what = 'a condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
  }
}

export interface MiniClusterOptions {
  readonly namenodeTuning?: Partial<NamenodeTuning>;
}

export class DfsMiniCluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'colonnade-dfs-'));
  readonly #tuning: Partial<NamenodeTuning>;
  #namenode: NamenodeServer | undefined;
  #namenodePort = 0;
  readonly #datanodes: (DatanodeServer | undefined)[] = [];
  readonly #clients: DfsClient[] = [];

  private constructor(options: MiniClusterOptions) {
    this.#tuning = { ...MINI_TUNING, ...options.namenodeTuning };
  }

  /** A namenode and `datanodes` datanodes, every datanode registered and safe mode left. */
  static async start(datanodes: number, options: MiniClusterOptions = {}): Promise<DfsMiniCluster> {
    const cluster = new DfsMiniCluster(options);
    try {
      await cluster.#startNamenode();
      for (let i = 0; i < datanodes; i++) await cluster.startDatanode(i);
      await cluster.waitForLiveDatanodes(datanodes);
    } catch (error) {
      await cluster.shutdown();
      throw error;
    }
    return cluster;
  }

  get namenodeAddress(): string {
    return `127.0.0.1:${this.#namenodePort}`;
  }

  get namenode(): NamenodeServer {
    if (this.#namenode === undefined) throw new Error('the namenode is stopped');
    return this.#namenode;
  }

  datanode(i: number): DatanodeServer {
    const server = this.#datanodes[i];
    if (server === undefined) throw new Error(`datanode ${i} is stopped`);
    return server;
  }

  get datanodeCount(): number {
    return this.#datanodes.length;
  }

  /** Indexes of the datanodes running now. */
  runningDatanodes(): number[] {
    return this.#datanodes.flatMap((d, i) => (d === undefined ? [] : [i]));
  }

  datanodeDir(i: number): string {
    return join(this.dir, `datanode-${i}`);
  }

  /** Starts datanode `i` (again, in the same directory, when it ran before). */
  async startDatanode(i: number): Promise<DatanodeServer> {
    if (this.#datanodes[i] !== undefined) throw new Error(`datanode ${i} is running`);
    const server = new DatanodeServer({
      dataDir: this.datanodeDir(i),
      namenode: this.namenodeAddress,
      host: '127.0.0.1',
      port: 0,
      tuning: { heartbeatIntervalMs: MINI_HEARTBEAT_MS },
    });
    await server.start();
    this.#datanodes[i] = server;
    return server;
  }

  async stopDatanode(i: number): Promise<void> {
    const server = this.#datanodes[i];
    this.#datanodes[i] = undefined;
    await server?.stop();
  }

  /** Stops the namenode and starts it again on the same port and directory. */
  async restartNamenode(): Promise<void> {
    await this.#namenode?.stop();
    this.#namenode = undefined;
    await this.#startNamenode();
  }

  /** A client of this cluster, closed at shutdown. */
  client(options: Partial<DfsClientOptions> = {}): DfsClient {
    const client = new DfsClient({ namenode: this.namenodeAddress, ...options });
    this.#clients.push(client);
    return client;
  }

  /** Waits until the namenode counts `count` live datanodes and is out of safe mode. */
  async waitForLiveDatanodes(count: number, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    const client = new DfsClient({ namenode: this.namenodeAddress });
    try {
      await waitFor(
        async () => {
          const report = await client.datanodeReport().catch(() => undefined);
          if (report === undefined || report.safeMode) return false;
          return report.datanodes.filter((d) => d.state === 'live').length === count;
        },
        timeoutMs,
        `${count} live datanodes`,
      );
    } finally {
      await client.close();
    }
  }

  /** The blk_ data files of `blockId` under datanode `i`'s directory (finalized or rbw). */
  replicaFiles(i: number, blockId: number): string[] {
    return findFiles(this.datanodeDir(i), `blk_${blockId}`);
  }

  async shutdown(): Promise<void> {
    for (const client of this.#clients.splice(0)) await client.close();
    for (let i = 0; i < this.#datanodes.length; i++) await this.stopDatanode(i);
    await this.#namenode?.stop();
    this.#namenode = undefined;
    rmSync(this.dir, { recursive: true, force: true });
  }

  async #startNamenode(): Promise<void> {
    const server = new NamenodeServer({
      dataDir: join(this.dir, 'namenode'),
      port: this.#namenodePort,
      tuning: this.#tuning,
    });
    const address = await server.start();
    this.#namenodePort = address.port;
    this.#namenode = server;
  }
}

function findFiles(dir: string, name: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return findFiles(path, name);
    return entry === name ? [path] : [];
  });
}
