// The rewrite worker's thread (started by worker-rewriter.ts): a filesystem client of its own and
// an InlineRewriter over it. It opens the input files by path (the server holds them open, so
// they are not deleted meanwhile), writes .tmp files, and answers each request once.
import { parentPort, workerData } from 'node:worker_threads';
import { SeededRng, silentLogger } from '../../common/index.js';
import { toWire } from '../../common/errors.js';
import { DfsClient } from '../../dfs/client/index.js';
import { RegionFs } from '../region-fs.js';
import type { StoreFileHandle } from '../store-file-handle.js';
import { openHandle } from '../store-file-writing.js';
import { BlockCache } from '../storefile/index.js';
import {
  type RewriteAnswer,
  type RewriteRequest,
  type RewriteWorkerConfig,
  reviveSplitJob,
} from './rewrite-messages.js';
import { InlineRewriter } from './rewriter.js';

const port = parentPort;
if (port === null) throw new Error('rewrite-worker.js runs only as a worker thread');
const config = workerData as RewriteWorkerConfig;
const dfs = new DfsClient({ namenode: config.namenode, logger: silentLogger });
const fs = new RegionFs({
  client: dfs,
  rootDir: config.rootDir,
  ...(config.replication === undefined ? {} : { replication: config.replication }),
});
const cache = new BlockCache(config.cacheBytes);
const rewriter = new InlineRewriter(fs, cache, new SeededRng(config.seed));

async function answer(request: RewriteRequest): Promise<RewriteAnswer> {
  switch (request.kind) {
    case 'compact': {
      const inputs: StoreFileHandle[] = [];
      try {
        for (const file of request.inputs)
          inputs.push(await openHandle(fs, cache, file.path, file.name));
        return { id: request.id, compacted: await rewriter.compact(request.job, inputs) };
      } finally {
        for (const input of inputs) await input.reader.close().catch(() => undefined);
      }
    }
    case 'split':
      return {
        id: request.id,
        halves: await rewriter.split(reviveSplitJob(request.job), request.parent),
      };
    case 'close':
      await dfs.close();
      return { id: request.id, closed: true };
  }
}

port.on('message', (request: RewriteRequest) => {
  answer(request).then(
    (reply) => port.postMessage(reply),
    (error: unknown) =>
      port.postMessage({ id: request.id, error: toWire(error) } satisfies RewriteAnswer),
  );
});
