// A real in-process cluster for the shell's golden tests — coordinator, filesystem, one region
// server and the master, as test/client/end-to-end.test.ts starts them — and sessions on it with
// a clock that never moves (so every `Took` reads 0.0000) and timestamps printed in UTC.
import { connect, type Connection } from '../../../src/client/index.js';
import { ManualClock } from '../../../src/common/clock.js';
import { Master } from '../../../src/master/master.js';
import { RegionServer } from '../../../src/regionserver/service/region-server.js';
import {
  connectionBackend,
  type ExecuteResult,
  ShellSession,
  type ShellSessionOptions,
} from '../../../src/shell/index.js';
import { InProcessEnsemble } from '../../support/coord-ensemble.js';
import { DfsMiniCluster } from '../../support/dfs-mini-cluster.js';

export interface Run {
  readonly text: string;
  readonly result: ExecuteResult;
  /** The chunks as `out` received them. */
  readonly chunks: readonly string[];
}

export class ShellCluster {
  readonly connection: Connection;
  readonly #cleanups: (() => Promise<unknown>)[];

  private constructor(connection: Connection, cleanups: (() => Promise<unknown>)[]) {
    this.connection = connection;
    this.#cleanups = cleanups;
  }

  static async start(): Promise<ShellCluster> {
    const cleanups: (() => Promise<unknown>)[] = [];
    try {
      const ensemble = await InProcessEnsemble.start(1);
      cleanups.push(() => ensemble.stop());
      const dfs = await DfsMiniCluster.start(1);
      cleanups.push(() => dfs.shutdown());
      const server = await RegionServer.start({
        namenode: dfs.namenodeAddress,
        port: 0,
        replication: 1,
        coord: ensemble.connectString,
      });
      cleanups.push(() => server.stop());
      const master = await Master.start({
        coord: ensemble.connectString,
        namenode: dfs.namenodeAddress,
        port: 0,
      });
      cleanups.push(() => master.stop());
      const connection = await connect({ coord: ensemble.connectString });
      cleanups.push(() => connection.close());
      return new ShellCluster(connection, cleanups);
    } catch (error) {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      throw error;
    }
  }

  /** A session with a still clock, UTC timestamps and HBase's 104-column layout. */
  session(options: Partial<ShellSessionOptions> = {}): ShellSession {
    return new ShellSession({
      backend: connectionBackend(this.connection),
      clock: new ManualClock(),
      timeZone: 'UTC',
      version: '0.1.0',
      user: 'tester',
      ...options,
    });
  }

  async stop(): Promise<void> {
    for (const cleanup of this.#cleanups.splice(0).reverse())
      await cleanup().catch(() => undefined);
  }
}

/** Runs `input` in `session`, collecting what it printed. */
export async function run(
  session: ShellSession,
  input: string,
  signal?: AbortSignal,
): Promise<Run> {
  const chunks: string[] = [];
  const result = await session.execute(input, (chunk) => chunks.push(chunk), signal);
  return { text: chunks.join(''), result, chunks };
}

/** Lines as a golden text: `lines('a', 'b')` is "a\nb\n". */
export function lines(...text: string[]): string {
  return text.map((line) => `${line}\n`).join('');
}
