// The SDK's Admin (HBase's Admin: DDL, namespaces and status): calls the active master, found
// through the coordinator's election node, with the same retries as data calls (a backup master
// answers MasterNotActive, which is retried until the operation's deadline).
import {
  familyDescriptor,
  type FamilyDescriptor,
  type TableDescriptor,
} from '../common/operations.js';
import type { Durability } from '../common/operations.js';
import { MASTER_ELECTION_PATH } from '../common/znodes.js';
import { type CoordClient, currentLeader } from '../coord/client/index.js';
import {
  InvalidFamilyOperationError,
  MasterNotActiveError,
  NamespaceNotFoundError,
} from '../master/errors.js';
import { parseServerName, serverAddress } from '../master/meta/index.js';
import { type ClusterStatus, MasterService, type TableRegion } from '../master/protocol.js';
import { tableNameParts } from '../regionserver/region-info.js';
import type { RpcClient, Stub } from '../rpc/index.js';
import { bytesArg, type BytesLike } from './ops/checks.js';
import { type RetrySettings, withRetries } from './retry.js';

/** A table as CONTRACT.md writes it: families by name, the rest of each defaulted as HBase's. */
export interface TableSpec {
  readonly name: string;
  readonly families: readonly ({ readonly name: string } & Partial<
    Omit<FamilyDescriptor, 'name'>
  >)[];
  readonly splitKeys?: readonly BytesLike[];
  readonly durability?: Durability;
}

/** A family as CONTRACT.md writes it: its name, the rest defaulted as HBase's. */
export type FamilySpec = TableSpec['families'][number];

/** A table's new descriptor for modifyTable: a TableSpec without split keys, plus its tuning. */
export type ModifyTableSpec = Omit<TableSpec, 'splitKeys'> & {
  readonly memstoreFlushBytes?: number;
  readonly maxFileBytes?: number;
};

type MasterStub = Stub<(typeof MasterService)['methods']>;

export class Admin {
  readonly #settings: RetrySettings;
  readonly #coord: () => Promise<CoordClient>;
  readonly #rpc: RpcClient;
  readonly #rpcTimeoutMs: number;

  constructor(
    settings: RetrySettings,
    coord: () => Promise<CoordClient>,
    rpc: RpcClient,
    rpcTimeoutMs: number,
  ) {
    this.#settings = settings;
    this.#coord = coord;
    this.#rpc = rpc;
    this.#rpcTimeoutMs = rpcTimeoutMs;
  }

