// Operating errors: classes with a stable `code`, a `retriable` flag and a `cause`.
// Errors cross the wire as {code, message, retriable} and are rebuilt here, in one place.

export interface ErrorOptions {
  readonly cause?: unknown;
  /** Overrides the class's default; set when an error is rebuilt from the wire. */
  readonly retriable?: boolean;
}

/** The shape of an error on the wire. */
export interface WireError {
  readonly code: string;
  readonly message: string;
  readonly retriable: boolean;
}

type ErrorClass = (new (message: string, options?: ErrorOptions) => ColonnadeError) & {
  readonly code: string;
};

/** Base of every operating error. Subclasses set a static `code` and `retriableByDefault`. */
export class ColonnadeError extends Error {
  static readonly code: string = 'Unknown';
  static readonly retriableByDefault: boolean = false;
  readonly code: string;
  readonly retriable: boolean;

  constructor(message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const ctor = new.target as typeof ColonnadeError;
    this.name = ctor.name;
    this.code = ctor.code;
    this.retriable = options.retriable ?? ctor.retriableByDefault;
  }
}

const registry = new Map<string, ErrorClass>();

/** Makes `fromWire` rebuild errors with this class's code as instances of the class. */
export function registerErrors(...classes: ErrorClass[]): void {
  for (const cls of classes) {
    const existing = registry.get(cls.code);
    if (existing !== undefined && existing !== cls) {
      throw new Error(`error code ${cls.code} is registered twice (${existing.name}, ${cls.name})`);
    }
    registry.set(cls.code, cls);
  }
}

/** An error whose code this process does not know: kept with its code and flag. */
export class RemoteError extends ColonnadeError {
  static override readonly code = 'Remote';
  readonly remoteCode: string;
  constructor(message: string, options: ErrorOptions & { readonly remoteCode?: string } = {}) {
    super(message, options);
    this.remoteCode = options.remoteCode ?? RemoteError.code;
  }
}

export class InternalError extends ColonnadeError {
  static override readonly code = 'Internal';
}

export class InvalidArgumentError extends ColonnadeError {
  static override readonly code = 'InvalidArgument';
}

export class LimitExceededError extends ColonnadeError {
  static override readonly code = 'LimitExceeded';
}

export class CellTooLargeError extends ColonnadeError {
  static override readonly code = 'CellTooLarge';
}

export class TimeoutError extends ColonnadeError {
  static override readonly code = 'Timeout';
  static override readonly retriableByDefault = true;
}

export class ConfigError extends ColonnadeError {
  static override readonly code = 'InvalidConfig';
}

registerErrors(
  InternalError,
  InvalidArgumentError,
  LimitExceededError,
  CellTooLargeError,
  TimeoutError,
  ConfigError,
);

/** What crosses the wire for any thrown value; non-Colonnade errors become `Internal`. */
export function toWire(error: unknown): WireError {
  if (error instanceof RemoteError) {
    return { code: error.remoteCode, message: error.message, retriable: error.retriable };
  }
  if (error instanceof ColonnadeError) {
    return { code: error.code, message: error.message, retriable: error.retriable };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: InternalError.code, message: `internal error: ${message}`, retriable: false };
}

/** Rebuilds a wire error as the registered class of its code (or a RemoteError). */
export function fromWire(wire: WireError): ColonnadeError {
  const cls = registry.get(wire.code);
  if (cls === undefined) {
    return new RemoteError(wire.message, { retriable: wire.retriable, remoteCode: wire.code });
  }
  return new cls(wire.message, { retriable: wire.retriable });
}

export function isWireError(value: unknown): value is WireError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['code'] === 'string' &&
    typeof v['message'] === 'string' &&
    typeof v['retriable'] === 'boolean'
  );
}
