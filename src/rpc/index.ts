// The transport's public face: servers, clients, typed services and the errors they raise.
export {
  RpcServer,
  type ListenOptions,
  type RpcServerOptions,
  type ServerAddress,
} from './server.js';
export { RpcClient, type CallOptions, type RpcClientOptions, type Stub } from './client.js';
export { CallContext } from './call-context.js';
export type { Handlers } from './server-registry.js';
export {
  anyBody,
  defineService,
  objectBody,
  serverStream,
  unary,
  type ServiceDefinition,
  type StreamMethod,
  type UnaryMethod,
  type Validator,
} from './service.js';
export * from './errors.js';
export { FrameDecoder, FRAME_HEADER_BYTES, frameHeader } from './frame.js';
export { chunkBytes, collectBytes } from './chunks.js';
