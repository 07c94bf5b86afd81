// The echo service that the RPC benchmark and the RPC tests run: echo, delayed echo (answers
// out of order), failures of a chosen class, a call that hangs until cancelled, and a stream.
import { InvalidArgumentError, TimeoutError } from '../src/common/errors.js';
import { defineService, objectBody, serverStream, unary, type Handlers } from '../src/rpc/index.js';

export interface EchoRequest {
  readonly payload: Uint8Array;
  /** Answer after this many ms (for out-of-order tests). */
  readonly delayMs?: number;
}

export interface FailRequest {
  readonly code: 'InvalidArgument' | 'Timeout' | 'Plain';
  readonly message: string;
}

export interface CountRequest {
  readonly count: number;
  readonly itemBytes: number;
}

export const EchoService = defineService('echo', {
  echo: unary<EchoRequest, { readonly payload: Uint8Array }>(
    objectBody<EchoRequest>((body) => {
      if (!(body['payload'] instanceof Uint8Array)) {
        throw new InvalidArgumentError('echo needs payload as bytes');
      }
    }),
  ),
  fail: unary<FailRequest, never>(objectBody<FailRequest>()),
  hang: unary<Record<string, never>, never>(objectBody()),
  count: serverStream<CountRequest, { readonly index: number; readonly bytes: Uint8Array }>(
    objectBody<CountRequest>(),
  ),
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const echoHandlers: Handlers<typeof EchoService.methods> = {
  echo: (request) => {
    if (request.delayMs === undefined || request.delayMs <= 0) return { payload: request.payload };
    return sleep(request.delayMs).then(() => ({ payload: request.payload }));
  },
  fail: (request) => {
    if (request.code === 'InvalidArgument') throw new InvalidArgumentError(request.message);
    if (request.code === 'Timeout') throw new TimeoutError(request.message);
    throw new Error(request.message);
  },
  hang: (_request, context) =>
    new Promise<never>((_resolve, reject) => {
      context.signal.addEventListener('abort', () => reject(context.signal.reason as Error));
    }),
  count: async function* (request) {
    for (let index = 0; index < request.count; index += 1) {
      yield { index, bytes: Buffer.alloc(request.itemBytes, index % 256) };
    }
  },
};
