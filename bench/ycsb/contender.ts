// One system under test through a YCSB run: started, its `usertable` created and loaded, then
// driven one workload at a time (the run interleaves the systems workload by workload, so that
// each pair of figures a ratio compares was taken minutes apart at most, not a whole run apart).
// It keeps each system's own state across workloads: the keys D inserted are deleted before E,
// where YCSB reloads. Invariant: stop() stops exactly what start() started, once.
import { ColonnadeSystem } from './colonnade-db.js';
import { CoreWorkload } from './core-workload.js';
import { cpuPerOperation, sampleCpu, serverCpu, type CpuPerOperation } from './cpu.js';
import { stopOnSignal, type YcsbDb, type YcsbSystem } from './db.js';
import { buildKeyName } from './fnv.js';
import { deleteKeys, loadPhase, runPhase, type PhaseResult } from './driver.js';
import { PostgresSystem } from './postgres-db.js';
import { YcsbRandom } from './random.js';
import { RedisSystem } from './redis-db.js';
import { operationsFor, type SystemName, type YcsbSettings } from './settings.js';
import type { SystemResults } from './summary.js';
import { formatReport } from './text-format.js';
import { ValueSource } from './values.js';
import { fieldNames, WORKLOADS, type WorkloadId } from './workloads.js';

function startSystem(name: SystemName, settings: YcsbSettings): Promise<YcsbSystem> {
  switch (name) {
    case 'colonnade':
      return ColonnadeSystem.start(settings.regionServers, settings.regions, settings.profileDir);
    case 'postgres':
      return PostgresSystem.start();
    case 'redis':
      return RedisSystem.start();
  }
}

/** A seed per workload, the same for every system. */
export function workloadSeed(seed: number, id: WorkloadId | 'load'): number {
  return (seed * 31 + id.charCodeAt(0) + id.length) >>> 0;
}

export class Contender {
  readonly #system: YcsbSystem;
  readonly #settings: YcsbSettings;
  readonly #forgetSignal: () => void;
  readonly #clients: YcsbDb[] = [];
  readonly #values: ValueSource;
  readonly #loadKeys: readonly string[];
  readonly #cpu = new Map<WorkloadId | 'load', CpuPerOperation>();
  readonly #runs = new Map<WorkloadId, PhaseResult>();
  #load: PhaseResult | undefined;
  #insertedKeys: string[] = [];
  #stopped = false;

  private constructor(system: YcsbSystem, settings: YcsbSettings) {
    this.#system = system;
    this.#settings = settings;
    this.#forgetSignal = stopOnSignal(() => system.stop());
    this.#values = new ValueSource(new YcsbRandom(settings.seed));
    this.#loadKeys = Array.from({ length: settings.recordcount }, (_, i) => buildKeyName(i));
  }

  /** Starts the system, creates `usertable` and opens the workers' clients. */
  static async start(name: SystemName, settings: YcsbSettings): Promise<Contender> {
    process.stdout.write(`\n=== ${name}: starting ===\n`);
    const contender = new Contender(await startSystem(name, settings), settings);
    try {
      const system = contender.#system;
      process.stdout.write(`layout: ${system.layout}\n`);
      await system.createTable({
        table: WORKLOADS.a.table,
        fields: fieldNames(WORKLOADS.a),
        loadKeys: contender.#loadKeys,
      });
      for (let i = 0; i < settings.threads; i += 1)
        contender.#clients.push(await system.newClient());
    } catch (error) {
      await contender.stop();
      throw error;
    }
    return contender;
  }

  get name(): string {
    return this.#system.name;
  }

  get layout(): string {
    return this.#system.layout;
  }

  /** YCSB's load phase: `recordcount` inserts. */
  async load(): Promise<void> {
    const random = new YcsbRandom(workloadSeed(this.#settings.seed, 'load'));
    const counts = {
      recordcount: this.#settings.recordcount,
      operationcount: this.#settings.operationcount,
      keyNames: this.#loadKeys,
    };
    const loader = new CoreWorkload(WORKLOADS.a, counts, random, this.#values);
    const load = await this.#metered('load', () =>
      loadPhase(`${this.name} load`, this.#clients, loader, this.#settings.recordcount),
    );
    this.#load = load;
    this.#print('load phase', load);
  }

  /** One workload's run phase, with the same seeded operations as every other system's. */
  async run(id: WorkloadId): Promise<void> {
    const spec = WORKLOADS[id];
    if (spec.insertproportion > 0 && this.#insertedKeys.length > 0) {
      const failed = await deleteKeys(this.#clients, spec.table, this.#insertedKeys);
      if (failed > 0) process.stderr.write(`${this.name}: ${failed} deletes failed\n`);
      this.#insertedKeys = [];
    }
    const operationcount = operationsFor(this.#settings, id);
    const random = new YcsbRandom(workloadSeed(this.#settings.seed, id));
    const counts = {
      recordcount: this.#settings.recordcount,
      operationcount,
      keyNames: this.#loadKeys,
    };
    const workload = new CoreWorkload(spec, counts, random, this.#values);
    const run = await this.#metered(id, () =>
      runPhase(`${this.name} ${id}`, this.#clients, workload, operationcount),
    );
    this.#runs.set(id, run);
    this.#print(`workload ${id} (${spec.title}), run phase`, run);
    for (let k = this.#settings.recordcount; k <= workload.lastInsertedKeynum(); k += 1) {
      this.#insertedKeys.push(workload.keyName(k));
    }
  }

  /** CPU milliseconds its servers (with their children) have used so far. */
  serverCpuMs(): number {
    let sum = 0;
    for (const ms of serverCpu(this.#system.serverPids()).values()) sum += ms;
    return sum;
  }

  results(): SystemResults {
    const system = this.#system;
    return {
      name: system.name,
      label: system.label,
      load: this.#load,
      runs: this.#runs,
      cpu: this.#cpu,
    };
  }

  /** Closes the clients and stops the system (idempotent). */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    try {
      await Promise.allSettled(this.#clients.map((c) => c.close()));
      await this.#system.stop();
    } finally {
      this.#forgetSignal();
    }
  }

  /** Runs one phase, recording the CPU it cost the client and the servers per operation. */
  async #metered(id: WorkloadId | 'load', phase: () => Promise<PhaseResult>): Promise<PhaseResult> {
    const before = sampleCpu(this.#system.serverPids());
    const result = await phase();
    const after = sampleCpu(this.#system.serverPids());
    this.#cpu.set(id, cpuPerOperation(before, after, result.operations));
    return result;
  }

  #print(title: string, phase: PhaseResult): void {
    const text = formatReport(phase.runtimeMs, phase.operations, phase.summaries);
    process.stdout.write(`\n# ${this.#system.label} — ${title}\n${text}`);
  }
}
