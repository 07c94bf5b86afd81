// NamenodeService (HDFS ClientProtocol) as RPC handlers: each checks its request's shape, then
// calls the namesystem. Typed errors cross the wire by code.
import type { Handlers } from '../../rpc/index.js';
import { BLOCK_REPORT_BLOCKS_MAX } from '../limits.js';
import type { NamenodeService } from '../protocol.js';
import {
  checkBadReplicas,
  checkBlock,
  checkBlockOrNull,
  checkBoolean,
  checkCount,
  checkDatanodes,
  checkName,
  checkString,
} from './check.js';
import {
  abandonBlock,
  addBlock,
  append,
  complete,
  create,
  getAdditionalDatanode,
  updateBlockForPipeline,
  updatePipeline,
} from './file-writes.js';
import { getBlockLocations, getFileInfo, listing } from './file-reads.js';
import { datanodeReport, fsck } from './fsck.js';
import type { Namesystem } from './namesystem.js';
import {
  deletePath,
  isFileClosed,
  mkdirs,
  recoverLease,
  rename,
  renewLease,
  reportBadBlocks,
} from './namespace-ops.js';

type Empty = Record<string, never>;
const EMPTY: Empty = {};

export function clientHandlers(ns: Namesystem): Handlers<typeof NamenodeService.methods> {
  return {
    mkdirs: async (r) => {
      await mkdirs(ns, r.path);
      return EMPTY;
    },
    getFileInfo: (r) => ({ status: getFileInfo(ns, r.path) }),
    listing: (r) =>
      listing(
        ns,
        r.path,
        r.startAfter === undefined ? '' : checkString(r.startAfter, 'startAfter'),
      ),
    create: async (r) => ({
      status: await create(ns, {
        path: r.path,
        clientName: checkName(r.clientName, 'clientName'),
        overwrite: checkBoolean(r.overwrite, 'overwrite'),
        createParent: checkBoolean(r.createParent, 'createParent'),
        replication: checkCount(r.replication, 'replication'),
        blockBytes: checkCount(r.blockBytes, 'blockBytes'),
      }),
    }),
    append: (r) => append(ns, r.path, checkName(r.clientName, 'clientName')),
    addBlock: async (r) => ({
      block: await addBlock(ns, {
        path: r.path,
        clientName: checkName(r.clientName, 'clientName'),
        previous: checkBlockOrNull(r.previous, 'previous'),
        excluded: checkDatanodes(r.excluded, 'excluded'),
        favored: checkDatanodes(r.favored, 'favored'),
      }),
    }),
    abandonBlock: async (r) => {
      const block = checkBlock(r.block, 'block');
      await abandonBlock(ns, r.path, checkName(r.clientName, 'clientName'), block);
      return EMPTY;
    },
    complete: async (r) => ({
      completed: await complete(ns, {
        path: r.path,
        clientName: checkName(r.clientName, 'clientName'),
        last: checkBlockOrNull(r.last, 'last'),
      }),
    }),
    getBlockLocations: (r) => getBlockLocations(ns, r.path, r.offset, r.length),
    delete: async (r) => ({
      deleted: await deletePath(ns, r.path, checkBoolean(r.recursive, 'recursive')),
    }),
    rename: async (r) => {
      await rename(ns, r.src, r.dst);
      return EMPTY;
    },
    renewLease: (r) => {
      renewLease(ns, checkName(r.clientName, 'clientName'));
      return EMPTY;
    },
    recoverLease: async (r) => ({ closed: await recoverLease(ns, r.path) }),
    isFileClosed: (r) => ({ closed: isFileClosed(ns, r.path) }),
    updateBlockForPipeline: async (r) => ({
      block: await updateBlockForPipeline(
        ns,
        checkBlock(r.block, 'block'),
        checkName(r.clientName, 'clientName'),
      ),
    }),
    getAdditionalDatanode: (r) => ({
      datanode: getAdditionalDatanode(
        ns,
        r.path,
        checkName(r.clientName, 'clientName'),
        checkDatanodes(r.existing, 'existing'),
        checkDatanodes(r.excluded, 'excluded'),
      ),
    }),
    updatePipeline: async (r) => {
      await updatePipeline(ns, {
        clientName: checkName(r.clientName, 'clientName'),
        oldBlock: checkBlock(r.oldBlock, 'oldBlock'),
        newBlock: checkBlock(r.newBlock, 'newBlock'),
        newNodes: checkDatanodes(r.newNodes, 'newNodes'),
      });
      return EMPTY;
    },
    reportBadBlocks: (r) => {
      reportBadBlocks(ns, checkBadReplicas(r.replicas, BLOCK_REPORT_BLOCKS_MAX));
      return EMPTY;
    },
    fsck: (r) => fsck(ns, r.path),
    datanodeReport: () => ({ datanodes: datanodeReport(ns), safeMode: ns.safeMode.on }),
  };
}
