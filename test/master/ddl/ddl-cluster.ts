// A cluster for the DDL tests: an in-process coordinator and filesystem, two region servers, one
// or more masters (the first active, the others backups), a client connection with its Admin, and
// raw access to what the master keeps (meta's rows, the region directories).
import { Admin, connect, type Connection } from '../../../src/client/index.js';
import { META_LOCATION_PATH } from '../../../src/common/znodes.js';
import { CoordClient } from '../../../src/coord/client/index.js';
import type { DfsClient } from '../../../src/dfs/client/index.js';
import { Master } from '../../../src/master/master.js';
import { MetaAccess, type MetaContents } from '../../../src/master/meta-access.js';
import type { Delete, Put } from '../../../src/common/mutations.js';
import {
  META_REGION_INFO,
  parseServerName,
  serverAddress,
} from '../../../src/master/meta/index.js';
import { RegionFs } from '../../../src/regionserver/region-fs.js';
import type { RegionInfo } from '../../../src/regionserver/region-info.js';
import { RegionServerService } from '../../../src/regionserver/service/protocol.js';
import { RegionServer } from '../../../src/regionserver/service/region-server.js';
import { RpcClient } from '../../../src/rpc/index.js';
import { InProcessEnsemble } from '../../support/coord-ensemble.js';
import { DfsMiniCluster, waitFor } from '../../support/dfs-mini-cluster.js';

export const WAIT_MS = 30_000;
const ROOT_DIR = '/colonnade';

export class DdlCluster {
  readonly masters: Master[] = [];
  readonly rpc = new RpcClient();
  readonly #cleanups: (() => Promise<unknown>)[] = [];
  conn!: Connection;
  admin!: Admin;
  fs!: DfsClient;
  coord!: CoordClient;
  ensemble!: InProcessEnsemble;
  dfs!: DfsMiniCluster;

  /** Everything up, the first master active; `masters` masters in all. */
  static async start(masters = 1): Promise<DdlCluster> {
    const cluster = new DdlCluster();
    try {
      await cluster.#start(masters);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  async #start(masters: number): Promise<void> {
    this.ensemble = await InProcessEnsemble.start(1);
    this.#cleanups.push(() => this.ensemble.stop());
    this.dfs = await DfsMiniCluster.start(1);
    this.#cleanups.push(() => this.dfs.shutdown());
    this.fs = this.dfs.client();
    for (let i = 0; i < 2; i++) {
      const server = await RegionServer.start({
        namenode: this.dfs.namenodeAddress,
        port: 0,
        replication: 1,
        coord: this.ensemble.connectString,
      });
      this.#cleanups.push(() => server.stop());
    }
    for (let i = 0; i < masters; i++) {
      await this.startMaster();
      if (i === 0) await this.masters[0]?.whenActive(WAIT_MS);
    }
    this.coord = await CoordClient.connect({ ensemble: this.ensemble.connectString });
    this.#cleanups.push(() => this.coord.close());
    this.#cleanups.push(async () => this.rpc.close());
    this.conn = await connect({ coord: this.ensemble.connectString });
    this.#cleanups.push(() => this.conn.close());
    this.admin = this.conn.getAdmin();
  }

  async startMaster(): Promise<Master> {
    const master = await Master.start({
      coord: this.ensemble.connectString,
      namenode: this.dfs.namenodeAddress,
      port: 0,
    });
    this.masters.push(master);
    this.#cleanups.push(() => master.stop());
    return master;
  }

  async stop(): Promise<void> {
    for (const cleanup of this.#cleanups.splice(0).reverse()) {
      await cleanup().catch(() => undefined);
    }
  }

  /** The active master, waited for (bounded). */
  async active(): Promise<Master> {
    await waitFor(() => this.masters.some((m) => m.isActive), WAIT_MS, 'an active master');
    return this.masters.find((m) => m.isActive) as Master;
  }

  async #metaServer(): Promise<string> {
    const { data } = await this.coord.getData(META_LOCATION_PATH);
    return (JSON.parse(data.toString('utf8')) as { server: string }).server;
  }

  /** Every row of meta, read from the server the coordinator names. */
  async meta(): Promise<MetaContents> {
    const server = await this.#metaServer();
    return new MetaAccess(this.rpc, () => server).readAll();
  }

  /** A table's region rows in meta, in row order. */
  async metaRegions(table: string): Promise<RegionInfo[]> {
    const { regions } = await this.meta();
    return regions
      .filter((r) => r.info.table === table)
      .map((r) => r.info)
      .sort((a, b) => Buffer.compare(a.startKey, b.startKey));
  }

  async tableState(table: string): Promise<string | undefined> {
    const { tables } = await this.meta();
    return tables.find((t) => t.table === table)?.state;
  }

  /** Writes `mutations` to the meta region in one call (as a master does). */
  async writeMeta(mutations: readonly (Put | Delete)[]): Promise<void> {
    const server = await this.#metaServer();
    const stub = this.rpc.stub(RegionServerService, serverAddress(parseServerName(server)));
    await stub.mutate({ region: META_REGION_INFO.encodedName, mutations }, { timeoutMs: WAIT_MS });
  }

  regionDir(info: RegionInfo): string {
    return new RegionFs({ client: this.fs, rootDir: ROOT_DIR }).regionDir(info);
  }

  async exists(path: string): Promise<boolean> {
    return (await this.fs.stat(path)) !== null;
  }
}
