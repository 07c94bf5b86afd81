// PE's options: HBase's names and defaults, `--name=value` and bare-flag parsing through
// commander, HBase's row arithmetic (rows × clients, --size), and refusals naming the bad value.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/common/errors.js';
import {
  addPeOptions,
  peOptionsFromCommand,
  resolvePeOptions,
  rowsPerGb,
  type PeOptions,
} from '../../src/pe/index.js';

function parse(args: string[]): PeOptions {
  const command = addPeOptions(new Command('pe'))
    .argument('<test>')
    .argument('[nclients]')
    .exitOverride()
    .action(() => undefined);
  command.parse(args, { from: 'user' });
  const [test = '', nclients] = command.args;
  return peOptionsFromCommand(command, test, nclients);
}

describe('PE options', () => {
  it("has HBase's defaults", () => {
    const o = resolvePeOptions({ test: 'sequentialWrite' });
    expect(o).toMatchObject({
      test: 'sequentialWrite',
      clients: 1,
      rows: 1_048_576,
      totalRows: 1_048_576,
      startRow: 0,
      table: 'TestTable',
      valueSize: 1000,
      valueRandom: false,
      families: 1,
      columns: 1,
      presplit: 0,
      autoFlush: false,
      bufferSize: 2 * 1024 * 1024,
      multiPut: 0,
      multiGet: 0,
      writeToWAL: true,
      caching: 30,
      cacheBlocks: true,
      addColumns: true,
      inMemory: false,
      bloomFilter: 'ROW',
      blockSize: 65_536,
      sampleRate: 1,
      cycles: 1,
      connections: 1,
      nomapred: false,
    });
  });

  it('parses HBase-style arguments: --name=value, bare flags, nclients', () => {
    const o = parse([
      '--rows=10',
      '--nomapred',
      '--presplit=4',
      '--autoFlush=true',
      '--multiPut',
      '100',
      '--valueSize=512',
      '--writeToWAL=false',
      '--caching=100',
      '--inmemory',
      '--latency',
      'randomWrite',
      '10',
    ]);
    expect(o).toMatchObject({
      test: 'randomWrite',
      clients: 10,
      rows: 10,
      totalRows: 100,
      presplit: 4,
      autoFlush: true,
      multiPut: 100,
      valueSize: 512,
      writeToWAL: false,
      caching: 100,
      inMemory: true,
      nomapred: true,
      connections: 10,
    });
  });

  it('takes --clients for nclients, and one connection with --oneCon', () => {
    expect(parse(['--clients', '3', '--oneCon=true', 'scan'])).toMatchObject({
      clients: 3,
      connections: 1,
      totalRows: 3 * 1_048_576,
    });
    expect(() => parse(['--clients', '3', 'scan', '4'])).toThrow(/disagree/);
  });

  it('works out rows from --size as HBase does', () => {
    const perGb = rowsPerGb(1000, false, 1);
    expect(perGb).toBe(1_048_576);
    const write = resolvePeOptions({ test: 'sequentialWrite', size: 2, clients: 4 });
    expect(write).toMatchObject({ totalRows: 2 * perGb, rows: perGb / 2 });
    // randomRead with both: --size sets the key range, --rows the reads.
    const read = resolvePeOptions({ test: 'randomRead', size: 2, rows: 100, clients: 4 });
    expect(read).toMatchObject({ totalRows: 2 * perGb, rows: 100 });
  });

  it('refuses bad values, naming them', () => {
    const bad: [string[], RegExp][] = [
      [['nosuchTest'], /unknown test 'nosuchTest'; the tests are sequentialWrite, /],
      [['--rows=abc', 'scan'], /--rows takes an integer; got 'abc'/],
      [['--rows=0', 'scan'], /--rows is 0; it must be an integer in 1\.\./],
      [['--autoFlush=maybe', 'scan'], /--autoFlush takes true or false/],
      [['--multiPut=10', 'sequentialWrite'], /--multiPut needs --autoFlush=true/],
      [['sequentialWrite', '501'], /--clients is 501; it must be an integer in 1\.\.500/],
      [['--bloomFilter=XOR', 'scan'], /--bloomFilter is XOR; it must be one of NONE, ROW, ROWCOL/],
      [['--sampleRate=0', 'scan'], /--sampleRate is 0; it must be in \(0, 1\]/],
      [['--oneCon=true', '--connCount=2', 'scan', '2'], /--oneCon is true/],
    ];
    for (const [args, message] of bad) {
      let caught: unknown;
      try {
        parse(args);
      } catch (error) {
        caught = error;
      }
      expect(caught, args.join(' ')).toBeInstanceOf(InvalidArgumentError);
      expect((caught as Error).message, args.join(' ')).toMatch(message);
    }
  });
});
