// A connection's settings as the caller gives them, checked and completed with the defaults of
// limits.ts. Invariant: a ResolvedOptions holds only values within their named bounds.
import { systemClock, type Clock } from '../common/clock.js';
import { InvalidArgumentError } from '../common/errors.js';
import { silentLogger, type Logger } from '../common/log.js';
import { systemRng, type Rng } from '../common/rng.js';
import {
  OPERATION_TIMEOUT_DEFAULT_MS,
  PAUSE_DEFAULT_MS,
  PAUSE_MAX_MS,
  RETRIES_DEFAULT,
  RETRIES_MAX,
  RPC_TIMEOUT_DEFAULT_MS,
  SCANNER_CACHING_DEFAULT_ROWS,
  SCANNER_CACHING_MAX_ROWS,
  TIMEOUT_MAX_MS,
  TIMEOUT_MIN_MS,
} from './limits.js';

export interface ConnectionOptions {
  /** The coordinator ensemble, `host:port[,host:port...]`: where meta's location is read. */
  readonly coord: string;
  /** One operation's bound, retries included. @default OPERATION_TIMEOUT_DEFAULT_MS */
  readonly operationTimeoutMs?: number;
  /** One RPC's bound. @default RPC_TIMEOUT_DEFAULT_MS */
  readonly rpcTimeoutMs?: number;
  /** Retries after the first attempt. @default RETRIES_DEFAULT */
  readonly retries?: number;
  /** The pause unit between attempts, scaled by RETRY_BACKOFF. @default PAUSE_DEFAULT_MS */
  readonly pauseMs?: number;
  /** Rows per scanner call for Scans that keep the default caching. @default 100 */
  readonly scannerCaching?: number;
  /** The coordinator session's timeout. @default the coordinator client's */
  readonly coordSessionTimeoutMs?: number;
  readonly clock?: Clock;
  readonly rng?: Rng;
  readonly logger?: Logger;
}

export interface ResolvedOptions {
  readonly coord: string;
  readonly operationTimeoutMs: number;
  readonly rpcTimeoutMs: number;
  readonly retries: number;
  readonly pauseMs: number;
  readonly scannerCaching: number;
  readonly coordSessionTimeoutMs: number | undefined;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly logger: Logger;
}

function integerIn(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(
      `${name} is ${String(value)}; it must be an integer in ${min}..${max}`,
    );
  }
  return value;
}

function optional(value: unknown, fallback: number, name: string, min: number, max: number) {
  return value === undefined ? fallback : integerIn(value, name, min, max);
}

/** Checks every option (InvalidArgument naming the bad one) and fills in the defaults. */
export function resolveOptions(options: ConnectionOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('connect takes an options object: { coord: "host:port" }');
  }
  if (typeof options.coord !== 'string' || options.coord.trim() === '') {
    throw new InvalidArgumentError(
      `coord is ${JSON.stringify(options.coord)}; it must name the coordinator ensemble`,
    );
  }
  const T = [TIMEOUT_MIN_MS, TIMEOUT_MAX_MS] as const;
  return {
    coord: options.coord,
    operationTimeoutMs: optional(
      options.operationTimeoutMs,
      OPERATION_TIMEOUT_DEFAULT_MS,
      'operationTimeoutMs',
      ...T,
    ),
    rpcTimeoutMs: optional(options.rpcTimeoutMs, RPC_TIMEOUT_DEFAULT_MS, 'rpcTimeoutMs', ...T),
    retries: optional(options.retries, RETRIES_DEFAULT, 'retries', 0, RETRIES_MAX),
    pauseMs: optional(options.pauseMs, PAUSE_DEFAULT_MS, 'pauseMs', 0, PAUSE_MAX_MS),
    scannerCaching: optional(
      options.scannerCaching,
      SCANNER_CACHING_DEFAULT_ROWS,
      'scannerCaching',
      1,
      SCANNER_CACHING_MAX_ROWS,
    ),
    coordSessionTimeoutMs:
      options.coordSessionTimeoutMs === undefined
        ? undefined
        : integerIn(options.coordSessionTimeoutMs, 'coordSessionTimeoutMs', ...T),
    clock: options.clock ?? systemClock,
    rng: options.rng ?? systemRng,
    logger: (options.logger ?? silentLogger).child({ component: 'client' }),
  };
}
