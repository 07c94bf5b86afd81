// The tests `colonnade pe` runs, by HBase PerformanceEvaluation's command names, with HBase's class
// names (used in the output, as PE prints them) and descriptions. Pure data.

export const PE_COMMANDS = {
  sequentialWrite: { className: 'SequentialWriteTest', description: 'Run sequential write test' },
  randomWrite: { className: 'RandomWriteTest', description: 'Run random write test' },
  sequentialRead: { className: 'SequentialReadTest', description: 'Run sequential read test' },
  randomRead: { className: 'RandomReadTest', description: 'Run random read test' },
  randomSeekScan: {
    className: 'RandomSeekScanTest',
    description: 'Run random seek and scan 100 test',
  },
  scan: { className: 'ScanTest', description: 'Run scan test (read every row)' },
  reverseScan: {
    className: 'ReverseScanTest',
    description: 'Run reverse scan test (read every row)',
  },
  scanRange10: {
    className: 'RandomScanWithRange10Test',
    description: 'Run random seek scan with both start and stop row (max 10 rows)',
  },
  scanRange100: {
    className: 'RandomScanWithRange100Test',
    description: 'Run random seek scan with both start and stop row (max 100 rows)',
  },
  scanRange1000: {
    className: 'RandomScanWithRange1000Test',
    description: 'Run random seek scan with both start and stop row (max 1000 rows)',
  },
  scanRange10000: {
    className: 'RandomScanWithRange10000Test',
    description: 'Run random seek scan with both start and stop row (max 10000 rows)',
  },
  filterScan: {
    className: 'FilteredScanTest',
    description:
      "Run scan test using a filter to find a specific row based on it's value " +
      '(make sure to use --rows=20)',
  },
  increment: {
    className: 'IncrementTest',
    description: 'Increment on each row; clients overlap on keyspace so some concurrent operations',
  },
  append: {
    className: 'AppendTest',
    description: 'Append on each row; clients overlap on keyspace so some concurrent operations',
  },
  checkAndMutate: {
    className: 'CheckAndMutateTest',
    description:
      'CheckAndMutate on each row; clients overlap on keyspace so some concurrent operations',
  },
  checkAndPut: {
    className: 'CheckAndPutTest',
    description:
      'CheckAndPut on each row; clients overlap on keyspace so some concurrent operations',
  },
  checkAndDelete: {
    className: 'CheckAndDeleteTest',
    description:
      'CheckAndDelete on each row; clients overlap on keyspace so some concurrent operations',
  },
} as const;

export type PeTestName = keyof typeof PE_COMMANDS;

export const PE_TEST_NAMES = Object.keys(PE_COMMANDS) as readonly PeTestName[];

export function isPeTestName(name: string): name is PeTestName {
  return Object.prototype.hasOwnProperty.call(PE_COMMANDS, name);
}

/** HBase's checkTable: a command whose name has "read" or "scan" needs the table to exist. */
export function isReadCommand(name: PeTestName): boolean {
  const lower = name.toLowerCase();
  return lower.includes('read') || lower.includes('scan');
}

/**
 * The CAS-like tests (HBase's CASTableTest): every client works on rows 0..rows, so that clients
 * overlap on the key space, on the qualifier named after the test class.
 */
export function isOverlappingCommand(name: PeTestName): boolean {
  return (
    name === 'increment' ||
    name === 'append' ||
    name === 'checkAndMutate' ||
    name === 'checkAndPut' ||
    name === 'checkAndDelete'
  );
}
