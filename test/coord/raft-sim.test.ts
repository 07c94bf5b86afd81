// Seeded random runs of a simulated cluster under loss, delay, reordering, duplication, partitions,
// crashes and slow disks: Raft's safety holds after every step, the register's history is
// linearizable, and once the faults stop the cluster recovers. COLONNADE_SEED=<seed> replays.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRng, seedFromEnv } from '../../src/common/rng.js';
import { isLinearizable } from '../support/linearizability.js';
import { RaftInvariants } from '../support/raft-invariants.js';
import { NO_FAULTS, SimCluster, type FaultProfile } from '../support/raft-sim.js';
import { RegisterWorkload } from '../support/register-workload.js';
import { encodeCommand } from '../support/sim-register.js';

const seed = seedFromEnv();

const CHAOS_TICKS = 2_000;
const CALM_TICKS_MAX = 3_000;
const OPS_PER_RUN = 60;

interface RunStats {
  readonly completed: number;
  readonly unknown: number;
  readonly maxCommitted: number;
  readonly checks: number;
}

function pick<T>(rng: SeededRng, choices: readonly T[]): T {
  return choices[rng.nextInt(choices.length)] as T;
}

function randomFaults(rng: SeededRng): FaultProfile {
  return {
    dropRate: pick(rng, [0, 0.02, 0.1, 0.25]),
    duplicateRate: pick(rng, [0, 0.05, 0.2]),
    delayMaxTicks: pick(rng, [0, 1, 3, 8]),
    partitionRate: pick(rng, [0, 0.01, 0.03]),
    partitionTicksMax: 10 + rng.nextInt(60),
    crashRate: pick(rng, [0, 0.005, 0.02]),
    downTicksMax: 5 + rng.nextInt(50),
    readyDelayRate: pick(rng, [0, 0.1, 0.3]),
    crashBeforeSendRate: pick(rng, [0, 0.002, 0.01]),
  };
}

function runOne(runSeed: number, members: number, faults?: FaultProfile): RunStats {
  const rng = new SeededRng(runSeed);
  const cluster = new SimCluster({
    seed: rng.nextU32(),
    members,
    faults: faults ?? randomFaults(rng),
    snapshotIntervalEntries: 3 + rng.nextInt(30),
    snapshotTrailingEntries: rng.nextInt(10),
  });
  const invariants = new RaftInvariants();
  cluster.listeners.push(invariants);
  // Few clients spread their operations over the faulty part of a run; many keep the pipeline full.
  const clients = pick(rng, [1, 3, 8]);
  const rate = pick(rng, [0.01, 0.03, 0.2]);
  const workload = new RegisterWorkload(cluster, { clients, opsMax: OPS_PER_RUN, rate });
  const everyStep = (): void => {
    workload.step();
    invariants.check(cluster);
  };
  cluster.run(CHAOS_TICKS, everyStep);

  // The faults stop and every member comes back: what is under way must finish.
  cluster.faults = NO_FAULTS;
  cluster.heal();
  for (const member of cluster.members.values()) member.downUntil = cluster.tick;
  workload.stop();
  const finished = cluster.runUntil(() => workload.idle, CALM_TICKS_MAX, everyStep);
  expect(finished, 'the healed cluster settles every operation').toBe(true);
  convergence(cluster, everyStep);
  expect(isLinearizable(workload.history), 'the register history is linearizable').toBe(true);
  return {
    completed: workload.completed,
    unknown: workload.started - workload.completed,
    maxCommitted: invariants.maxCommitted,
    checks: invariants.checks,
  };
}

/** A last write commits (retried while its fate is unknown), and then every member has applied
 * the same log up to it. */
function convergence(cluster: SimCluster, everyStep: () => void): void {
  let index = 0;
  let state: 'idle' | 'waiting' | 'applied' = 'idle';
  const written = cluster.runUntil(
    () => {
      const leader = cluster.leader();
      if (state === 'idle' && leader !== undefined) {
        const data = encodeCommand({ kind: 'write', opId: -1, value: -1 });
        index = cluster.propose(leader.id, data, (outcome) => {
          state = outcome.ok ? 'applied' : 'idle';
        });
        state = 'waiting';
      }
      return state === 'applied';
    },
    CALM_TICKS_MAX,
    everyStep,
  );
  expect(written, 'a leader is elected and commits once the faults stop').toBe(true);
  const converged = cluster.runUntil(
    () => [...cluster.members.values()].every((m) => m.machine.appliedIndex >= index),
    CALM_TICKS_MAX,
    everyStep,
  );
  expect(converged, `every member applies up to ${index}`).toBe(true);
}

function runMany(members: number, runs: number, salt: number): RunStats[] {
  const master = new SeededRng((seed ^ salt) >>> 0);
  const stats: RunStats[] = [];
  for (let run = 0; run < runs; run++) {
    const runSeed = master.nextU32();
    try {
      stats.push(runOne(runSeed, members));
    } catch (error) {
      const where = `run ${run} of ${members} members (COLONNADE_SEED=${seed})`;
      throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }
  return stats;
}

describe(`raft simulation (seed ${seed}; COLONNADE_SEED=${seed} replays)`, () => {
  it('three members: safe, linearizable and live after the faults', () => {
    const stats = runMany(3, 300, 0x3333);
    expect(stats.reduce((sum, s) => sum + s.completed, 0)).toBeGreaterThan(0);
  });

  it('five members: safe, linearizable and live after the faults', () => {
    const stats = runMany(5, 150, 0x5555);
    expect(stats.reduce((sum, s) => sum + s.completed, 0)).toBeGreaterThan(0);
  });

  it('one member: safe through crashes and slow disks', () => {
    const stats = runMany(1, 40, 0x1111);
    expect(stats.reduce((sum, s) => sum + s.completed, 0)).toBeGreaterThan(0);
  });

  it('three members: safe for any fault profile fast-check draws (it shrinks a failure)', () => {
    const rate = fc.double({ min: 0, max: 0.3, noNaN: true });
    const faults: fc.Arbitrary<FaultProfile> = fc.record({
      dropRate: rate,
      duplicateRate: rate,
      delayMaxTicks: fc.integer({ min: 0, max: 12 }),
      partitionRate: fc.double({ min: 0, max: 0.05, noNaN: true }),
      partitionTicksMax: fc.integer({ min: 1, max: 100 }),
      crashRate: fc.double({ min: 0, max: 0.03, noNaN: true }),
      downTicksMax: fc.integer({ min: 1, max: 80 }),
      readyDelayRate: fc.double({ min: 0, max: 0.5, noNaN: true }),
      crashBeforeSendRate: fc.double({ min: 0, max: 0.02, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), faults, (runSeed, profile) => {
        runOne(runSeed, 3, profile);
      }),
      { seed, numRuns: 100 },
    );
  });
});
