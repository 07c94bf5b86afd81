// The master's RPC calls to region servers: a server name `host,port,startcode` is called at
// host:port through one RpcClient (its connection pool), with a bound on each call.
import type { TableDescriptor } from '../common/operations.js';
import type { RegionInfo } from '../regionserver/region-info.js';
import { RegionServerService } from '../regionserver/service/protocol.js';
import { RpcClient } from '../rpc/index.js';
import type { RegionServerCalls } from './assignment/driver.js';
import { REGION_OPEN_CALL_TIMEOUT_MS, REGION_CLOSE_CALL_TIMEOUT_MS } from './limits.js';
import { parseServerName, serverAddress as addressOf } from './meta/server-name.js';

/** `host,port,startcode` → `host:port` (a malformed name is an InvalidArgument). */
export function serverAddress(serverName: string): string {
  return addressOf(parseServerName(serverName));
}

export class RpcRegionServerCalls implements RegionServerCalls {
  readonly #rpc = new RpcClient();

  async open(server: string, info: RegionInfo, table: TableDescriptor): Promise<number> {
    const stub = this.#rpc.stub(RegionServerService, serverAddress(server));
    const { openSeqNum } = await stub.openRegion(
      { region: info, table },
      { timeoutMs: REGION_OPEN_CALL_TIMEOUT_MS },
    );
    return openSeqNum;
  }

  async close(server: string, region: string): Promise<void> {
    const stub = this.#rpc.stub(RegionServerService, serverAddress(server));
    await stub.closeRegion({ region }, { timeoutMs: REGION_CLOSE_CALL_TIMEOUT_MS });
  }

  shutdown(): void {
    this.#rpc.close();
  }
}
