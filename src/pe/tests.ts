// Each PE command's client, by name (HBase's COMMANDS map from name to test class).
import { append, checkAndDelete, checkAndMutate, checkAndPut, increment } from './cas-tests.js';
import type { PeTestName } from './commands.js';
import { randomRead, sequentialRead } from './read-tests.js';
import { filterScan, randomSeekScan, reverseScan, scan, scanRange } from './scan-tests.js';
import type { PeClientFactory } from './test-base.js';
import { randomWrite, sequentialWrite } from './write-tests.js';

export const PE_CLIENTS: Readonly<Record<PeTestName, PeClientFactory>> = {
  sequentialWrite,
  randomWrite,
  sequentialRead,
  randomRead,
  randomSeekScan,
  scan,
  reverseScan,
  scanRange10: scanRange(10),
  scanRange100: scanRange(100),
  scanRange1000: scanRange(1_000),
  scanRange10000: scanRange(10_000),
  filterScan,
  increment,
  append,
  checkAndMutate,
  checkAndPut,
  checkAndDelete,
};
