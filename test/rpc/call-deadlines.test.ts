// Call deadlines without a timer per call, on a manual clock: whatever the mix of timeouts,
// settles and waits, a call expires exactly when its deadline passes unless it settled first,
// and a queue keeps no timer once its calls have all settled. Seeded: COLONNADE_SEED=<seed>
// replays a failing run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/common/clock.js';
import { seedFromEnv } from '../../src/common/rng.js';
import { CallDeadlines, DEADLINE_QUEUE_SETTLED_MAX } from '../../src/rpc/call-deadlines.js';
import { OutgoingCall } from '../../src/rpc/outgoing-call.js';

const seed = seedFromEnv();

interface Watched {
  readonly call: OutgoingCall;
  readonly deadlineMs: number;
  outcome: 'waiting' | 'answered' | { readonly expiredAtMs: number };
}

function fixture() {
  const clock = new ManualClock();
  const expired: OutgoingCall[] = [];
  const deadlines = new CallDeadlines(clock, (call) => {
    expired.push(call);
    call.fail(new Error('deadline'));
  });
  const start = (timeoutMs: number): Watched => {
    const deadlineMs = clock.monotonicMs() + timeoutMs;
    const w: Watched = {
      call: undefined as unknown as OutgoingCall,
      deadlineMs,
      outcome: 'waiting',
    };
    const call: OutgoingCall = new OutgoingCall(
      'm',
      undefined,
      deadlineMs,
      undefined,
      () => queue.settled(),
      () => {
        queue.settled();
        w.outcome = { expiredAtMs: clock.monotonicMs() };
      },
    );
    Object.assign(w, { call });
    const queue = deadlines.watch(call, timeoutMs);
    return w;
  };
  return { clock, deadlines, expired, start };
}

type Step =
  | { readonly kind: 'start'; readonly timeoutMs: number }
  | { readonly kind: 'answer'; readonly pick: number }
  | { readonly kind: 'wait'; readonly ms: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('start' as const), timeoutMs: fc.constantFrom(1, 5, 30, 100) }),
  fc.record({ kind: fc.constant('answer' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 40 }) }),
);

describe(`call deadlines (seed ${seed})`, () => {
  it('expires each call at its deadline unless it settled first', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 80 }), (steps) => {
        const { clock, deadlines, start } = fixture();
        const all: Watched[] = [];
        for (const step of steps) {
          if (step.kind === 'start') all.push(start(step.timeoutMs));
          else if (step.kind === 'wait') clock.advance(step.ms);
          else {
            const waiting = all.filter((w) => w.outcome === 'waiting');
            const w = waiting[step.pick % Math.max(1, waiting.length)];
            if (w !== undefined && w.call.succeed(1)) w.outcome = 'answered';
          }
          for (const w of all) {
            if (w.outcome === 'waiting') expect(w.deadlineMs).toBeGreaterThan(clock.monotonicMs());
            else if (w.outcome !== 'answered') expect(w.outcome.expiredAtMs).toBe(w.deadlineMs);
          }
        }
        clock.advance(200);
        expect(all.every((w) => w.outcome !== 'waiting')).toBe(true);
        expect(clock.pendingTimers).toBe(0);
        expect(deadlines.queues).toBe(0);
      }),
      { seed },
    );
  });

  it('keeps one timer for many calls and drops it once they are answered', () => {
    const { clock, deadlines, expired, start } = fixture();
    const calls = Array.from({ length: 3 * DEADLINE_QUEUE_SETTLED_MAX }, (_, i) => {
      clock.advance(i < 500 ? 1 : 0);
      return start(1_000);
    });
    expect(clock.pendingTimers).toBe(1);
    for (const w of calls.slice(1)) w.call.succeed(1);
    // The oldest call still waits; the answered ones behind it are cut away as new ones come.
    for (let i = 0; i < 2 * DEADLINE_QUEUE_SETTLED_MAX; i++) start(1_000).call.succeed(1);
    expect(clock.pendingTimers).toBe(1);
    clock.advance(1_000);
    expect(expired).toEqual([calls[0]?.call]);
    expect(clock.pendingTimers).toBe(0);
    expect(deadlines.queues).toBe(0);
  });
});
