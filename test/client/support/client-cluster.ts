// A cluster for client tests that plays the master by hand: an in-process coordinator and block
// filesystem, two region servers, meta opened on one of them with its location in the coordinator
// (META_LOCATION_PATH, {"server":"host,port,startcode"}), tables opened across both servers with
// their rows written to meta, and region moves (close, open elsewhere, rewrite the meta row).
import type { TableDescriptor } from '../../../src/common/operations.js';
import { COORD_ROOT_PATH, META_LOCATION_PATH } from '../../../src/common/znodes.js';
import { CoordClient, NodeExistsError } from '../../../src/coord/client/index.js';
import {
  META_REGION_INFO,
  META_TABLE_DESCRIPTOR,
  parseServerName,
  regionRowPut,
  type MetaRegionEntry,
  type ServerName,
} from '../../../src/master/meta/index.js';
import { makeRegionInfo, type RegionInfo } from '../../../src/regionserver/region-info.js';
import { RegionServerService } from '../../../src/regionserver/service/protocol.js';
import { RegionServer } from '../../../src/regionserver/service/region-server.js';
import { RpcClient } from '../../../src/rpc/index.js';
import { InProcessEnsemble } from '../../support/coord-ensemble.js';
import { DfsMiniCluster } from '../../support/dfs-mini-cluster.js';

export interface ClientClusterOptions {
  /** Region servers' scanner lease (short, to see leases expire). */
  readonly scannerLeaseMs?: number;
}

export class ClientCluster {
  readonly servers: RegionServer[] = [];
  readonly rpc = new RpcClient();
  /** Where each region is open now: encoded name → server index. */
  readonly placement = new Map<string, number>();
  readonly #tables = new Map<string, TableDescriptor>();
  #metaServer = 0;

  private constructor(
    readonly ensemble: InProcessEnsemble,
    readonly dfs: DfsMiniCluster,
    readonly coord: CoordClient,
  ) {}

  /** The coordinator, the filesystem, two region servers, meta on server 0. */
  static async start(options: ClientClusterOptions = {}): Promise<ClientCluster> {
    const ensemble = await InProcessEnsemble.start(1);
    const dfs = await DfsMiniCluster.start(1);
    const coord = await CoordClient.connect({ ensemble: ensemble.connectString });
    const cluster = new ClientCluster(ensemble, dfs, coord);
    try {
      for (let i = 0; i < 2; i++) {
        const server = await RegionServer.start({
          namenode: dfs.namenodeAddress,
          port: 0,
          replication: 1,
          ...(options.scannerLeaseMs === undefined
            ? {}
            : { scannerLeaseMs: options.scannerLeaseMs }),
        });
        cluster.servers.push(server);
      }
      await cluster.#server(0).openRegion(META_REGION_INFO, META_TABLE_DESCRIPTOR);
      await cluster.setMetaLocation(0);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  get connectString(): string {
    return this.ensemble.connectString;
  }

  serverName(index: number): ServerName {
    return parseServerName(this.#server(index).serverName);
  }

  /** Writes META_LOCATION_PATH naming server `index` (the master's job). */
  async setMetaLocation(index: number): Promise<void> {
    const data = JSON.stringify({ server: this.#server(index).serverName });
    await this.coord.create(COORD_ROOT_PATH).catch((e: unknown) => {
      if (!(e instanceof NodeExistsError)) throw e;
    });
    try {
      await this.coord.create(META_LOCATION_PATH, data);
    } catch (error) {
      if (!(error instanceof NodeExistsError)) throw error;
      await this.coord.setData(META_LOCATION_PATH, data);
    }
    this.#metaServer = index;
  }

  /** Moves the meta region to server `index` and rewrites its location. */
  async moveMeta(index: number): Promise<void> {
    await this.#server(this.#metaServer).closeRegion(META_REGION_INFO.encodedName);
    await this.#server(index).openRegion(META_REGION_INFO, META_TABLE_DESCRIPTOR);
    await this.setMetaLocation(index);
  }

  /**
   * Creates `table` with regions split at `splitKeys`, region i on server `place(i)` (by default
   * alternating), each region's row written to meta as OPEN.
   */
  async createTable(
    table: TableDescriptor,
    splitKeys: readonly string[],
    place: (i: number) => number = (i) => i % 2,
  ): Promise<RegionInfo[]> {
    this.defineTable(table);
    const bounds = ['', ...splitKeys, ''];
    const regions: RegionInfo[] = [];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const info = makeRegionInfo(
        table.name,
        Buffer.from(bounds[i] ?? ''),
        Buffer.from(bounds[i + 1] ?? ''),
        1,
      );
      regions.push(info);
      await this.openOn(info, place(i));
    }
    return regions;
  }

  /** Makes `table`'s descriptor known, for regions opened by hand (openOn). */
  defineTable(table: TableDescriptor): void {
    this.#tables.set(table.name, table);
  }

  /** Closes `info` where it is open (meta is left as it is). */
  async closeRegion(info: RegionInfo): Promise<void> {
    const at = this.placement.get(info.encodedName);
    if (at === undefined) return;
    await this.#server(at).closeRegion(info.encodedName);
    this.placement.delete(info.encodedName);
  }

  /** Opens `info` on server `index` and records it there in meta. */
  async openOn(info: RegionInfo, index: number): Promise<void> {
    const table = this.#tables.get(info.table);
    if (table === undefined) throw new Error(`table ${info.table} was not created here`);
    const { openSeqNum } = await this.#server(index).openRegion(info, table);
    this.placement.set(info.encodedName, index);
    await this.writeRegionRow({
      info,
      state: 'OPEN',
      server: this.serverName(index),
      openSeqNum,
      offline: false,
      daughters: undefined,
    });
  }

  /** Closes `info` where it is and opens it on the other server (meta rewritten). */
  async moveRegion(info: RegionInfo): Promise<number> {
    const from = this.placement.get(info.encodedName);
    if (from === undefined) throw new Error(`region ${info.encodedName} is not open`);
    const to = 1 - from;
    await this.#server(from).closeRegion(info.encodedName);
    await this.openOn(info, to);
    return to;
  }

  /** Writes a region's row to meta through the meta region's server (the master's job). */
  async writeRegionRow(entry: MetaRegionEntry): Promise<void> {
    const meta = this.#server(this.#metaServer);
    const stub = this.rpc.stub(RegionServerService, `${meta.address.host}:${meta.address.port}`);
    await stub.mutate({ region: META_REGION_INFO.encodedName, mutations: [regionRowPut(entry)] });
  }

  async stop(): Promise<void> {
    this.rpc.close();
    for (const server of this.servers) await server.stop().catch(() => undefined);
    await this.coord.close().catch(() => undefined);
    await this.dfs.shutdown().catch(() => undefined);
    await this.ensemble.stop().catch(() => undefined);
  }

  #server(index: number): RegionServer {
    const server = this.servers[index];
    if (server === undefined) throw new Error(`no region server ${index}`);
    return server;
  }
}
