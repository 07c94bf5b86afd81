// The deadlines of one address's calls, without a timer per call (a timer costs a Timeout object
// and a trip into Node's timer lists at each call's start and end; a get's whole client-side cost
// is a few microseconds). Calls with the same timeout reach their deadlines in the order they
// started, so each timeout keeps its calls in a FIFO with one timer, due at the deadline of the
// oldest call still waiting.
// Invariant: a queue's timer is pending exactly while the queue holds a call that has not
// settled; a call is expired at its deadline, never before, unless it settles first.
import type { Clock, TimerHandle } from '../common/clock.js';
import { RenewingMap } from '../common/renewing-map.js';
import type { OutgoingCall } from './outgoing-call.js';

/** Settled calls a queue's FIFO may hold at its front before it is cut down to the live ones. */
export const DEADLINE_QUEUE_SETTLED_MAX = 1_024;

export class CallDeadlines {
  readonly #clock: Clock;
  readonly #expire: (call: OutgoingCall, timeoutMs: number) => void;
  readonly #queues = new RenewingMap<number, DeadlineQueue>();

  /** `expire` fails a call whose deadline has passed (it must settle the call). */
  constructor(clock: Clock, expire: (call: OutgoingCall, timeoutMs: number) => void) {
    this.#clock = clock;
    this.#expire = expire;
  }

  /** Calls waiting under some timeout (for tests). */
  get queues(): number {
    return this.#queues.size;
  }

  /**
   * Watches `call`, whose deadline is `timeoutMs` from now. Returns what to run once it settles
   * (exactly once: the call's own settling guards that).
   */
  watch(call: OutgoingCall, timeoutMs: number): DeadlineQueue {
    let queue = this.#queues.get(timeoutMs);
    if (queue === undefined) {
      queue = new DeadlineQueue(this.#clock, timeoutMs, this.#expire, (q) => {
        if (this.#queues.get(timeoutMs) === q) this.#queues.delete(timeoutMs);
      });
      this.#queues.set(timeoutMs, queue);
    }
    queue.add(call);
    return queue;
  }
}

export class DeadlineQueue {
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #expire: (call: OutgoingCall, timeoutMs: number) => void;
  readonly #onEmpty: (queue: DeadlineQueue) => void;
  /** In order of deadline; [#head, length) is the FIFO, settled calls among the live ones. */
  #calls: (OutgoingCall | undefined)[] = [];
  #head = 0;
  #live = 0;
  #timer: TimerHandle | undefined;

  constructor(
    clock: Clock,
    timeoutMs: number,
    expire: (call: OutgoingCall, timeoutMs: number) => void,
    onEmpty: (queue: DeadlineQueue) => void,
  ) {
    this.#clock = clock;
    this.#timeoutMs = timeoutMs;
    this.#expire = expire;
    this.#onEmpty = onEmpty;
  }

  add(call: OutgoingCall): void {
    this.#dropSettled();
    this.#calls.push(call);
    this.#live++;
    if (this.#timer === undefined) this.#arm(call);
  }

  /** One of this queue's calls settled. */
  settled(): void {
    this.#live--;
    if (this.#live > 0) return;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#calls = [];
    this.#head = 0;
    this.#onEmpty(this);
  }

  /** The oldest call not yet settled (dropping the settled ones before it). */
  #dropSettled(): OutgoingCall | undefined {
    const calls = this.#calls;
    while (this.#head < calls.length) {
      const call = calls[this.#head] as OutgoingCall;
      if (!call.settled) break;
      calls[this.#head++] = undefined;
    }
    if (this.#head >= DEADLINE_QUEUE_SETTLED_MAX && this.#head * 2 >= calls.length) {
      this.#calls = calls.slice(this.#head);
      this.#head = 0;
    }
    return this.#calls[this.#head];
  }

  #arm(oldest: OutgoingCall): void {
    const delayMs = Math.max(1, Math.ceil(oldest.deadlineMs - this.#clock.monotonicMs()));
    this.#timer = this.#clock.setTimeout(this.#fire, delayMs);
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    const now = this.#clock.monotonicMs();
    for (;;) {
      const call = this.#dropSettled();
      if (call === undefined) return;
      if (call.deadlineMs > now) {
        this.#arm(call);
        return;
      }
      this.#calls[this.#head++] = undefined;
      // Settles the call: settled() runs, and may empty the queue.
      this.#expire(call, this.#timeoutMs);
    }
  };
}
