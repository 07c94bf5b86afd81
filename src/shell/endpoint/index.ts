// The shell endpoint's public face: attachShellEndpoint (WebSocket `/shell` on the master's web
// port), its protocol's messages and codec, completion, and limits. The terminal client uses these.
export {
  attachShellEndpoint,
  SHELL_ENDPOINT_PATH,
  type ShellEndpoint,
  type ShellEndpointOptions,
  type ShellUpgradeHandler,
} from './shell-endpoint.js';
export { ShellProtocolError } from './errors.js';
export {
  completionsFor,
  completionTarget,
  type CompletionKind,
  type CompletionTarget,
} from './completion.js';
export { FlowGate, type FlowGateOptions } from './flow-gate.js';
export * from './limits.js';
export * from './protocol.js';
