// The shell's public face: ShellSession (the HBase-syntax interpreter, one per connection), the
// backend it runs against, the parser and printer of shell values, its limits and errors. The
// WebSocket endpoint (endpoint/) and the terminal client (terminal/) stand on these, and are
// re-exported here.
export {
  connectionBackend,
  type ShellAdmin,
  type ShellBackend,
  type ShellScanner,
  type ShellTable,
} from './backend.js';
export { COMMAND_NAMES } from './commands/registry.js';
export { SHELL_CONSTANTS } from './constants.js';
export { ShellCommandError, ShellParseError, type ShellParseErrorKind } from './errors.js';
export type { EchoValue } from './format/ruby-inspect.js';
export * from './limits.js';
export { isIncompleteInput, parseInput } from './parser.js';
export { printStatement, printStatements, printValue } from './printer.js';
export { type ExecuteResult, ShellSession, type ShellSessionOptions } from './session.js';
export type { HashEntry, ShellValue, Statement } from './values.js';
export {
  attachShellEndpoint,
  SHELL_ENDPOINT_PATH,
  type ShellEndpoint,
  type ShellEndpointOptions,
  type ShellUpgradeHandler,
} from './endpoint/index.js';
export {
  runShell,
  type RunShellOptions,
  SHELL_URL_DEFAULT,
  ShellClient,
  ShellConnectionError,
  ShellInputFailedError,
} from './terminal/index.js';
