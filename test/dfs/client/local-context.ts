// A client context for a mini cluster whose local read workers the test holds (or has none), so a
// test can open DfsInputStreams directly and watch the workers' slots and pending reads.
import { systemClock } from '../../../src/common/clock.js';
import { silentLogger } from '../../../src/common/log.js';
import { SeededRng } from '../../../src/common/rng.js';
import {
  datanodeStubs,
  namenodeStub,
  type ClientContext,
} from '../../../src/dfs/client/context.js';
import { LeaseRenewer } from '../../../src/dfs/client/lease-renewer.js';
import { LocalReadWorkers } from '../../../src/dfs/client/local-read-workers.js';
import { RpcClient } from '../../../src/rpc/index.js';

export interface LocalContext {
  readonly ctx: ClientContext;
  readonly workers: LocalReadWorkers | undefined;
  close(): Promise<void>;
}

/** A context on `namenode` reading local replicas directly, in its own workers unless `noWorkers`. */
export function localContext(
  namenode: string,
  options: { readonly shortCircuit?: boolean; readonly noWorkers?: boolean } = {},
): LocalContext {
  const rng = new SeededRng(1);
  const rpc = new RpcClient({ clock: systemClock, rng });
  const renewer = new LeaseRenewer(systemClock, async () => undefined, silentLogger);
  const workers = options.noWorkers === true ? undefined : new LocalReadWorkers(silentLogger);
  const ctx: ClientContext = {
    clientName: 'DFSClient_local_context',
    clock: systemClock,
    rng,
    logger: silentLogger,
    namenode: namenodeStub(rpc, namenode),
    datanode: datanodeStubs(rpc),
    localDatanode: undefined,
    shortCircuit: options.shortCircuit ?? true,
    renewer,
    localReads: workers,
  };
  return {
    ctx,
    workers,
    close: async () => {
      renewer.stop();
      rpc.close();
      await workers?.close();
    },
  };
}
