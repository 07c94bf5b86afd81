// The datanode's side of DatanodeProtocol: register and send a full block report (retrying with a
// bounded backoff while the namenode is away), heartbeat every interval with usage, run the
// commands that ride on the answers, and send a full block report every block report interval.
import type { Clock, TimerHandle } from '../../common/clock.js';
import type { Logger } from '../../common/log.js';
import { UnregisteredDatanodeError } from '../errors.js';
import { NAMENODE_CALL_TIMEOUT_MS } from '../limits.js';
import type { BadReplica } from '../protocol.js';
import type { Block, DatanodeCommand, DatanodeInfo, DatanodeUsage } from '../types.js';
import type { NamenodeStub, ReportQueue } from './report-queue.js';
import type { ReplicaStore } from './replica-store.js';

/** Pause after a failed registration: first, and cap (doubling in between). */
export const REGISTER_BACKOFF_INITIAL_MS = 100;
export const REGISTER_BACKOFF_MAX_MS = 5_000;
/** Deadline of one heartbeat call. */
export const HEARTBEAT_CALL_TIMEOUT_MS = 10_000;

export interface CommandRunner {
  transfer(command: Extract<DatanodeCommand, { kind: 'transfer' }>): void;
  recover(command: Extract<DatanodeCommand, { kind: 'recover' }>): void;
  invalidate(blocks: readonly Block[]): void;
}

export interface NamenodeLoopOptions {
  readonly namenode: NamenodeStub;
  readonly reports: ReportQueue;
  readonly store: ReplicaStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly heartbeatIntervalMs: number;
  readonly blockReportIntervalMs: number;
  readonly self: () => DatanodeInfo;
  readonly usage: () => Promise<DatanodeUsage>;
  readonly commands: CommandRunner;
  /** Replicas found corrupt at start-up, reported once registered. */
  readonly corruptAtStart: readonly BadReplica[];
}

export class NamenodeLoop {
  readonly #options: NamenodeLoopOptions;
  #registered = false;
  #stopped = false;
  #running: Promise<void> | undefined;
  #sleepTimer: TimerHandle | undefined;
  #wake: (() => void) | undefined;
  #nextFullReportMs = 0;
  #registrations = 0;

  constructor(options: NamenodeLoopOptions) {
    this.#options = options;
  }

  get registered(): boolean {
    return this.#registered;
  }

  /** Successful registrations so far (for tests). */
  get registrations(): number {
    return this.#registrations;
  }

  start(): void {
    this.#running ??= this.#run().catch((error: unknown) => {
      this.#options.logger.error({ err: error }, 'namenode loop stopped');
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wakeUp();
    await this.#running;
  }

  async #run(): Promise<void> {
    let backoffMs = REGISTER_BACKOFF_INITIAL_MS;
    while (!this.#stopped) {
      if (!this.#registered) {
        try {
          await this.#register();
          backoffMs = REGISTER_BACKOFF_INITIAL_MS;
        } catch (error) {
          this.#options.logger.debug({ err: error }, 'registration failed; will retry');
          await this.#sleep(backoffMs);
          backoffMs = Math.min(REGISTER_BACKOFF_MAX_MS, backoffMs * 2);
          continue;
        }
      }
      await this.#heartbeat();
      if (this.#registered && this.#options.clock.monotonicMs() >= this.#nextFullReportMs) {
        await this.#fullReport().catch((error: unknown) => {
          this.#options.logger.warn({ err: error }, 'block report failed; will retry');
        });
      }
      await this.#sleep(this.#options.heartbeatIntervalMs);
    }
  }

  async #register(): Promise<void> {
    const { namenode, reports, logger } = this.#options;
    const self = this.#options.self();
    reports.disable();
    await namenode.register(
      { datanodeId: self.datanodeId, address: self.address, usage: await this.#options.usage() },
      { timeoutMs: NAMENODE_CALL_TIMEOUT_MS },
    );
    await this.#fullReport();
    this.#registered = true;
    this.#registrations += 1;
    reports.enable();
    if (this.#registrations === 1 && this.#options.corruptAtStart.length > 0) {
      reports.bad(this.#options.corruptAtStart);
    }
    logger.info({ address: self.address }, 'registered with the namenode');
  }

  async #fullReport(): Promise<void> {
    const { namenode, store, clock } = this.#options;
    const datanodeId = this.#options.self().datanodeId;
    await namenode.blockReport(
      { datanodeId, replicas: store.reports() },
      { timeoutMs: NAMENODE_CALL_TIMEOUT_MS },
    );
    this.#nextFullReportMs = clock.monotonicMs() + this.#options.blockReportIntervalMs;
  }

  async #heartbeat(): Promise<void> {
    const { namenode, logger } = this.#options;
    try {
      const answer = await namenode.heartbeat(
        { datanodeId: this.#options.self().datanodeId, usage: await this.#options.usage() },
        { timeoutMs: HEARTBEAT_CALL_TIMEOUT_MS },
      );
      for (const command of answer.commands) this.#execute(command);
    } catch (error) {
      if (error instanceof UnregisteredDatanodeError) this.#forgotten();
      else logger.debug({ err: error }, 'heartbeat failed');
    }
  }

  #execute(command: DatanodeCommand): void {
    const { commands, logger } = this.#options;
    switch (command.kind) {
      case 'transfer':
        commands.transfer(command);
        return;
      case 'invalidate':
        commands.invalidate(command.blocks);
        return;
      case 'recover':
        commands.recover(command);
        return;
      case 'register':
        this.#forgotten();
        return;
      default: {
        const unknown: never = command;
        logger.warn({ command: unknown }, 'unknown command from the namenode; ignored');
      }
    }
  }

  /** The namenode does not know this datanode (it restarted): register and report again. */
  #forgotten(): void {
    this.#registered = false;
    this.#options.reports.disable();
  }

  #sleep(ms: number): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.#wake = resolve;
      this.#sleepTimer = this.#options.clock.setTimeout(() => this.#wakeUp(), ms);
      this.#sleepTimer.unref();
    });
  }

  #wakeUp(): void {
    if (this.#sleepTimer !== undefined) this.#options.clock.clearTimeout(this.#sleepTimer);
    this.#sleepTimer = undefined;
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
