// NamenodeDatanodeService (HDFS DatanodeProtocol) as RPC handlers: registration, heartbeats whose
// answers carry the datanode's queued commands, block reports, bad replicas and the outcome of
// block recoveries. Reports from a datanode the namenode does not know fail UnregisteredDatanode.
import type { Handlers } from '../../rpc/index.js';
import { UnregisteredDatanodeError } from '../errors.js';
import { BLOCK_REPORT_BLOCKS_MAX } from '../limits.js';
import type { NamenodeDatanodeService } from '../protocol.js';
import {
  checkBadReplicas,
  checkBlock,
  checkBlockIds,
  checkBoolean,
  checkCount,
  checkDatanode,
  checkDatanodes,
  checkName,
  checkReplicas,
  checkUsage,
} from './check.js';
import { commitBlockSynchronization } from './lease-recovery.js';
import type { Namesystem } from './namesystem.js';
import { reportBadBlocks } from './namespace-ops.js';

type Empty = Record<string, never>;
const EMPTY: Empty = {};

function registered(ns: Namesystem, datanodeId: unknown): string {
  const id = checkName(datanodeId, 'datanodeId');
  if (!ns.datanodes.isRegistered(id)) {
    throw new UnregisteredDatanodeError(`datanode ${id} is not registered; register first`);
  }
  return id;
}

export function datanodeHandlers(ns: Namesystem): Handlers<typeof NamenodeDatanodeService.methods> {
  return {
    register: (r) => {
      const info = checkDatanode(r, 'datanode');
      const usage = checkUsage(r.usage);
      for (const replaced of ns.datanodes.register(info, usage)) {
        ns.blocks.removeDatanode(replaced);
      }
      ns.logger.info({ datanodeId: info.datanodeId, address: info.address }, 'datanode registered');
      return EMPTY;
    },
    heartbeat: (r) => {
      const id = checkName(r.datanodeId, 'datanodeId');
      if (!ns.datanodes.heartbeat(id, checkUsage(r.usage))) {
        return { commands: [{ kind: 'register' }] };
      }
      return { commands: ns.datanodes.drain(id, !ns.safeMode.on) };
    },
    blockReport: (r) => {
      const id = registered(ns, r.datanodeId);
      ns.blocks.processReport(id, checkReplicas(r.replicas, 'replicas', BLOCK_REPORT_BLOCKS_MAX));
      ns.updateSafeMode();
      return EMPTY;
    },
    incrementalBlockReport: (r) => {
      const id = registered(ns, r.datanodeId);
      const received = checkReplicas(r.received, 'received', BLOCK_REPORT_BLOCKS_MAX);
      const deleted = checkBlockIds(r.deleted, 'deleted', BLOCK_REPORT_BLOCKS_MAX);
      for (const replica of received) ns.blocks.processReplica(id, replica);
      for (const blockId of deleted) ns.blocks.processDeleted(id, blockId);
      ns.updateSafeMode();
      return EMPTY;
    },
    reportBadBlocks: (r) => {
      reportBadBlocks(ns, checkBadReplicas(r.replicas, BLOCK_REPORT_BLOCKS_MAX));
      return EMPTY;
    },
    commitBlockSynchronization: async (r) => {
      await commitBlockSynchronization(ns, {
        block: checkBlock(r.block, 'block'),
        newGenStamp: checkCount(r.newGenStamp, 'newGenStamp'),
        newLength: checkCount(r.newLength, 'newLength'),
        newTargets: checkDatanodes(r.newTargets, 'newTargets'),
        closeFile: checkBoolean(r.closeFile, 'closeFile'),
      });
      return EMPTY;
    },
  };
}
