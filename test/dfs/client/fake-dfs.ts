// A FAKE block filesystem in memory for the client's stream unit tests — NOT the real servers: a
// namenode stub with just enough behaviour (files, blocks, stamps, pipeline updates, bad-replica
// reports) over FakeDatanodes, and a client context wired to them.
import type { Clock } from '../../../src/common/clock.js';
import { silentLogger } from '../../../src/common/log.js';
import type { SeededRng } from '../../../src/common/rng.js';
import type { ClientContext, NamenodeStub } from '../../../src/dfs/client/context.js';
import { LeaseRenewer } from '../../../src/dfs/client/lease-renewer.js';
import { FencedError, FileNotFoundError } from '../../../src/dfs/errors.js';
import type { BadReplica } from '../../../src/dfs/protocol.js';
import type { Block, DatanodeInfo, LocatedBlock } from '../../../src/dfs/types.js';
import { ConnectionClosedError } from '../../../src/rpc/index.js';
import { FakeDatanode, type FakeNetwork } from './fake-datanode.js';

interface FileBlockEntry {
  block: Block;
  locations: DatanodeInfo[];
  complete: boolean;
}

interface FakeFile {
  blocks: FileBlockEntry[];
  holder: string | null;
  replication: number;
  blockBytes: number;
}

const unimplemented = (name: string) => (): never => {
  throw new Error(`the fake namenode does not implement ${name}`);
};

export class FakeDfs implements FakeNetwork {
  readonly datanodes: FakeDatanode[];
  readonly files = new Map<string, FakeFile>();
  readonly badReports: BadReplica[] = [];
  readonly pipelineUpdates: { oldBlock: Block; newBlock: Block; nodes: string[] }[] = [];
  copies = 0;
  #nextBlockId = 1_073_741_825;
  #nextGenStamp = 1_001;
  readonly #rng: SeededRng;

  constructor(datanodes: number, rng: SeededRng) {
    this.#rng = rng;
    this.datanodes = Array.from({ length: datanodes }, (_, i) => new FakeDatanode(this, i));
  }

  datanode(address: string): FakeDatanode {
    const node = this.datanodes.find((d) => d.info.address === address);
    if (node === undefined) throw new ConnectionClosedError(`no datanode at ${address}`);
    return node;
  }

  context(clock: Clock, clientName = 'DFSClient_fake'): ClientContext {
    const renewer = new LeaseRenewer(clock, async () => undefined, silentLogger);
    return {
      clientName,
      clock,
      rng: this.#rng,
      logger: silentLogger,
      namenode: this.namenode,
      datanode: (address) => this.datanode(address).stub,
      localDatanode: undefined,
      shortCircuit: false,
      renewer,
      localReads: undefined,
    };
  }

