// PE's command-line options by HBase's names (`--rows=N`, `--autoFlush=true`, `--nomapred`...),
// added to a commander Command, and read back into checked PeOptions. Booleans take HBase's
// `--name=true|false` form, or stand alone for true.
import type { Command } from 'commander';
import { InvalidArgumentError } from '../common/errors.js';
import { PE_DEFAULTS, resolvePeOptions, type PeOptions, type PeOptionsInput } from './options.js';

type Kind = 'integer' | 'number' | 'boolean' | 'string' | 'flag';

interface OptionSpec {
  readonly name: string;
  readonly kind: Kind;
  readonly description: string;
  /** The PeOptionsInput member it sets (default: the same name). */
  readonly key?: keyof PeOptionsInput;
}

const D = PE_DEFAULTS;

/** HBase's options, in its usage text's order, with ours (clients, seed) last. */
const OPTIONS: readonly OptionSpec[] = [
  { name: 'nomapred', kind: 'flag', description: 'accepted: clients always run in this process' },
  { name: 'oneCon', kind: 'boolean', description: 'all clients share one connection (false)' },
  { name: 'connCount', kind: 'integer', description: 'connections the clients share (nclients)' },
  { name: 'sampleRate', kind: 'number', description: `run a sample of the rows (${D.sampleRate})` },
  { name: 'cycles', kind: 'integer', description: `times to cycle the test (${D.cycles})` },
  { name: 'latency', kind: 'flag', description: 'accepted: latencies are always reported' },
  { name: 'measureAfter', kind: 'integer', description: 'record latencies after N rows (0)' },
  { name: 'valueSize', kind: 'integer', description: `value size in bytes (${D.valueSize})` },
  { name: 'valueRandom', kind: 'flag', description: 'vary value sizes in [0, valueSize)' },
  { name: 'table', kind: 'string', description: `table name ('${D.table}')` },
  { name: 'rows', kind: 'integer', description: `rows each client runs (${D.rows})` },
  { name: 'size', kind: 'number', description: 'total size in GiB (instead of --rows)' },
  { name: 'startRow', kind: 'integer', description: 'first row of every client (0: index × rows)' },
  { name: 'writeToWAL', kind: 'boolean', description: 'true: SYNC_WAL, false: SKIP_WAL (true)' },
  { name: 'autoFlush', kind: 'boolean', description: 'false: a BufferedMutator batches (false)' },
  { name: 'multiPut', kind: 'integer', description: 'puts per call; needs --autoFlush=true (0)' },
  { name: 'bufferSize', kind: 'integer', description: `write buffer bytes (${D.bufferSize})` },
  { name: 'presplit', kind: 'integer', description: 'create the table pre-split in N regions' },
  { name: 'columns', kind: 'integer', description: `columns per row (${D.columns})` },
  { name: 'families', kind: 'integer', description: `column families (${D.families})` },
  { name: 'multiGet', kind: 'integer', description: 'gets per call, randomRead only (0)' },
  { name: 'inmemory', kind: 'boolean', description: 'families IN_MEMORY (false)', key: 'inMemory' },
  { name: 'bloomFilter', kind: 'string', description: `NONE, ROW or ROWCOL (${D.bloomFilter})` },
  { name: 'blockSize', kind: 'integer', description: `block size in bytes (${D.blockSize})` },
  { name: 'addColumns', kind: 'boolean', description: 'name columns in gets and scans (true)' },
  { name: 'caching', kind: 'integer', description: `scan caching in rows (${D.caching})` },
  { name: 'cacheBlocks', kind: 'boolean', description: 'scans fill the block cache (true)' },
  { name: 'clients', kind: 'integer', description: 'clients, as nclients (1)' },
  { name: 'seed', kind: 'integer', description: `seed of random rows and values (${D.seed})` },
];

function flagText(spec: OptionSpec): string {
  switch (spec.kind) {
    case 'flag':
      return `--${spec.name}`;
    case 'boolean':
      return `--${spec.name} [bool]`;
    default:
      return `--${spec.name} <${spec.kind === 'string' ? 'value' : 'n'}>`;
  }
}

/** Adds PE's options to `command` (values stay strings until peOptionsFromCommand). */
export function addPeOptions(command: Command): Command {
  for (const spec of OPTIONS) command.option(flagText(spec), spec.description);
  return command;
}

function convert(spec: OptionSpec, raw: unknown): unknown {
  if (spec.kind === 'flag') return raw === true;
  if (spec.kind === 'boolean') {
    if (raw === true || raw === 'true') return true;
    if (raw === 'false') return false;
    throw new InvalidArgumentError(
      `--${spec.name} takes true or false (as --${spec.name}=false); got '${String(raw)}'`,
    );
  }
  if (spec.kind === 'string') return String(raw);
  const value = Number(raw);
  const ok = typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(value);
  if (!ok || (spec.kind === 'integer' && !Number.isInteger(value))) {
    throw new InvalidArgumentError(
      `--${spec.name} takes ${spec.kind === 'integer' ? 'an integer' : 'a number'}; ` +
        `got '${String(raw)}'`,
    );
  }
  return value;
}

/** The command's options, plus the TEST and nclients operands, as checked PeOptions. */
export function peOptionsFromCommand(
  command: Command,
  test: string,
  nclients: string | undefined,
): PeOptions {
  const raw = command.opts<Record<string, unknown>>();
  const input: Record<string, unknown> = { test };
  for (const spec of OPTIONS) {
    const value = raw[spec.name];
    if (value !== undefined) input[spec.key ?? spec.name] = convert(spec, value);
  }
  if (nclients !== undefined) {
    const clients = convert({ name: 'nclients', kind: 'integer', description: '' }, nclients);
    if (input['clients'] !== undefined && input['clients'] !== clients) {
      throw new InvalidArgumentError(
        `nclients ${nclients} and --clients ${String(input['clients'])} disagree; give one`,
      );
    }
    input['clients'] = clients;
  }
  delete input['latency'];
  return resolvePeOptions(input as PeOptionsInput);
}