  /** Creates the table and returns once every region serves. */
  async createTable(spec: TableSpec): Promise<void> {
    const table: TableDescriptor = {
      name: spec.name,
      families: spec.families.map(({ name, ...rest }) => familyDescriptor(name, rest)),
      durability: spec.durability ?? 'USE_DEFAULT',
    };
    const splitKeys = (spec.splitKeys ?? []).map((k, i) => bytesArg(k, `splitKeys[${i}]`));
    await this.#call(`createTable ${spec.name}`, false, (stub, timeoutMs) =>
      stub.createTable({ table, splitKeys }, { timeoutMs }),
    );
  }

  async listTables(): Promise<TableDescriptor[]> {
    const { tables } = await this.#call('listTables', true, (stub, timeoutMs) =>
      stub.listTables({}, { timeoutMs }),
    );
    return [...tables];
  }

  async describeTable(name: string): Promise<TableDescriptor> {
    const { table } = await this.#call(`describeTable ${name}`, true, (stub, timeoutMs) =>
      stub.describeTable({ name }, { timeoutMs }),
    );
    return table;
  }

  /** Closes every region of the table; gets and puts then fail TableNotEnabled. */
  async disableTable(name: string): Promise<void> {
    await this.#call(`disableTable ${name}`, false, (stub, timeoutMs) =>
      stub.disableTable({ name }, { timeoutMs }),
    );
  }

  async enableTable(name: string): Promise<void> {
    await this.#call(`enableTable ${name}`, false, (stub, timeoutMs) =>
      stub.enableTable({ name }, { timeoutMs }),
    );
  }

  /** Deletes a disabled table and its data. */
  async deleteTable(name: string): Promise<void> {
    await this.#call(`deleteTable ${name}`, false, (stub, timeoutMs) =>
      stub.deleteTable({ name }, { timeoutMs }),
    );
  }

  /**
   * Splits the region of `table` holding `splitPoint` there, or every region of the table at its
   * middle row; resolves once the daughters serve.
   */
  async split(table: string, splitPoint?: BytesLike): Promise<void> {
    const splitRow = splitPoint === undefined ? null : bytesArg(splitPoint, 'splitPoint');
    await this.#call(`split ${table}`, false, (stub, timeoutMs) =>
      stub.splitRegion({ table, splitRow }, { timeoutMs }),
    );
  }

  /** Merges two adjacent regions (encoded names); the merged region's encoded name. */
  async mergeRegions(a: string, b: string): Promise<string> {
    const { region } = await this.#call(`merge ${a} ${b}`, false, (stub, timeoutMs) =>
      stub.mergeRegions({ regions: [a, b] }, { timeoutMs }),
    );
    return region;
  }

  /** Moves a region to `server` (`host,port,startcode`), or to a server the master picks. */
  async move(region: string, server?: string): Promise<void> {
    await this.#call(`move ${region}`, false, (stub, timeoutMs) =>
      stub.moveRegion({ region, server: server ?? null }, { timeoutMs }),
    );
  }

  /** Flushes every region of the table to store files. */
  async flush(table: string): Promise<void> {
    await this.#call(`flush ${table}`, true, (stub, timeoutMs) =>
      stub.flushTable({ name: table }, { timeoutMs }),
    );
  }

  /** Compacts every region of the table (minor), or rewrites each into one file (`major`). */
  async compact(table: string, major = false): Promise<void> {
    await this.#call(`compact ${table}`, true, (stub, timeoutMs) =>
      stub.compactTable({ name: table, major }, { timeoutMs }),
    );
  }

  majorCompact(table: string): Promise<void> {
    return this.compact(table, true);
  }

  /** The table's regions in row order, with their states and servers (HBase's getRegions). */
  async getRegions(table: string): Promise<TableRegion[]> {
    const { regions } = await this.#call(`getRegions ${table}`, true, (stub, timeoutMs) =>
      stub.getRegions({ name: table }, { timeoutMs }),
    );
    return [...regions];
  }

  /** Runs the balancer now; how many region moves it started. */
  async balance(): Promise<number> {
    const { moves } = await this.#call('balance', true, (stub, timeoutMs) =>
      stub.balance({}, { timeoutMs }),
    );
    return moves;
  }

  clusterStatus(): Promise<ClusterStatus> {
    return this.#call('clusterStatus', true, (stub, timeoutMs) =>
      stub.clusterStatus({}, { timeoutMs }),
    );
  }

  /**
   * Empties a disabled table (HBase's truncateTable): its regions are replaced by new, empty ones
   * cut at the same keys (`preserveSplits`, the default) or one region; resolves once they serve
   * and the table is enabled. TableNotDisabled while it is enabled.
   */
  async truncateTable(name: string, preserveSplits = true): Promise<void> {
    await this.#call(`truncateTable ${name}`, false, (stub, timeoutMs) =>
      stub.truncateTable({ name, preserveSplits }, { timeoutMs }),
    );
  }

  /**
   * Replaces the table's descriptor: families not listed are removed (their data with them),
   * new ones added, the others altered; an enabled table's regions reopen with it before this
   * resolves. Pass `describeTable`'s answer, changed, to keep what you do not mean to change.
   */
  async modifyTable(spec: ModifyTableSpec): Promise<void> {
    const table: TableDescriptor = {
      name: spec.name,
      families: spec.families.map(({ name, ...rest }) => familyDescriptor(name, rest)),
      durability: spec.durability ?? 'USE_DEFAULT',
      ...(spec.memstoreFlushBytes === undefined
        ? {}
        : { memstoreFlushBytes: spec.memstoreFlushBytes }),
      ...(spec.maxFileBytes === undefined ? {} : { maxFileBytes: spec.maxFileBytes }),
    };
    await this.#call(`modifyTable ${spec.name}`, true, (stub, timeoutMs) =>
      stub.modifyTable({ table }, { timeoutMs }),
    );
  }

  /** Adds a family (InvalidFamilyOperation if the table has one of that name). */
  async addColumnFamily(table: string, family: FamilySpec): Promise<void> {
    const current = await this.describeTable(table);
    if (current.families.some((f) => f.name === family.name)) {
      throw new InvalidFamilyOperationError(`table ${table} already has family ${family.name}`);
    }
    const { name, ...rest } = family;
    await this.modifyTable({
      ...current,
      families: [...current.families, familyDescriptor(name, rest)],
    });
  }

  /**
   * Removes a family and its data (InvalidFamilyOperation if the table has no such family, or
   * if it is the table's only one).
   */
  async deleteColumnFamily(table: string, family: string): Promise<void> {
    const current = await this.describeTable(table);
    requireFamily(current, family);
    if (current.families.length === 1) {
      throw new InvalidFamilyOperationError(
        `family ${family} is the only family of table ${table}; it cannot be removed`,
      );
    }
    await this.modifyTable({
      ...current,
      families: current.families.filter((f) => f.name !== family),
    });
  }

  /**
   * Alters a family (InvalidFamilyOperation if the table has no such family): the fields given
   * replace the family's; the others keep their current values.
   */
  async modifyColumnFamily(table: string, family: FamilySpec): Promise<void> {
    const current = await this.describeTable(table);
    requireFamily(current, family.name);
    await this.modifyTable({
      ...current,
      families: current.families.map((f) => (f.name === family.name ? { ...f, ...family } : f)),
    });
  }

  /** Creates a namespace (NamespaceExist if it exists); names are [A-Za-z0-9_]+. */
  async createNamespace(name: string): Promise<void> {
    await this.#call(`createNamespace ${name}`, false, (stub, timeoutMs) =>
      stub.createNamespace({ name }, { timeoutMs }),
    );
  }

  /** Deletes an empty namespace (NamespaceNotFound; Constraint while it holds tables). */
  async deleteNamespace(name: string): Promise<void> {
    await this.#call(`deleteNamespace ${name}`, false, (stub, timeoutMs) =>
      stub.deleteNamespace({ name }, { timeoutMs }),
    );
  }

  /** Every namespace, `default` and `colonnade` included, sorted. */
  async listNamespaces(): Promise<string[]> {
    const { namespaces } = await this.#call('listNamespaces', true, (stub, timeoutMs) =>
      stub.listNamespaces({}, { timeoutMs }),
    );
    return [...namespaces];
  }

  /** The names of the tables in a namespace, sorted (NamespaceNotFound if there is none). */
  async listTableNamesByNamespace(namespace: string): Promise<string[]> {
    const [namespaces, tables] = await Promise.all([this.listNamespaces(), this.listTables()]);
    if (!namespaces.includes(namespace)) {
      throw new NamespaceNotFoundError(`namespace ${namespace} does not exist`);
    }
    return tables
      .map((t) => t.name)
      .filter((name) => tableNameParts(name).namespace === namespace)
      .sort();
  }

  #call<T>(
    what: string,
    idempotent: boolean,
    call: (stub: MasterStub, timeoutMs: number) => Promise<T>,
  ): Promise<T> {
    return withRetries(this.#settings, what, idempotent, async () => {
      const leader = await currentLeader(await this.#coord(), MASTER_ELECTION_PATH);
      if (leader === undefined) throw new MasterNotActiveError('no master is running');
      const stub = this.#rpc.stub(MasterService, serverAddress(parseServerName(leader)));
      // DDL waits for regions to open: it gets the whole operation deadline, not one RPC's.
      return call(stub, Math.max(this.#rpcTimeoutMs, this.#settings.operationTimeoutMs));
    });
  }
}

/** InvalidFamilyOperation unless the table has the family. */
function requireFamily(table: TableDescriptor, family: string): void {
  if (!table.families.some((f) => f.name === family)) {
    throw new InvalidFamilyOperationError(`table ${table.name} has no family ${family}`);
  }
}
