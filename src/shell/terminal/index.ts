// The terminal client's public face (`colonnade shell`): the protocol client, the interactive loop
// and script runner, and their pure parts (input gathering, history). Built on ../endpoint.
export { ShellClient, type ShellClientOptions } from './client.js';
export { ShellConnectionError, ShellInputFailedError } from './errors.js';
export {
  defaultHistoryPath,
  formatHistory,
  loadHistory,
  parseHistory,
  saveHistory,
  SHELL_HISTORY_FILE_NAME,
  trimHistory,
} from './history.js';
export { continuationPrompt, InputBuffer, type InputStep } from './input-buffer.js';
export { type InteractiveClient, type InteractiveOptions, runInteractive } from './interactive.js';
export * from './limits.js';
export {
  runShell,
  type RunShellOptions,
  SHELL_URL_DEFAULT,
  type ShellOutputStream,
} from './run-shell.js';
export { type InputRunner, runScript, type ScriptOutcome } from './script.js';
