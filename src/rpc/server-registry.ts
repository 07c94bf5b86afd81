// Handlers by wire method name, typed from service definitions.
import type { CallContext } from './call-context.js';
import {
  wireMethodName,
  type ItemOf,
  type MethodMap,
  type RequestOf,
  type ResponseOf,
  type ServiceDefinition,
  type StreamMethod,
  type UnaryMethod,
  type Validator,
} from './service.js';

/** The handler each method of a service needs: a value (or promise) or an async iterable. */
export type Handlers<M extends MethodMap> = {
  readonly [K in keyof M]: M[K] extends UnaryMethod<unknown, unknown>
    ? (
        request: RequestOf<M[K]>,
        context: CallContext,
      ) => ResponseOf<M[K]> | Promise<ResponseOf<M[K]>>
    : M[K] extends StreamMethod<unknown, unknown>
      ? (request: RequestOf<M[K]>, context: CallContext) => AsyncIterable<ItemOf<M[K]>>
      : never;
};

export type Registration =
  | {
      readonly kind: 'unary';
      readonly validate: Validator<unknown>;
      readonly handle: (request: unknown, context: CallContext) => unknown;
    }
  | {
      readonly kind: 'stream';
      readonly validate: Validator<unknown>;
      readonly handle: (request: unknown, context: CallContext) => AsyncIterable<unknown>;
    };

export class ServerRegistry {
  readonly #methods = new Map<string, Registration>();

  register<M extends MethodMap>(service: ServiceDefinition<M>, handlers: Handlers<M>): void {
    for (const [name, method] of Object.entries(service.methods)) {
      const wireName = wireMethodName(service.name, name);
      if (this.#methods.has(wireName)) throw new TypeError(`${wireName} is registered twice`);
      const handler = handlers[name] as unknown;
      if (typeof handler !== 'function') throw new TypeError(`no handler for ${wireName}`);
      const validate = method.validate as Validator<unknown>;
      this.#methods.set(
        wireName,
        method.kind === 'unary'
          ? { kind: 'unary', validate, handle: handler as (r: unknown, c: CallContext) => unknown }
          : {
              kind: 'stream',
              validate,
              handle: handler as (r: unknown, c: CallContext) => AsyncIterable<unknown>,
            },
      );
    }
  }

  lookup(wireName: string): Registration | undefined {
    return this.#methods.get(wireName);
  }
}
