// A coordinator ensemble of real `colonnade coord` processes on loopback, for tests that kill
// members with SIGKILL. Ports are picked free up front (members must know each other's ports);
// every process is stopped by its pid when the test ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostPort } from '../../src/common/host-port.js';
import { freePorts } from '../../bench/ports.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(root, 'bin', 'colonnade');
const READY_TIMEOUT_MS = 20_000;

export { freePorts };

export interface MemberProcess {
  readonly id: number;
  readonly client: HostPort;
  process: ChildProcess | undefined;
}

export class CoordCluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'colonnade-coord-'));
  readonly members: MemberProcess[];
  readonly #peers: string;
  readonly #tickMs: number;

  private constructor(members: MemberProcess[], peers: string, tickMs: number) {
    this.members = members;
    this.#peers = peers;
    this.#tickMs = tickMs;
  }

  static async start(size: number, tickMs = 100): Promise<CoordCluster> {
    if (!existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) {
      throw new Error("dist/ is missing: run 'npm run build' (npm test does)");
    }
    const ports = await freePorts(size * 2);
    const members: MemberProcess[] = [];
    const entries: string[] = [];
    for (let i = 0; i < size; i += 1) {
      const id = i + 1;
      const clientPort = ports[2 * i] ?? 0;
      const peerPort = ports[2 * i + 1] ?? 0;
      members.push({ id, client: { host: '127.0.0.1', port: clientPort }, process: undefined });
      entries.push(`${id}=127.0.0.1:${clientPort}:${peerPort}`);
    }
    const cluster = new CoordCluster(members, entries.join(','), tickMs);
    await Promise.all(members.map((m) => cluster.startMember(m.id)));
    return cluster;
  }

  get ensemble(): string {
    return this.members.map((m) => `${m.client.host}:${m.client.port}`).join(',');
  }

  member(id: number): MemberProcess {
    const member = this.members.find((m) => m.id === id);
    if (member === undefined) throw new Error(`no member ${id}`);
    return member;
  }

  async startMember(id: number): Promise<void> {
    const member = this.member(id);
    const args = [BIN, 'coord', '--id', String(id), '--data', this.dir, '--peers', this.#peers];
    args.push('--tick-ms', String(this.#tickMs));
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, COLONNADE_LOG_LEVEL: process.env['COLONNADE_LOG_LEVEL'] ?? 'warn' },
    });
    member.process = child;
    child.stderr?.on('data', (chunk: Buffer) => {
      if (process.env['COLONNADE_TEST_VERBOSE'] !== undefined) process.stderr.write(chunk);
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`member ${id} printed no ready line within ${READY_TIMEOUT_MS} ms`));
      }, READY_TIMEOUT_MS);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`member ${id} exited with ${code} before it was ready`));
      });
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.includes('colonnade ready coord')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  /** SIGKILL: no goodbye, no flush. */
  async kill(id: number): Promise<void> {
    const child = this.member(id).process;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
    this.member(id).process = undefined;
  }

  async stopMember(id: number): Promise<void> {
    const child = this.member(id).process;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    this.member(id).process = undefined;
  }

  async stop(): Promise<void> {
    await Promise.all(this.members.map((m) => this.kill(m.id)));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
