// `colonnade pe [--coord ENSEMBLE] [options] TEST [nclients]`: HBase's PerformanceEvaluation
// (`hbase pe`) against a running cluster through the client SDK. Prints PE's output and a summary
// (ops/s, p50/p95/p99/p99.9 latencies); a progress bar on a terminal.
import { Command } from 'commander';
import { connect } from '../client/index.js';
import {
  addPeOptions,
  noProgress,
  PE_COMMANDS,
  PE_TEST_NAMES,
  peOptionsFromCommand,
  runPe,
  terminalProgress,
} from '../pe/index.js';
import type { CliIo } from './main.js';

const DEFAULT_ENSEMBLE = '127.0.0.1:2181';

function commandsHelp(): string {
  const width = Math.max(...PE_TEST_NAMES.map((name) => name.length)) + 2;
  const lines = PE_TEST_NAMES.map(
    (name) => `  ${name.padEnd(width)}${PE_COMMANDS[name].description}`,
  );
  return [
    '',
    'Tests:',
    ...lines,
    '',
    'Examples:',
    '  colonnade pe --rows=100000 --presplit=4 sequentialWrite 4',
    '  colonnade pe --rows=10 --nomapred increment 10',
  ].join('\n');
}

export function peCommand(io: CliIo): Command {
  const command = new Command('pe')
    .description('performance evaluation, as `hbase pe` (HBase PerformanceEvaluation)')
    .usage('[--coord ENSEMBLE] [options] TEST [nclients]')
    .argument('<test>', 'the test to run (see Tests below)')
    .argument('[nclients]', 'clients run side by side (as --clients; default 1)')
    .option('--coord <ensemble>', 'the coordinator ensemble, HOST:PORT[,...]', DEFAULT_ENSEMBLE);
  addPeOptions(command);
  command.addHelpText('after', commandsHelp());
  command.action(async (test: string, nclients: string | undefined) => {
    const options = peOptionsFromCommand(command, test, nclients);
    const { coord } = command.opts<{ coord: string }>();
    const onTerminal = io.stderr === process.stderr && process.stderr.isTTY === true;
    await runPe(options, {
      connect: () => connect({ coord }),
      out: (line) => void io.stdout.write(`${line}\n`),
      progress: onTerminal ? terminalProgress(process.stderr) : noProgress,
    });
  });
  return command;
}
