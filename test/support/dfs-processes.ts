// The block filesystem as real processes: one `colonnade namenode` and N `colonnade datanode`
// daemons on loopback with their data in a temporary directory, for tests that SIGKILL them.
// Every process is stopped by its pid when the test ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(root, 'bin', 'colonnade');
const READY_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 5_000;

export interface DfsTimings {
  readonly heartbeatMs: number;
  readonly deadMs: number;
  readonly scanIntervalMs: number;
}

export const FAST_TIMINGS: DfsTimings = { heartbeatMs: 100, deadMs: 1_500, scanIntervalMs: 200 };

export interface DaemonProcess {
  readonly dataDir: string;
  process: ChildProcess | undefined;
  /** `HOST:PORT` once it has served. */
  address: string;
}

/** How much of a failed daemon's standard error its start error quotes. */
const STDERR_TAIL_CHARS = 2_000;

async function startDaemon(args: readonly string[], daemon: DaemonProcess): Promise<void> {
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, COLONNADE_LOG_LEVEL: process.env['COLONNADE_LOG_LEVEL'] ?? 'warn' },
  });
  daemon.process = child;
  /** The end of its standard error, for the message when it fails to start. */
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    if (process.env['COLONNADE_TEST_VERBOSE'] !== undefined) process.stderr.write(chunk);
  });
  let output = '';
  daemon.address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args[0]} printed no ready line within ${READY_TIMEOUT_MS} ms`));
    }, READY_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args[0]} exited with ${code} before it was ready; stderr: ${stderr}`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /colonnade ready \S+ (\S+:\d+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
}

async function kill(daemon: DaemonProcess, signal: NodeJS.Signals): Promise<void> {
  const child = daemon.process;
  daemon.process = undefined;
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

export class DfsProcessCluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'colonnade-dfs-'));
  readonly namenode: DaemonProcess = {
    dataDir: join(this.dir, 'nn'),
    process: undefined,
    address: '',
  };
  readonly datanodes: DaemonProcess[] = [];
  readonly timings: DfsTimings;

  private constructor(timings: DfsTimings) {
    this.timings = timings;
  }

  static async start(datanodes: number, timings = FAST_TIMINGS): Promise<DfsProcessCluster> {
    if (!existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) {
      throw new Error("dist/ is missing: run 'npm run build' (npm test does)");
    }
    const cluster = new DfsProcessCluster(timings);
    try {
      await cluster.startNamenode('0');
      for (let i = 0; i < datanodes; i++) {
        cluster.datanodes.push({
          dataDir: join(cluster.dir, `dn${i + 1}`),
          process: undefined,
          address: '',
        });
      }
      await Promise.all(cluster.datanodes.map((_, i) => cluster.startDatanode(i)));
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  async startNamenode(port = this.namenode.address.split(':')[1] ?? '0'): Promise<void> {
    const t = this.timings;
    await startDaemon(
      [
        'namenode',
        '--data',
        this.namenode.dataDir,
        '--port',
        port,
        '--heartbeat-interval-ms',
        String(t.heartbeatMs),
        '--dead-ms',
        String(t.deadMs),
        '--safe-mode-extension-ms',
        '0',
      ],
      this.namenode,
    );
  }

  async startDatanode(index: number): Promise<void> {
    const daemon = this.datanodes[index];
    if (daemon === undefined) throw new Error(`no datanode ${index}`);
    const t = this.timings;
    await startDaemon(
      [
        'datanode',
        '--namenode',
        this.namenode.address,
        '--data',
        daemon.dataDir,
        '--port',
        daemon.address === '' ? '0' : (daemon.address.split(':')[1] ?? '0'),
        '--heartbeat-interval-ms',
        String(t.heartbeatMs),
        '--scan-interval-ms',
        String(t.scanIntervalMs),
      ],
      daemon,
    );
  }

  /** SIGKILL: no goodbye, no flush. */
  killNamenode(): Promise<void> {
    return kill(this.namenode, 'SIGKILL');
  }

  killDatanode(index: number): Promise<void> {
    const daemon = this.datanodes[index];
    return daemon === undefined ? Promise.resolve() : kill(daemon, 'SIGKILL');
  }

  /** The datanode serving at `address`. */
  datanodeAt(address: string): number {
    return this.datanodes.findIndex((d) => d.address === address);
  }

  async stop(): Promise<void> {
    await Promise.all([this.namenode, ...this.datanodes].map((d) => kill(d, 'SIGKILL')));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Polls `check` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (performance.now() > deadline) {
      throw new Error(
        `${what}: not within ${timeoutMs} ms${last === undefined ? '' : ` (${String(last)})`}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
