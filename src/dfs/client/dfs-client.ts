// The filesystem client (HDFS DFSClient + DistributedFileSystem): namespace calls on the namenode,
// output streams for create/append, input streams for reads. Invariant: one lease renewer and one
// RPC client per DfsClient; close() abandons open output streams and closes the connections.
import { systemClock, type Clock } from '../../common/clock.js';
import { silentLogger, type Logger } from '../../common/log.js';
import { systemRng, type Rng } from '../../common/rng.js';
import { RpcClient } from '../../rpc/index.js';
import { NAMENODE_CALL_TIMEOUT_MS } from '../limits.js';
import { baseName, validPath } from '../path.js';
import type { DatanodeInfo, DatanodeReport, FileStatus, FsckReport } from '../types.js';
import { datanodeStubs, namenodeStub, type ClientContext } from './context.js';
import { DfsInputStream } from './input-stream.js';
import { LeaseRenewer } from './lease-renewer.js';
import { LocalReadWorkers } from './local-read-workers.js';
import { appendStream, createStream, type CreateOptions } from './open-output.js';
import type { DfsOutputStream } from './output-stream.js';

export interface DfsClientOptions {
  /** HOST:PORT of the namenode. */
  readonly namenode: string;
  /** The lease holder's name. @default DFSClient_<random> */
  readonly clientName?: string;
  readonly clock?: Clock;
  readonly rng?: Rng;
  readonly logger?: Logger;
  /** The writer's own datanode, favored first for new blocks. */
  readonly localDatanode?: DatanodeInfo;
  /** Read replicas on this host straight from their files. @default true */
  readonly shortCircuit?: boolean;
}

const CLIENT_NAME_RANDOM_DIGITS = 10;

export class DfsClient {
  readonly clientName: string;
  readonly #rpc: RpcClient;
  readonly #ctx: ClientContext;
  readonly #timeout = { timeoutMs: NAMENODE_CALL_TIMEOUT_MS };

  constructor(options: DfsClientOptions) {
    const clock = options.clock ?? systemClock;
    const rng = options.rng ?? systemRng;
    const logger = (options.logger ?? silentLogger).child({ component: 'dfs-client' });
    this.clientName = options.clientName ?? randomClientName(rng);
    this.#rpc = new RpcClient({ clock, rng });
    const namenode = namenodeStub(this.#rpc, options.namenode);
    const renewer = new LeaseRenewer(
      clock,
      async () => {
        await namenode.renewLease(
          { clientName: this.clientName },
          { timeoutMs: NAMENODE_CALL_TIMEOUT_MS },
        );
      },
      logger,
    );
    this.#ctx = {
      clientName: this.clientName,
      clock,
      rng,
      logger,
      namenode,
      datanode: datanodeStubs(this.#rpc),
      localDatanode: options.localDatanode,
      shortCircuit: options.shortCircuit ?? true,
      renewer,
      localReads: new LocalReadWorkers(logger),
    };
  }

  /** Creates `path` and opens it for writing under this client's lease. */
  create(path: string, options: CreateOptions = {}): Promise<DfsOutputStream> {
    return createStream(this.#ctx, path, options);
  }

  /** Reopens a closed file for writing at its end (its partial last block is continued). */
  append(path: string): Promise<DfsOutputStream> {
    return appendStream(this.#ctx, path);
  }

  open(path: string): Promise<DfsInputStream> {
    return DfsInputStream.open(this.#ctx, path);
  }

  /** The whole file. */
  async readFile(path: string): Promise<Buffer> {
    const stream = await this.open(path);
    try {
      return await stream.read(stream.length);
    } finally {
      await stream.close();
    }
  }

  /** Creates (or with `overwrite`, replaces) `path` with `data`. */
  async writeFile(path: string, data: Uint8Array, options: CreateOptions = {}): Promise<void> {
    const stream = await this.create(path, options);
    try {
      await stream.write(data);
      await stream.close();
    } catch (error) {
      stream.abort();
      throw error;
    }
  }

  async mkdirs(path: string): Promise<void> {
    validPath(path);
    await this.#ctx.namenode.mkdirs({ path }, this.#timeout);
  }

  /** False when `path` did not exist. */
  async delete(path: string, recursive = false): Promise<boolean> {
    validPath(path);
    const { deleted } = await this.#ctx.namenode.delete({ path, recursive }, this.#timeout);
    return deleted;
  }

  async rename(src: string, dst: string): Promise<void> {
    validPath(src);
    validPath(dst);
    await this.#ctx.namenode.rename({ src, dst }, this.#timeout);
  }

  /** Every entry of a directory in name order (paged through `listing`). */
  async list(path: string): Promise<FileStatus[]> {
    validPath(path);
    const entries: FileStatus[] = [];
    let startAfter = '';
    for (;;) {
      const page = await this.#ctx.namenode.listing({ path, startAfter }, this.#timeout);
      entries.push(...page.entries);
      const last = page.entries[page.entries.length - 1];
      if (page.remaining <= 0 || last === undefined) return entries;
      startAfter = baseName(last.path);
    }
  }

  /** null when `path` does not exist. */
  async stat(path: string): Promise<FileStatus | null> {
    validPath(path);
    const { status } = await this.#ctx.namenode.getFileInfo({ path }, this.#timeout);
    return status;
  }

  /** Starts lease recovery of `path`; true once the file is closed (callers poll). */
  async recoverLease(path: string): Promise<boolean> {
    validPath(path);
    const { closed } = await this.#ctx.namenode.recoverLease(
      { path, clientName: this.clientName },
      this.#timeout,
    );
    return closed;
  }

  async isFileClosed(path: string): Promise<boolean> {
    validPath(path);
    const { closed } = await this.#ctx.namenode.isFileClosed({ path }, this.#timeout);
    return closed;
  }

  fsck(path: string): Promise<FsckReport> {
    validPath(path);
    return this.#ctx.namenode.fsck({ path }, this.#timeout);
  }

  async datanodeReport(): Promise<{ datanodes: DatanodeReport[]; safeMode: boolean }> {
    const report = await this.#ctx.namenode.datanodeReport({}, this.#timeout);
    return { datanodes: [...report.datanodes], safeMode: report.safeMode };
  }

  /** Abandons open output streams (their leases lapse), stops renewing and closes connections. */
  async close(): Promise<void> {
    for (const stream of this.#ctx.renewer.holders()) stream.abort();
    this.#ctx.renewer.stop();
    this.#rpc.close();
    await this.#ctx.localReads?.close();
  }
}

function randomClientName(rng: Rng): string {
  let digits = '';
  for (let i = 0; i < CLIENT_NAME_RANDOM_DIGITS; i++) digits += String(rng.nextInt(10));
  return `DFSClient_${digits}`;
}
