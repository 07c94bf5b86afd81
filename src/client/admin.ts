// The SDK's Admin (HBase's Admin, DDL and status so far): calls the active master, found through
// the coordinator's election node, with the same retries as data calls (a backup master answers
// MasterNotActive, which is retried until the operation's deadline).
import {
  familyDescriptor,
  type FamilyDescriptor,
  type TableDescriptor,
} from '../common/operations.js';
import type { Durability } from '../common/operations.js';
import { MASTER_ELECTION_PATH } from '../common/znodes.js';
import { type CoordClient, currentLeader } from '../coord/client/index.js';
import { MasterNotActiveError } from '../master/errors.js';
import { parseServerName, serverAddress } from '../master/meta/index.js';
import { type ClusterStatus, MasterService } from '../master/protocol.js';
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

  clusterStatus(): Promise<ClusterStatus> {
    return this.#call('clusterStatus', true, (stub, timeoutMs) =>
      stub.clusterStatus({}, { timeoutMs }),
    );
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
