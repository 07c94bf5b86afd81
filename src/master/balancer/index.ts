// The balancer and the load tracker, and the one call that starts both for an active master (its
// chores, in HBase's words); stopping them is the master's, when it stops or stops being active.
import { RegionServerService } from '../../regionserver/service/protocol.js';
import type { RpcClient } from '../../rpc/index.js';
import { serverAddress } from '../region-server-calls.js';
import { Balancer, type BalancerDeps } from './balancer.js';
import { LOAD_STATUS_CALL_TIMEOUT_MS } from './limits.js';
import { LoadTracker } from './load-tracker.js';

export * from './limits.js';
export {
  needsBalance,
  planMoves,
  targetCounts,
  type RegionMove,
  type ServerRegions,
} from './plan.js';
export { balancerInput, type BalancerInput, type BalancerInputSource } from './balancer-input.js';
export {
  Balancer,
  type AssignmentView,
  type BalancerDeps,
  type BalancerOptions,
} from './balancer.js';
export {
  LoadTracker,
  requestsPerSecond,
  sampleOf,
  type LoadSample,
  type LoadTrackerDeps,
  type LoadTrackerOptions,
} from './load-tracker.js';

/** An active master's balancer and load tracker, started together. */
export interface BalancerChores {
  readonly balancer: Balancer;
  readonly loads: LoadTracker;
  stop(): void;
}

/**
 * Starts the periodic balancer and the load tracker for the active master: `deps` is its context
 * (catalog, clock, logger, requireActive) with RegionOps.move and RegionProcedures.busy, `rpc` its
 * client for status calls.
 */
export function startBalancerChores(
  deps: BalancerDeps & { readonly rpc: RpcClient },
): BalancerChores {
  const balancer = new Balancer(deps);
  const loads = new LoadTracker({
    clock: deps.clock,
    logger: deps.logger,
    liveServers: () => {
      try {
        return deps.requireActive().driver.machine.liveServers;
      } catch {
        return [];
      }
    },
    fetchStatus: (server) =>
      deps.rpc
        .stub(RegionServerService, serverAddress(server))
        .status({}, { timeoutMs: LOAD_STATUS_CALL_TIMEOUT_MS }),
  });
  balancer.start();
  loads.start();
  return {
    balancer,
    loads,
    stop: () => {
      balancer.stop();
      loads.stop();
    },
  };
}
