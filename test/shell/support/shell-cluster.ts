// The shell's golden tests run against a running standalone Colonnade (`Standalone`, what
// `colonnade start` runs: every role in this process, ports picked free, data in a temp dir),
// with sessions on it whose clock never moves (so every `Took` reads 0.0000) and timestamps
// printed in UTC.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type Connection } from '../../../src/client/index.js';
import { Standalone } from '../../../src/cluster/index.js';
import { ManualClock } from '../../../src/common/clock.js';
import {
  connectionBackend,
  type ExecuteResult,
  ShellSession,
  type ShellSessionOptions,
} from '../../../src/shell/index.js';

const FREE_PORTS = { coord: 0, namenode: 0, master: 0, http: 0, regionServer: 0 };

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
      const dir = mkdtempSync(join(tmpdir(), 'colonnade-shell-'));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      const standalone = await Standalone.start({ dataDir: dir, ports: FREE_PORTS });
      cleanups.push(() => standalone.stop());
      const connection = await connect({ coord: standalone.endpoints.coord });
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
