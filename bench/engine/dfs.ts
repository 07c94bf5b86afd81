// The block filesystem for the engine benchmark, in the bench's own process: a NamenodeServer and
// `datanodes` DatanodeServers on loopback ports the system picks, data in one temporary directory;
// stop() closes the servers and removes the directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DfsClient } from '../../src/dfs/client/index.js';
import { DatanodeServer } from '../../src/dfs/datanode/index.js';
import { NamenodeServer } from '../../src/dfs/namenode/index.js';

const READY_TIMEOUT_MS = 15_000;
const READY_POLL_MS = 50;
/**
 * The datanode's block scanner verifies replicas in the background; in this process it would take
 * CPU from whichever engine is being measured, so it waits longer than any run.
 */
const SCAN_INTERVAL_MS = 24 * 60 * 60 * 1000;

export interface InProcessDfs {
  /** HOST:PORT of the namenode. */
  readonly namenode: string;
  readonly dir: string;
  stop(): Promise<void>;
}

/** Waits (bounded) until the namenode counts `count` live datanodes and has left safe mode. */
async function waitForDatanodes(namenode: string, count: number): Promise<void> {
  const probe = new DfsClient({ namenode });
  try {
    const deadline = performance.now() + READY_TIMEOUT_MS;
    while (performance.now() < deadline) {
      const report = await probe.datanodeReport();
      const live = report.datanodes.filter((d) => d.state === 'live').length;
      if (!report.safeMode && live >= count) return;
      await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
    }
    throw new Error(`fewer than ${count} live datanodes after ${READY_TIMEOUT_MS} ms`);
  } finally {
    await probe.close();
  }
}

export async function startInProcessDfs(
  parentDir: string,
  datanodes: number,
): Promise<InProcessDfs> {
  const dir = mkdtempSync(join(parentDir, 'colonnade-bench-engine-dfs-'));
  const servers: { stop(): Promise<void> }[] = [];
  const stop = async (): Promise<void> => {
    for (const server of servers.splice(0).reverse()) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // No safe-mode extension: a new, empty namespace has nothing to wait for.
    const nn = new NamenodeServer({
      dataDir: join(dir, 'nn'),
      port: 0,
      tuning: { safeModeExtensionMs: 0 },
    });
    const address = await nn.start();
    servers.push(nn);
    const namenode = `${address.host}:${address.port}`;
    for (let i = 0; i < datanodes; i++) {
      const dn = new DatanodeServer({
        dataDir: join(dir, `dn${i + 1}`),
        namenode,
        port: 0,
        tuning: { scanIntervalMs: SCAN_INTERVAL_MS },
      });
      await dn.start();
      servers.push(dn);
    }
    await waitForDatanodes(namenode, datanodes);
    return { namenode, dir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
