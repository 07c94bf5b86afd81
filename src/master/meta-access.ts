// The master's reads and writes of the `meta` region, over the RPC of whichever region server
// serves it (the location the master itself publishes). Each write is one Put of a whole row, so
// a reader never sees half a row.
import type { Cell } from '../common/cell.js';
import type { TableDescriptor } from '../common/operations.js';
import type { RegionInfo } from '../regionserver/region-info.js';
import { RegionServerService } from '../regionserver/service/protocol.js';
import type { RpcClient } from '../rpc/index.js';
import { MetaNotOnlineError } from './errors.js';
import { META_CALL_TIMEOUT_MS, META_SCAN_ROWS_PER_CALL } from './limits.js';
import {
  META_REGION_INFO,
  type MetaRegionEntry,
  type MetaTableEntry,
  parseMetaRow,
  regionRowDelete,
  regionRowPut,
  tableRowDelete,
  serverAddress,
  parseServerName,
  tableRowPut,
} from './meta/index.js';

export interface MetaContents {
  readonly tables: MetaTableEntry[];
  readonly regions: MetaRegionEntry[];
}

export class MetaAccess {
  readonly #rpc: RpcClient;
  /** The server name of the region server that serves meta now. */
  readonly #location: () => string | undefined;

  constructor(rpc: RpcClient, location: () => string | undefined) {
    this.#rpc = rpc;
    this.#location = location;
  }

  writeRegion(entry: MetaRegionEntry): Promise<void> {
    return this.#put(regionRowPut(entry));
  }

  writeTable(entry: MetaTableEntry): Promise<void> {
    return this.#put(tableRowPut(entry));
  }

  /** A new table's row (ENABLING) and its regions' rows (OFFLINE, nowhere), in one call. */
  async writeNewTable(table: TableDescriptor, regions: readonly RegionInfo[]): Promise<void> {
    const puts = [
      tableRowPut({ table: table.name, state: 'ENABLING', descriptor: table }),
      ...regions.map((info) => regionRowPut(newEntry(info))),
    ];
    await this.#stub().mutate(
      { region: META_REGION_INFO.encodedName, mutations: puts },
      { timeoutMs: META_CALL_TIMEOUT_MS },
    );
  }

  /**
   * A split, in one write to the meta region (one WAL entry: all or nothing): the parent offline
   * with its daughters, each daughter OFFLINE, to be assigned.
   */
  async writeSplit(parent: RegionInfo, a: RegionInfo, b: RegionInfo): Promise<void> {
    const puts = [
      regionRowPut({ ...newEntry(parent), state: 'CLOSED', offline: true, daughters: { a, b } }),
      regionRowPut(newEntry(a)),
      regionRowPut(newEntry(b)),
    ];
    await this.#mutate(puts);
  }

  /** A merge, in one write: both parents' rows gone, the merged region's row OFFLINE. */
  async writeMerge(parents: readonly RegionInfo[], merged: RegionInfo): Promise<void> {
    await this.#mutate([...parents.map((p) => regionRowDelete(p)), regionRowPut(newEntry(merged))]);
  }

  /** Deletes one region's row (a split parent whose daughters serve). */
  async deleteRegion(info: RegionInfo): Promise<void> {
    await this.#mutate([regionRowDelete(info)]);
  }

  /** Deletes a table's row and its regions' rows, in one call. */
  async deleteTable(table: string, regions: readonly RegionInfo[]): Promise<void> {
    const deletes = [...regions.map((info) => regionRowDelete(info)), tableRowDelete(table)];
    await this.#stub().mutate(
      { region: META_REGION_INFO.encodedName, mutations: deletes },
      { timeoutMs: META_CALL_TIMEOUT_MS },
    );
  }

  /** Every row of meta, parsed. */
  async readAll(): Promise<MetaContents> {
    const stub = this.#stub();
    const name = META_REGION_INFO.encodedName;
    const tables: MetaTableEntry[] = [];
    const regions: MetaRegionEntry[] = [];
    const take = (rows: readonly (readonly Cell[])[]): void => {
      for (const cells of rows) {
        const row = parseMetaRow(cells);
        if (row.kind === 'table') tables.push(row.entry);
        else regions.push(row.entry);
      }
    };
    const options = { timeoutMs: META_CALL_TIMEOUT_MS };
    let batch = await stub.openScanner(
      { region: name, scan: {}, rows: META_SCAN_ROWS_PER_CALL },
      options,
    );
    take(batch.rows.map((row) => row.list));
    while (batch.more) {
      batch = await stub.next(
        { scannerId: batch.scannerId, rows: META_SCAN_ROWS_PER_CALL },
        options,
      );
      take(batch.rows.map((row) => row.list));
    }
    return { tables, regions };
  }

  async #put(put: ReturnType<typeof regionRowPut>): Promise<void> {
    await this.#mutate([put]);
  }

  async #mutate(mutations: readonly unknown[]): Promise<void> {
    await this.#stub().mutate(
      { region: META_REGION_INFO.encodedName, mutations },
      { timeoutMs: META_CALL_TIMEOUT_MS },
    );
  }

  #stub() {
    const server = this.#location();
    if (server === undefined) throw new MetaNotOnlineError('meta is not open on any server yet');
    return this.#rpc.stub(RegionServerService, serverAddress(parseServerName(server)));
  }
}

/** A region's row as it is first written: OFFLINE, on no server. */
function newEntry(info: RegionInfo): MetaRegionEntry {
  return {
    info,
    state: 'OFFLINE',
    server: undefined,
    openSeqNum: 0,
    offline: false,
    daughters: undefined,
  };
}
