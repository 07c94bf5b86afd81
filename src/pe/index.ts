// `colonnade pe`'s public face: HBase PerformanceEvaluation's tests on the client SDK, their
// options (HBase's names and defaults), the runner and the output, the rows and values it writes.
export {
  PE_COMMANDS,
  PE_TEST_NAMES,
  isOverlappingCommand,
  isPeTestName,
  isReadCommand,
  type PeTestName,
} from './commands.js';
export { BufferedMutator } from './buffered-mutator.js';
export * from './errors.js';
export { formatRow, generateData, parseRow, randomRow, splitKeys } from './keys.js';
export { LatencyHistogram, type LatencySummary } from './latency.js';
export * from './limits.js';
export {
  PE_DEFAULTS,
  resolvePeOptions,
  rowsPerGb,
  type PeOptions,
  type PeOptionsInput,
} from './options.js';
export { addPeOptions, peOptionsFromCommand } from './args.js';
export { noProgress, terminalProgress, type ProgressSink } from './progress.js';
export { latencyReport, megabytesPerSecond } from './report.js';
export {
  clientStartRow,
  runPe,
  type PeClientResult,
  type PeEnvironment,
  type PeRunResult,
} from './runner.js';
export { checkTable, type TableCheck } from './table-setup.js';
