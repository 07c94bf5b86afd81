// The block filesystem for the benchmark: `colonnade namenode` and `colonnade datanode` daemons,
// one process each, on loopback ports the system picks, data in one temporary directory on the
// disk the raw anchor writes to; stopped by pid.
import { mkdtempSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childGroup, startChild } from '../child.js';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bin', 'colonnade');

export interface DfsCluster {
  readonly namenode: string;
  readonly datanodes: readonly string[];
  readonly dir: string;
  stop(): Promise<void>;
}

export async function startDfsCluster(parentDir: string, datanodes: number): Promise<DfsCluster> {
  const dir = mkdtempSync(join(parentDir, 'colonnade-bench-dfs-'));
  const { children, stop } = childGroup(dir);
  try {
    const nn = await startChild(BIN, ['namenode', '--data', join(dir, 'nn'), '--port', '0']);
    children.push(nn.process);
    const namenode = `${nn.host}:${nn.port}`;
    const started = await Promise.all(
      Array.from({ length: datanodes }, (_, i) =>
        startChild(BIN, [
          'datanode',
          '--namenode',
          namenode,
          '--data',
          join(dir, `dn${i + 1}`),
          '--port',
          '0',
        ]),
      ),
    );
    children.push(...started.map((d) => d.process));
    return { namenode, datanodes: started.map((d) => `${d.host}:${d.port}`), dir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