  #file(path: string): FakeFile {
    const file = this.files.get(path);
    if (file === undefined) throw new FileNotFoundError(path);
    return file;
  }

  #entry(blockId: number): FileBlockEntry {
    for (const file of this.files.values()) {
      const entry = file.blocks.find((b) => b.block.blockId === blockId);
      if (entry !== undefined) return entry;
    }
    throw new Error(`no block ${blockId}`);
  }

  #located(entry: FileBlockEntry, offset: number): LocatedBlock {
    return { block: entry.block, offset, locations: entry.locations, corrupt: false };
  }

  readonly namenode: NamenodeStub = {
    mkdirs: unimplemented('mkdirs'),
    getFileInfo: unimplemented('getFileInfo'),
    listing: unimplemented('listing'),
    create: async (request) => {
      this.files.set(request.path, {
        blocks: [],
        holder: request.clientName,
        replication: request.replication,
        blockBytes: request.blockBytes,
      });
      return { status: this.#status(request.path) };
    },
    append: async (request) => {
      const file = this.#file(request.path);
      file.holder = request.clientName;
      const last = file.blocks[file.blocks.length - 1];
      if (last === undefined || last.block.numBytes === file.blockBytes) {
        return { status: this.#status(request.path), lastBlock: null };
      }
      last.block = { ...last.block, genStamp: this.#nextGenStamp++ };
      last.complete = false;
      const offset = file.blocks.slice(0, -1).reduce((n, b) => n + b.block.numBytes, 0);
      return { status: this.#status(request.path), lastBlock: this.#located(last, offset) };
    },
    addBlock: async (request) => {
      const file = this.#file(request.path);
      const last = file.blocks[file.blocks.length - 1];
      if (last !== undefined && request.previous !== null) {
        last.block = request.previous;
        last.complete = true;
      }
      const excluded = new Set(request.excluded.map((d) => d.datanodeId));
      const candidates = this.datanodes.filter((d) => d.alive && !excluded.has(d.info.datanodeId));
      const chosen: DatanodeInfo[] = [];
      while (chosen.length < file.replication && candidates.length > 0) {
        chosen.push(
          candidates.splice(this.#rng.nextInt(candidates.length), 1)[0]?.info as DatanodeInfo,
        );
      }
      const entry = {
        block: { blockId: this.#nextBlockId++, genStamp: this.#nextGenStamp++, numBytes: 0 },
        locations: chosen,
        complete: false,
      };
      file.blocks.push(entry);
      const offset = file.blocks.slice(0, -1).reduce((n, b) => n + b.block.numBytes, 0);
      return { block: this.#located(entry, offset) };
    },
    abandonBlock: async (request) => {
      const file = this.#file(request.path);
      file.blocks = file.blocks.filter((b) => b.block.blockId !== request.block.blockId);
      return {};
    },
    complete: async (request) => {
      const file = this.#file(request.path);
      if (file.holder !== request.clientName) throw new FencedError('not the holder');
      const last = file.blocks[file.blocks.length - 1];
      if (last !== undefined && request.last !== null) last.block = request.last;
      for (const entry of file.blocks) entry.complete = true;
      file.holder = null;
      return { completed: true };
    },
    getBlockLocations: async (request) => {
      const file = this.#file(request.path);
      let offset = 0;
      const blocks = file.blocks.map((entry) => {
        const located = this.#located(entry, offset);
        offset += entry.block.numBytes;
        return located;
      });
      const last = blocks[blocks.length - 1] ?? null;
      const lastEntry = file.blocks[file.blocks.length - 1];
      const underConstruction = file.holder !== null;
      const complete = file.blocks.filter((b) => b.complete);
      return {
        fileLength: complete.reduce((n, b) => n + b.block.numBytes, 0),
        blocks,
        underConstruction,
        lastBlock: underConstruction ? last : null,
        lastBlockComplete: lastEntry?.complete ?? true,
      };
    },
    delete: unimplemented('delete'),
    rename: unimplemented('rename'),
    renewLease: async () => ({}),
    recoverLease: unimplemented('recoverLease'),
    isFileClosed: async (request) => ({ closed: this.#file(request.path).holder === null }),
    updateBlockForPipeline: async (request) => ({
      block: { ...request.block, genStamp: this.#nextGenStamp++ },
    }),
    getAdditionalDatanode: async (request) => {
      const taken = new Set([...request.existing, ...request.excluded].map((d) => d.datanodeId));
      const free = this.datanodes.filter((d) => d.alive && !taken.has(d.info.datanodeId));
      return { datanode: free[0]?.info ?? null };
    },
    updatePipeline: async (request) => {
      const entry = this.#entry(request.oldBlock.blockId);
      if (entry.block.genStamp !== request.oldBlock.genStamp) {
        throw new FencedError(`stamp ${request.oldBlock.genStamp}; now ${entry.block.genStamp}`);
      }
      entry.block = request.newBlock;
      entry.locations = [...request.newNodes];
      this.pipelineUpdates.push({
        oldBlock: request.oldBlock,
        newBlock: request.newBlock,
        nodes: request.newNodes.map((n) => n.datanodeId),
      });
      return {};
    },
    reportBadBlocks: async (request) => {
      this.badReports.push(...request.replicas);
      return {};
    },
    fsck: unimplemented('fsck'),
    datanodeReport: unimplemented('datanodeReport'),
  };

  #status(path: string) {
    const file = this.#file(path);
    return {
      path,
      type: 'file' as const,
      length: file.blocks.filter((b) => b.complete).reduce((n, b) => n + b.block.numBytes, 0),
      replication: file.replication,
      blockBytes: file.blockBytes,
      modificationTimeMs: 0,
      underConstruction: file.holder !== null,
      children: 0,
    };
  }
}
