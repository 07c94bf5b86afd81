// An in-process coordinator ensemble: real members (RPC on loopback, Raft, level) in the test's
// own process, for semantics tests; process-level crash tests use coord-cluster.ts instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RpcClient } from '../../src/rpc/index.js';
import { CoordServer, type EnsembleMember, type RaftTuning } from '../../src/coord/server/index.js';
import { CoordService } from '../../src/coord/protocol.js';
import { freePorts } from './coord-cluster.js';

export const TEST_TICK_MS = 50;

export type EnsembleOptions = RaftTuning;

export class InProcessEnsemble {
  readonly dir = mkdtempSync(join(tmpdir(), 'colonnade-ens-'));
  readonly servers = new Map<number, CoordServer>();
  readonly members: EnsembleMember[];
  readonly #probe = new RpcClient();

  private constructor(members: EnsembleMember[]) {
    this.members = members;
  }

  static async start(size: number, options: EnsembleOptions = {}): Promise<InProcessEnsemble> {
    const ports = await freePorts(size * 2);
    const members = Array.from({ length: size }, (_, i) => ({
      id: i + 1,
      client: { host: '127.0.0.1', port: ports[2 * i] ?? 0 },
      peer: { host: '127.0.0.1', port: ports[2 * i + 1] ?? 0 },
    }));
    const ensemble = new InProcessEnsemble(members);
    ensemble.#options = options;
    await Promise.all(members.map((m) => ensemble.startMember(m.id)));
    await ensemble.waitForLeader();
    return ensemble;
  }

  #options: EnsembleOptions = {};

  get connectString(): string {
    return this.members.map((m) => `${m.client.host}:${m.client.port}`).join(',');
  }

  address(id: number): string {
    const m = this.members.find((x) => x.id === id);
    if (m === undefined) throw new Error(`no member ${id}`);
    return `${m.client.host}:${m.client.port}`;
  }

  async startMember(id: number): Promise<void> {
    const server = new CoordServer({
      id,
      dataDir: this.dir,
      ensemble: this.members,
      tickMs: TEST_TICK_MS,
      raftTuning: this.#options,
    });
    await server.start();
    this.servers.set(id, server);
  }

  async stopMember(id: number): Promise<void> {
    await this.servers.get(id)?.stop(100);
    this.servers.delete(id);
  }

  /** The leader's id once one is known by every running member (bounded wait). */
  async waitForLeader(timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const running = [...this.servers.values()].map((s) => s.member);
      const leaders = running.filter((m) => m.isLeader);
      const leader = leaders[0];
      if (
        leaders.length === 1 &&
        leader !== undefined &&
        running.every((m) => m.leaderId === leader.id)
      ) {
        return leader.id;
      }
      if (Date.now() > deadline) throw new Error(`no single leader within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The member's own status over RPC. */
  status(id: number) {
    const m = this.members.find((x) => x.id === id);
    if (m === undefined) throw new Error(`no member ${id}`);
    return this.#probe.stub(CoordService, m.client).status({});
  }

  async stop(): Promise<void> {
    this.#probe.destroy();
    await Promise.all([...this.servers.keys()].map((id) => this.stopMember(id)));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
