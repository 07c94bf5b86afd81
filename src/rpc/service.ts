// Typed services: per method, a request type, a response type and a shape check for requests.
// A service definition is plain data shared by the server (handlers) and the client (stubs).
import { MalformedMessageError } from './errors.js';

/** Checks a decoded request body and returns it typed; throws MalformedMessageError. */
export type Validator<T> = (body: unknown) => T;

export interface UnaryMethod<Req, Res> {
  readonly kind: 'unary';
  readonly validate: Validator<Req>;
  /** Type-only: carries the response type. Never set at run time. */
  readonly responseType?: Res;
}

export interface StreamMethod<Req, Item> {
  readonly kind: 'stream';
  readonly validate: Validator<Req>;
  /** Type-only: carries the type of each streamed item. Never set at run time. */
  readonly itemType?: Item;
}

export type AnyMethod = UnaryMethod<unknown, unknown> | StreamMethod<unknown, unknown>;
export type MethodMap = Readonly<Record<string, AnyMethod>>;

export interface ServiceDefinition<M extends MethodMap> {
  readonly name: string;
  readonly methods: M;
}

/** Accepts any body: for methods whose handler checks its input itself. */
export function anyBody<T>(): Validator<T> {
  return (body) => body as T;
}

/** Accepts a msgpack map (a plain object) and nothing else. */
export function objectBody<T extends object>(check?: (body: Record<string, unknown>) => void) {
  return (body: unknown): T => {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new MalformedMessageError(`request body must be a map, got ${describe(body)}`);
    }
    check?.(body as Record<string, unknown>);
    return body as T;
  };
}

export function unary<Req, Res>(validate: Validator<Req> = anyBody<Req>()): UnaryMethod<Req, Res> {
  return { kind: 'unary', validate };
}

export function serverStream<Req, Item>(
  validate: Validator<Req> = anyBody<Req>(),
): StreamMethod<Req, Item> {
  return { kind: 'stream', validate };
}

export function defineService<M extends MethodMap>(name: string, methods: M): ServiceDefinition<M> {
  for (const method of Object.keys(methods)) {
    if (method.includes('.')) throw new TypeError(`method name ${method} must not contain '.'`);
  }
  if (name.length === 0 || name.includes('.')) {
    throw new TypeError(`service name '${name}' must be non-empty and without '.'`);
  }
  return { name, methods };
}

/** The name a method travels under. */
export function wireMethodName(service: string, method: string): string {
  return `${service}.${method}`;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (Buffer.isBuffer(value)) return `${value.length} bytes`;
  return typeof value;
}

// ---- Type plumbing: from a definition to handler and stub signatures ----

export type RequestOf<T> =
  T extends UnaryMethod<infer Req, unknown>
    ? Req
    : T extends StreamMethod<infer Req, unknown>
      ? Req
      : never;
export type ResponseOf<T> = T extends UnaryMethod<unknown, infer Res> ? Res : never;
export type ItemOf<T> = T extends StreamMethod<unknown, infer Item> ? Item : never;
