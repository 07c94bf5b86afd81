// Structured logging: one JSON object per line (stderr by default), through a small Logger
// interface so that the rest of Colonnade never depends on pino's types. Errors go under `err`.
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { systemClock, type Clock } from './clock.js';
import { ConfigError } from './errors.js';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The variable that sets the level of loggers created without one. */
export const LOG_LEVEL_ENV_VAR = 'COLONNADE_LOG_LEVEL';
export const LOG_LEVEL_DEFAULT: LogLevel = 'info';

/** Fields of one log line; put a thrown value under `err` to have it serialized with its stack. */
export type LogFields = Readonly<Record<string, unknown>>;

export interface LogFn {
  (msg: string): void;
  (fields: LogFields, msg?: string): void;
}

export interface Logger {
  readonly trace: LogFn;
  readonly debug: LogFn;
  readonly info: LogFn;
  readonly warn: LogFn;
  readonly error: LogFn;
  readonly fatal: LogFn;
  /** A logger whose lines carry `bindings` too, e.g. `child({ role: 'master' })`. */
  child(bindings: LogFields): Logger;
  isLevelEnabled(level: LogLevel): boolean;
}

/** Where lines go: anything with `write(line)`; each call receives one line ending in a newline. */
export interface LogDestination {
  write(line: string): void;
}

export interface LoggerOptions {
  readonly name: string;
  /** Default: `COLONNADE_LOG_LEVEL` from `env`, else `info`. */
  readonly level?: LogLevel;
  /** Default: the process's stderr, written synchronously so that a crash loses no line. */
  readonly destination?: LogDestination;
  /** The source of each line's `time` (epoch milliseconds). */
  readonly clock?: Clock;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const STDERR_FD = 2;

export function createLogger(options: LoggerOptions): Logger {
  const clock = options.clock ?? systemClock;
  const base = pino(
    {
      name: options.name,
      level: options.level ?? levelFromEnv(options.env ?? process.env),
      timestamp: () => `,"time":${clock.nowMs()}`,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? stderrDestination(),
  );
  return wrap(base);
}

/** Drops every line; for tests and for components given no logger. */
export const silentLogger: Logger = (() => {
  const drop: LogFn = () => undefined;
  const logger: Logger = {
    trace: drop,
    debug: drop,
    info: drop,
    warn: drop,
    error: drop,
    fatal: drop,
    child: () => logger,
    isLevelEnabled: () => false,
  };
  return Object.freeze(logger);
})();

export function isLogLevel(text: string): text is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(text);
}

/** The level named by `COLONNADE_LOG_LEVEL`, or the default; a bad name is a ConfigError. */
export function levelFromEnv(env: Readonly<Record<string, string | undefined>>): LogLevel {
  const raw = env[LOG_LEVEL_ENV_VAR];
  if (raw === undefined || raw === '') return LOG_LEVEL_DEFAULT;
  const level = raw.trim().toLowerCase();
  if (isLogLevel(level)) return level;
  throw new ConfigError(
    `${LOG_LEVEL_ENV_VAR} is "${raw}"; expected one of ${LOG_LEVELS.join(', ')}`,
  );
}

function stderrDestination(): DestinationStream {
  return pino.destination({ dest: STDERR_FD, sync: true });
}

function wrap(base: PinoLogger): Logger {
  return Object.freeze({
    trace: levelFn(base, 'trace'),
    debug: levelFn(base, 'debug'),
    info: levelFn(base, 'info'),
    warn: levelFn(base, 'warn'),
    error: levelFn(base, 'error'),
    fatal: levelFn(base, 'fatal'),
    child: (bindings: LogFields) => wrap(base.child(bindings)),
    isLevelEnabled: (level: LogLevel) => base.isLevelEnabled(level),
  });
}

type WritingLevel = Exclude<LogLevel, 'silent'>;

function levelFn(base: PinoLogger, level: WritingLevel): LogFn {
  return (fieldsOrMsg: LogFields | string, msg?: string): void => {
    if (typeof fieldsOrMsg === 'string') {
      base[level](fieldsOrMsg);
    } else if (msg === undefined) {
      base[level](fieldsOrMsg);
    } else {
      base[level](fieldsOrMsg, msg);
    }
  };
}
